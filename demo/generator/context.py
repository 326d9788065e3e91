"""What every dataset generator is given: the return's context and its stable random streams."""

import zlib
from dataclasses import dataclass

import numpy as np

from .calendar import _month


def _rng(seed: int, *parts: str) -> np.random.Generator:
    """A generator seeded from the seed and a stable CRC-32 of the parts (never hash())."""
    key = zlib.crc32("|".join(parts).encode("utf-8"))
    return np.random.default_rng([int(seed) % (2**63), key])


def _unit(slug: str, key: str) -> float:
    """A stable number in [0, 1) for a force's fixed characteristics."""
    return zlib.crc32(f"{slug}:{key}".encode()) / 2**32


@dataclass(frozen=True)
class _Context:
    slug: str
    name: str
    population: int
    period: str
    seed: int
    scale: float
    scenario_shift: int = 0  # months by which every scenario starts later than declared

    @property
    def month_index(self) -> int:
        return _month(self.period)[1] - 1
