"""confidence_surveys: each force's quarterly survey results, public confidence in the local
police and victim satisfaction with the service, as a weighted share and the unweighted
number of respondents.

Calibrated on published magnitudes: the Crime Survey for England and Wales (ONS, year ending
March 2025) puts confidence in the local police ("doing a good or excellent job", and "the
police in this area can be relied on") at about two-thirds of adults, falling by about a point
a year since 2020; forces' own victim satisfaction surveys report 65-75% satisfied with the
whole experience. Each force sits a stable few points off the national level. Respondents in
a quarter grow with the force's size, about 300 (City of London) to 1,500 (the largest), as
forces' CSEW and local samples do; the weighted share is a binomial draw of them, moved a
little by weighting.
"""

import numpy as np

from metrics.datasets.declarations import SURVEY_MEASURES

from .calendar import months_between
from .context import _Context, _unit

# Measure: (national share at the anchor quarter, yearly change, force spread +/-).
LEVELS = {
    "public_confidence": (0.67, -0.01, 0.06),
    "victim_satisfaction": (0.70, -0.005, 0.05),
}
ANCHOR = "2024-10"  # the middle of the CSEW's year ending March 2025
RESPONDENTS = (300, 1500)
RESPONDENTS_PER_RESIDENT = 1 / 3000  # above the smallest sample
VICTIM_SAMPLE = 0.8  # victims surveyed, as a share of the confidence sample


def respondents(population: int, measure: str) -> int:
    low, high = RESPONDENTS
    n = low + population * RESPONDENTS_PER_RESIDENT
    n *= VICTIM_SAMPLE if measure == "victim_satisfaction" else 1.0
    return int(round(float(np.clip(n, low, high))))


def expected_share(slug: str, measure: str, period: str) -> float:
    level, yearly, spread = LEVELS[measure]
    offset = spread * (2 * _unit(slug, f"survey-{measure}") - 1)
    years = months_between(ANCHOR, period) / 12
    return float(np.clip(level + offset + yearly * years, 0.05, 0.95))


def _gen_confidence_surveys(ctx: _Context, rng: np.random.Generator) -> dict:
    shares, counts = [], []
    for measure in SURVEY_MEASURES:
        n = respondents(ctx.population, measure)
        agreeing = rng.binomial(n, expected_share(ctx.slug, measure, ctx.period))
        weighted = agreeing / n + rng.normal(0, 0.01)  # weighting moves it a little
        shares.append(round(float(np.clip(weighted, 0, 1)) * 100, 1))
        counts.append(n)
    return {
        "force": [ctx.slug] * len(SURVEY_MEASURES),
        "month": [ctx.period] * len(SURVEY_MEASURES),
        "measure": list(SURVEY_MEASURES),
        "weighted_share": shares,
        "respondents": counts,
    }
