"""What a force's return is expected to hold in a month, without generating it: the same
calibrated volumes, mixes, trend and seasonality the generators draw from (before random noise
and the built-in scenarios)."""

from .calendar import _month
from .calibration import figures
from .neighbourhood import neighbourhoods, queries_a_month
from .people import new_a_month
from .recorded_crime import offence_means
from .seasons import SEASON
from .stop_and_search import expected_searches
from .street_crime import street_means
from .surveys import respondents
from .use_of_force import yearly_incidents
from .volumes import _demand, _population, officers_fte

EXPECTED = {
    "street_crime": "street-level rows, crimes and anti-social behaviour",
    "recorded_crime": "notifiable offences recorded",
    "emergency_calls": "999 calls",
    "incident_response": "incidents",
    "workforce": "police officers, FTE",
    "misconduct_cases": "new misconduct cases",
    "vetting_decisions": "vetting applications received",
    "stop_and_search": "stop and searches",
    "neighbourhood_queries": "queries to neighbourhood teams",
    "neighbourhood_coverage": "neighbourhoods",
    "use_of_force": "use of force incidents",
    "confidence_surveys": "public confidence survey respondents in the quarter",
}


def expected_monthly(
    dataset: str, slug: str, period: str, *, population: int | None = None, scale: float = 1.0
) -> float:
    """The force's expected monthly figure of a dataset (what EXPECTED says it counts).

    A force of calibration.csv needs no population; any other force is given the national rate
    per resident times `population`. `scale` is the generator's (1.0 but in tests)."""
    if dataset == "street_crime":
        return float(street_means(slug, population, period, scale)[1].sum())
    if dataset == "recorded_crime":
        return float(offence_means(slug, population, period, scale).sum())
    if dataset in ("emergency_calls", "incident_response"):
        season = float(SEASON["calls"][_month(period)[1] - 1])
        return _demand(dataset, slug, population, period, scale) * season
    if dataset == "stop_and_search":
        return expected_searches(slug, population, period, scale)
    if dataset == "workforce":
        return officers_fte(slug, population, period)
    if dataset in ("misconduct_cases", "vetting_decisions"):
        return new_a_month(dataset, slug, population, period)
    if dataset in ("neighbourhood_queries", "neighbourhood_coverage"):
        if dataset == "neighbourhood_coverage":
            return float(neighbourhoods(slug, population))
        return queries_a_month(slug, population, period) * scale
    if dataset in ("use_of_force", "confidence_surveys"):
        known = figures(slug)
        population = known.population if known else _population(slug, population)
        if dataset == "confidence_surveys":
            return float(respondents(population, "public_confidence"))
        season = float(SEASON["violence"][_month(period)[1] - 1])
        return yearly_incidents(slug, population)[0] / 12 * season
    raise ValueError(f"unknown dataset {dataset!r}; known: {', '.join(EXPECTED)}")
