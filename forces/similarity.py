"""Most similar forces: nearest neighbours on standardised reference variables."""

from __future__ import annotations

import operator
from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd


def similar_groups(
    features: pd.DataFrame, *, size: int = 7, weights: Mapping[str, float] | None = None
) -> dict[Hashable, list[Hashable]]:
    """Each row's ``size`` nearest other rows by Euclidean distance on z-scored columns.

    Columns are standardised to mean 0 and (population) standard deviation 1 - a constant
    column counts for nothing - then each squared difference is multiplied by the column's
    weight (``weights`` maps column name to a weight >= 0; unnamed columns weigh 1). Neighbours
    are listed nearest first; ties (distances equal to 12 decimals) go to the row earlier in
    ``features``. With fewer than ``size`` other rows, every other row is returned.
    """
    if isinstance(size, bool) or operator.index(size) < 1:
        raise ValueError("size must be a positive integer")
    if not features.index.is_unique:
        raise ValueError("features' index must be unique")
    data = features.astype(float)
    if not np.isfinite(data.to_numpy()).all():
        raise ValueError("features contain NaN or infinite values")
    spread = data.std(ddof=0).replace(0.0, 1.0)
    scaled = ((data - data.mean()) / spread).to_numpy() * np.sqrt(_weights(weights, data.columns))
    diff = scaled[:, None, :] - scaled[None, :, :]
    # Rounding makes ties that differ only by floating-point noise exact ties.
    distance = np.sqrt((diff**2).sum(axis=2)).round(12)
    np.fill_diagonal(distance, np.inf)
    labels = list(features.index)
    take = min(size, len(labels) - 1)
    return {
        label: [labels[j] for j in np.argsort(row, kind="stable")[:take]]
        for label, row in zip(labels, distance, strict=True)
    }


def _weights(weights: Mapping[str, float] | None, columns: pd.Index) -> np.ndarray:
    weights = dict(weights or {})
    if unknown := set(weights) - set(columns):
        raise ValueError(f"weights name unknown columns: {sorted(map(str, unknown))}")
    values = np.array([float(weights.get(column, 1.0)) for column in columns])
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError("weights must be finite and >= 0")
    return values
