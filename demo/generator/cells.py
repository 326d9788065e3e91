"""Helpers that render arrays of values as CSV cells."""

import numpy as np


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.strings.add(prefix, np.strings.zfill(np.asarray(numbers).astype(str), width))


def _blank_where(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
    out = values.astype(object)
    out[blank] = ""
    return out


def _bools(mask: np.ndarray) -> np.ndarray:
    return np.where(mask, "true", "false")
