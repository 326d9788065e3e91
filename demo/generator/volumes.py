"""Volumes: each force's yearly magnitudes, calibrated on published figures
(calibration.py), and their gentle trend from month to month.

A force in calibration.csv gets its own published figures whatever population its caller
passes; a force that is not there (a test's invented force) gets the national rate per resident
times the population it is given.
"""

import numpy as np

from .calendar import _days_in, months_between
from .calibration import calibration, figures, national
from .context import _unit

# --- National magnitudes ---------------------------------------------------------------------

POPULATION_YEAR = 2024  # the populations volumes are calibrated on: ONS mid-2024
NATIONAL_POPULATION = int(national("population"))  # England and Wales, mid-2024
NATIONAL_OFFICERS_FTE = 147_000  # March 2024; shared as the forces' September 2019 strength
NATIONAL_KNIFE_PER_YEAR = 50_500  # shared as the forces' knife offences in ONS table P4
NATIONAL_PER_YEAR = {
    "recorded_crime": int(national("recorded_crime")),  # ONS table C2, year ending June 2025
    "emergency_calls": 10_000_000,  # 999 calls, shared by population times DEMAND_FACTOR
    "incident_response": 10_000_000,  # incidents, shared the same way
}
MISCONDUCT_PER_1000_OFFICERS = 1.25  # new cases a month: 10 to 20 a year by force
VETTING_PER_1000_OFFICERS = 40.0  # applications a month
DAYS_PER_YEAR = 365.25
# `scale` multiplies the records of the large datasets (tests only; the demo and the
# benchmarks run at 1.0); workforce (8 rows), misconduct_cases and vetting_decisions (at most a
# few thousand rows) and neighbourhood_coverage (a row a neighbourhood) are always full size.
SCALED_DATASETS = frozenset(
    {
        "street_crime",
        "recorded_crime",
        "emergency_calls",
        "incident_response",
        "stop_and_search",
        "neighbourhood_queries",
    }
)

# 999 calls and incidents per resident, relative to the rest: the City of London's daytime
# population (its residents are few), the capital's visitors and commuters.
DEMAND_FACTOR = {"city-of-london": 11.0, "metropolitan": 1.3}

# The month the published figures describe, from which each force's trend runs: the middle of
# table C2's year (July 2024 to June 2025), and March 2024 for officers.
TREND_ANCHOR = "2025-01"
OFFICERS_ANCHOR = "2024-03"
# A gentle trend, a year: (national, spread), each force at national +/- spread.
TREND = {
    "crime": (-0.01, 0.02),  # recorded crime and anti-social behaviour
    "calls": (0.02, 0.02),  # 999 calls and incidents
    "officers": (0.005, 0.005),
}


def population_share(population: int) -> float:
    return population / NATIONAL_POPULATION


def _kind(code: str) -> str:
    return "calls" if code in ("emergency_calls", "incident_response") else "crime"


def trend(kind: str, slug: str, period: str, anchor: str = TREND_ANCHOR) -> float:
    """The force's multiplier on its published level in a month: a steady yearly change
    between national - spread and national + spread, 1.0 at the anchor month."""
    national_rate, spread = TREND[kind]
    rate = national_rate + spread * (2 * _unit(slug, f"trend-{kind}") - 1)
    years = float(np.clip(months_between(anchor, period) / 12, -10, 10))
    return (1 + rate) ** years


def _demand_weight(slug: str, population: int) -> float:
    return population * DEMAND_FACTOR.get(slug, 1.0)


_DEMAND_TOTAL = sum(_demand_weight(f.slug, f.population) for f in calibration().values())


def _population(slug: str, population: int | None) -> int:
    if population is None:
        raise ValueError(f"{slug!r} is not in calibration.csv: give its population")
    return int(population)


def yearly(code: str, slug: str, population: int | None = None) -> float:
    """The force's published yearly volume (recorded_crime, emergency_calls or
    incident_response), at the anchor month, before trend and seasonality."""
    force = figures(slug)
    if code == "recorded_crime":
        if force is not None:
            return float(force.recorded_crime)
        return NATIONAL_PER_YEAR[code] * population_share(_population(slug, population))
    if code in ("emergency_calls", "incident_response"):
        if force is not None:
            population = force.population
        weight = _demand_weight(slug, _population(slug, population))
        return NATIONAL_PER_YEAR[code] * weight / _DEMAND_TOTAL
    raise ValueError(f"no yearly volume for {code!r}")


def _demand(code: str, slug: str, population: int | None, period: str, scale: float) -> float:
    """Expected rows a month before seasonality: the force's published yearly volume, for the
    month's days, on its trend."""
    return (
        yearly(code, slug, population)
        / DAYS_PER_YEAR
        * _days_in(period)
        * trend(_kind(code), slug, period)
        * scale
    )


def officers_fte(slug: str, population: int | None, period: str) -> float:
    """The force's officer strength (FTE) in a month: its share of the forces' published
    strength, times ~147,000, on a gentle trend from March 2024."""
    force = figures(slug)
    if force is not None:
        share = force.officers_fte / national("officers_fte")
    else:
        share = population_share(_population(slug, population))
    return NATIONAL_OFFICERS_FTE * share * trend("officers", slug, period, OFFICERS_ANCHOR)


def _at_least_one(counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An empty return is rejected, so every generated return has at least one row."""
    if counts.sum() == 0:
        counts = counts.copy()
        counts[int(np.argmax(rng.random(counts.size)))] = 1
    return counts
