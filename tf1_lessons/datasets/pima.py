"""Pima Indians Diabetes (UCI): 768 patients, 8 numeric features, a 0/1 diabetes label."""

from __future__ import annotations

import io

import numpy as np

from ._files import PIMA, DataError, locate, read_payload, verify_payload

FILE = "pima-indians-diabetes.data.csv"
FEATURES = [
    "pregnancies", "glucose", "blood_pressure", "skin_thickness",
    "insulin", "bmi", "diabetes_pedigree", "age",
]  # fmt: skip


def load_data(path=None, *, download: bool = True, verify: bool = True):
    """``(features, labels)``: float64 array (768, 8) and int64 array (768,) of 0/1."""
    folder = locate(PIMA, path, download=download)
    csv = folder / FILE
    payload = read_payload(csv)
    if verify:
        verify_payload(csv, payload, PIMA.files[FILE])
    try:
        table = np.loadtxt(io.BytesIO(payload), delimiter=",", ndmin=2)
    except ValueError as exc:
        raise DataError(f"{csv}: not a numeric CSV ({exc}). Replace it with the UCI file.") from exc
    if table.shape[1] != len(FEATURES) + 1:
        raise DataError(
            f"{csv}: expected {len(FEATURES) + 1} columns (8 features + class), found {table.shape[1]}. "
            "Replace it with the UCI file."
        )
    return table[:, :-1], table[:, -1].astype(np.int64)
