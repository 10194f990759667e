"""Atomic file writes that never replace a file of the user's.

A reader sees the old file or the new one, never half of one. And a file that is already there
is replaced only when it is one of ours (a curve, a golden, a notebook or a picture that
tf1-lessons wrote, told by its content, see :func:`ours`) or when the user asked for
overwriting (``--overwrite``, :func:`overwriting`). Anything else, a user's script or notebook
named by mistake as an output, stops the write with :class:`NotOurs` before a byte changes.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import tempfile
from pathlib import Path

#: Written into the pictures we save (PNG text chunk, SVG metadata) and the notebooks we write,
#: so that a later run can tell them from a user's file of the same name.
MARK = "tf1-lessons"
#: Files of a ``--against-tf1 --out`` folder: raw captured output, which has room for no mark.
_OUR_NAMES = {"tf1.stdout", "tf1.stderr", "exec.stdout", "exec.stderr", "tf1.seeds", "exec.seeds", "machine.json"}
_overwrite = contextvars.ContextVar("tf1_lessons_overwrite", default=False)


class NotOurs(OSError):
    """A write would replace a file tf1-lessons did not write; nothing was changed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        super().__init__(f"{not_ours(self.path)}; it was left as it is")


def not_ours(path: Path) -> str:
    """'PATH exists and is not a file tf1-lessons wrote (a notebook)': how every refusal says it."""
    looks = describe(Path(path))
    return f"{path} exists and is not a file tf1-lessons wrote" + (f" ({looks})" if looks else "")


@contextlib.contextmanager
def overwriting(allowed: bool = True):
    """Within the block, a write may replace any file (the user's ``--overwrite``)."""
    token = _overwrite.set(bool(allowed))
    try:
        yield
    finally:
        _overwrite.reset(token)


def describe(path: Path) -> str:
    """What the file at ``path`` looks like, in a few words ("a Python script"), or "" when unknown."""
    kinds = {
        ".py": "a Python script",
        ".ipynb": "a notebook",
        ".json": "JSON",
        ".png": "a picture",
        ".svg": "a picture",
    }
    return kinds.get(path.suffix.lower(), "")


def ours(path: str | os.PathLike) -> bool:
    """True when ``path`` holds something tf1-lessons wrote: a learning curve, a golden or curve
    set, a notebook carrying our metadata, a picture carrying our mark, or an output of a name
    only we use. Told by content (a renamed curve is still ours; a script named curve.json is not)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.name in _OUR_NAMES:
        return True
    try:
        if suffix in (".png", ".svg"):
            with open(path, "rb") as f:
                return MARK.encode() in f.read(16384)
        if suffix == ".npz":  # our arrays carry the mark as the archive's comment
            import zipfile

            with zipfile.ZipFile(path) as archive:
                return archive.comment == MARK.encode()
        if suffix not in (".json", ".ipynb") or path.stat().st_size > 256 * 2**20:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, EOFError):
        return False
    if not isinstance(data, dict):
        return False
    if suffix == ".ipynb":
        return isinstance(data.get("metadata"), dict) and "tf1_lessons" in data["metadata"]
    # A learning curve (rows and columns), a golden or a variant's curve set (curves, envelope).
    return data.get("format") in (1, 2) and ({"columns", "rows"} <= set(data) or "curves" in data)


def may_replace(path: str | os.PathLike) -> bool:
    """Whether a write to ``path`` is allowed: nothing there, a file of ours, or --overwrite given."""
    path = Path(path)
    return not path.exists() or path.is_dir() or _overwrite.get() or ours(path)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path beside ``path``; on success move it into place, else remove it.

    The temporary file lives in the destination folder so the final ``os.replace`` is a
    rename on one file system, which POSIX and Windows both make atomic.
    """
    path = Path(path)
    if not may_replace(path):
        raise NotOurs(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part" + path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp creates 0600; give the file the mode a plain open() would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_npz(path: str | os.PathLike, **arrays) -> None:
    """NumPy's ``.npz`` of ``arrays``, marked as ours (the archive's comment), written atomically."""
    import zipfile

    import numpy as np

    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
        with zipfile.ZipFile(tmp, "a") as archive:
            archive.comment = MARK.encode()


def dumps(obj, indent: int = 1, _level: int = 0) -> str:
    """JSON like ``json.dumps(obj, indent=1)``, except a list of scalars stays on one line.

    Learning curves are stored one row per step, which keeps the files short and their diffs
    readable (a changed step is a changed line).
    """
    pad, end = " " * indent * (_level + 1), " " * indent * _level
    if isinstance(obj, dict) and obj:
        items = [f"{pad}{json.dumps(str(k))}: {dumps(v, indent, _level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(obj, list) and any(isinstance(v, (list, dict)) for v in obj):
        return "[\n" + ",\n".join(pad + dumps(v, indent, _level + 1) for v in obj) + "\n" + end + "]"
    return json.dumps(obj)


def picture_metadata(fmt: str) -> dict:
    """``savefig(metadata=...)`` that marks a picture as ours (PNG: a text chunk; SVG: its creator)."""
    return {"Creator": MARK} if fmt == "svg" else {"Software": MARK}


def mark_png(data: bytes) -> bytes:
    """A PNG made elsewhere (a notebook's inline figure) with our mark added as a text chunk
    after its header chunk; the image is unchanged."""
    import struct
    import zlib

    header_end = 8 + 4 + 4 + 13 + 4  # the signature, then IHDR: length, type, 13 bytes, CRC
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return data
    body = b"tEXt" + b"Software\x00" + MARK.encode()
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    return data[:header_end] + chunk + data[header_end:]
