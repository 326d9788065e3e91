"""Volumes: national magnitudes and each force's share of them (demand and officers)."""

import numpy as np

from .calendar import _days_in, months_between
from .context import _unit

# --- National magnitudes ---------------------------------------------------------------------

# Volumes are calibrated on the populations of this year: England and Wales, ONS mid-2011.
POPULATION_YEAR = 2011
NATIONAL_POPULATION = 56_170_927
NATIONAL_OFFICERS_FTE = 147_000  # March 2024
NATIONAL_PER_YEAR = {
    "street_crime": 6_500_000,  # data.police.uk rows, including anti-social behaviour
    "recorded_crime": 6_600_000,  # police recorded crime excluding fraud
    "emergency_calls": 9_500_000,
    "incident_response": 10_000_000,
}
MISCONDUCT_PER_1000_OFFICERS = 2.5  # new cases a month
VETTING_PER_1000_OFFICERS = 40.0  # applications a month
DAYS_PER_YEAR = 365.25
# `scale` multiplies the records of the four large datasets; workforce (8 rows),
# misconduct_cases and vetting_decisions (at most a few thousand rows) are always full size.
SCALED_DATASETS = frozenset(
    {"street_crime", "recorded_crime", "emergency_calls", "incident_response"}
)

# Forces whose demand or strength is far from their resident population's share.
DEMAND_FACTOR = {"city-of-london": 11.0}  # daytime population: street crime ~800 rows a month
OFFICER_FACTOR = {"metropolitan": 1.58, "city-of-london": 45.0}  # ~34,000 and ~900 officers
OTHER_OFFICER_FACTOR = 0.9  # the rest, so that the national total stays ~147,000


def population_share(population: int) -> float:
    return population / NATIONAL_POPULATION


def _demand(code: str, slug: str, population: int, period: str, scale: float) -> float:
    """Expected rows a month before seasonality: the force's share of the national figure."""
    level = 0.9 + 0.2 * _unit(
        slug, "calls" if code in ("emergency_calls", "incident_response") else "crime"
    )
    per_day = NATIONAL_PER_YEAR[code] / DAYS_PER_YEAR
    return (
        per_day
        * _days_in(period)
        * population_share(population)
        * DEMAND_FACTOR.get(slug, 1.0)
        * level
        * scale
    )


def officers_fte(slug: str, population: int, period: str) -> float:
    """The force's officer strength (FTE) in a month: its share of ~147,000, slowly growing."""
    factor = OFFICER_FACTOR.get(slug, OTHER_OFFICER_FACTOR)
    level = 0.95 + 0.1 * _unit(slug, "officers")
    growth = 1 + 0.0015 * months_between("2024-01", period)
    return NATIONAL_OFFICERS_FTE * population_share(population) * factor * level * growth


def _at_least_one(counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An empty return is rejected, so every generated return has at least one row."""
    if counts.sum() == 0:
        counts = counts.copy()
        counts[int(np.argmax(rng.random(counts.size)))] = 1
    return counts
