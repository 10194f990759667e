"""The IDX file format of MNIST and Fashion-MNIST.

An IDX file is a 4-byte magic number ``0x00 0x00 <type> <ndim>``, then ``ndim`` big-endian
uint32 sizes, then the data. MNIST uses type 0x08 (unsigned byte): ``ndim=3`` for images
(count, rows, cols), ``ndim=1`` for labels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._files import DataError

_UBYTE = 0x08


def parse_idx(path: Path, payload: bytes, ndim: int) -> np.ndarray:
    """The uint8 array stored in ``payload`` (the decompressed contents of ``path``).

    ``ndim`` is what the caller expects (3 for images, 1 for labels); anything else, or a
    payload whose length disagrees with its header, raises :class:`DataError` naming the file.
    """
    expected_magic = (_UBYTE << 8) | ndim  # 2051 for images, 2049 for labels
    kind = {3: "images", 1: "labels"}.get(ndim, f"{ndim}-d")
    if len(payload) < 4:
        raise DataError(f"{path}: only {len(payload)} bytes, too short for an IDX header. {_FIX}")
    magic = int.from_bytes(payload[:4], "big")
    if magic != expected_magic:
        raise DataError(
            f"{path}: IDX magic number is {magic}, expected {expected_magic} for {kind}. "
            f"This is not an MNIST-style {kind} file (swapped image/label file, or not IDX). {_FIX}"
        )
    header = 4 + 4 * ndim
    if len(payload) < header:
        raise DataError(f"{path}: IDX header is cut short ({len(payload)} bytes). {_FIX}")
    shape = tuple(int.from_bytes(payload[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    size = int(np.prod(shape))
    if len(payload) - header != size:
        raise DataError(
            f"{path}: header promises {'x'.join(map(str, shape))} = {size} bytes of data but the "
            f"file holds {len(payload) - header}. The file is truncated or damaged. {_FIX}"
        )
    return np.frombuffer(payload, dtype=np.uint8, offset=header).reshape(shape)


_FIX = "Delete it and run again to download a verified copy, or point TF1_LESSONS_DATA at a folder with good copies."
