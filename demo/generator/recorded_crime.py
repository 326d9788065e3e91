"""recorded_crime: notifiable offences by Home Office code, with flags and outcome types.

Each force's mix of offences is its own: its ONS table C2 subgroups (calibration.py), each
split over the subgroup's codes by the national shares in OFFENCES; its share of knife or sharp
instrument offences is its own too (ONS table P4, see knife_share).
"""

from functools import lru_cache

import numpy as np

from metrics.datasets.declarations import OFFENCE_GROUPS

from .calendar import _days_in, _epoch_day, _first_day, _month, format_dates
from .calibration import C2_SUBGROUPS, figures, national, national_subgroups
from .cells import _blank_where, _bools, _ids
from .context import _Context
from .scenarios import scenario_effect
from .seasons import SEASON
from .volumes import NATIONAL_KNIFE_PER_YEAR, NATIONAL_PER_YEAR, _at_least_one, _demand

# fmt: off
# --- recorded_crime: Home Office offence codes, with shares and flag rates -----------------

_VAP, _SEX, _ROB, _THEFT, _CD, _DRUG, _WEAP, _PO, _MISC = OFFENCE_GROUPS
# code, group, share (% of crime; it splits each C2 subgroup over its codes), knife rate
# (scaled per force to its P4 share), domestic abuse rate, child sexual abuse rate, victim:
# "p" a person, "s" a person (sexual offence), "n" no individual victim
OFFENCES = (
    ("1", _VAP, 0.01, 0.35, 0.20, 0.0, "p"),  # murder
    ("5D", _VAP, 0.35, 0.35, 0.25, 0.0, "p"),  # assault with intent to cause serious harm
    ("8N", _VAP, 8.20, 0.022, 0.38, 0.0, "p"),  # assault with injury
    ("105A", _VAP, 10.0, 0.003, 0.32, 0.0, "p"),  # assault without injury
    ("3B", _VAP, 0.45, 0.15, 0.35, 0.0, "p"),  # threats to kill
    ("8L", _VAP, 4.00, 0.0, 0.30, 0.0, "p"),  # harassment
    ("8Q", _VAP, 2.20, 0.0, 0.45, 0.0, "p"),  # stalking
    ("8R", _VAP, 3.50, 0.0, 0.30, 0.0, "p"),  # malicious communications
    ("8U", _VAP, 0.70, 0.0, 1.00, 0.0, "p"),  # controlling or coercive behaviour
    ("11", _VAP, 0.50, 0.0, 0.30, 0.0, "p"),  # cruelty to and neglect of children
    ("19C", _SEX, 0.45, 0.01, 0.35, 0.0, "s"),  # rape of a female aged 16 and over
    ("19D", _SEX, 0.12, 0.0, 0.10, 1.0, "s"),  # rape of a female aged under 16
    ("19E", _SEX, 0.08, 0.0, 0.10, 1.0, "s"),  # rape of a female child under 13
    ("19F", _SEX, 0.03, 0.0, 0.10, 0.0, "s"),  # rape of a male aged 16 and over
    ("19G", _SEX, 0.04, 0.0, 0.05, 1.0, "s"),  # rape of a male aged under 16
    ("20A", _SEX, 0.90, 0.005, 0.10, 0.0, "s"),  # sexual assault on a female aged 13 and over
    ("20B", _SEX, 0.15, 0.0, 0.10, 1.0, "s"),  # sexual assault on a female child under 13
    ("17A", _SEX, 0.12, 0.0, 0.05, 0.3, "s"),  # sexual assault on a male aged 13 and over
    ("22B", _SEX, 0.25, 0.0, 0.05, 1.0, "s"),  # sexual activity involving a child under 16
    ("88A", _SEX, 0.08, 0.0, 0.0, 1.0, "s"),  # sexual grooming
    ("86", _SEX, 0.30, 0.0, 0.0, 0.6, "n"),  # obscene publications, indecent images
    ("34A", _ROB, 0.15, 0.20, 0.0, 0.0, "n"),  # robbery of business property
    ("34B", _ROB, 1.00, 0.20, 0.02, 0.0, "p"),  # robbery of personal property
    ("28E", _THEFT, 2.30, 0.0, 0.04, 0.0, "p"),  # burglary, residential
    ("28F", _THEFT, 0.60, 0.0, 0.04, 0.0, "p"),  # attempted burglary, residential
    ("30C", _THEFT, 1.20, 0.0, 0.0, 0.0, "n"),  # burglary, business and community
    ("45", _THEFT, 3.00, 0.0, 0.0, 0.0, "p"),  # theft from a vehicle
    ("48", _THEFT, 1.60, 0.0, 0.01, 0.0, "p"),  # theft or unauthorised taking of a vehicle
    ("126", _THEFT, 0.60, 0.0, 0.0, 0.0, "p"),  # interfering with a motor vehicle
    ("39", _THEFT, 1.80, 0.0, 0.0, 0.0, "p"),  # theft from the person
    ("44", _THEFT, 1.00, 0.0, 0.0, 0.0, "p"),  # theft of a pedal cycle
    ("46", _THEFT, 6.50, 0.0, 0.0, 0.0, "n"),  # shoplifting
    ("49", _THEFT, 8.00, 0.0, 0.05, 0.0, "p"),  # other theft
    ("56A", _CD, 0.10, 0.0, 0.10, 0.0, "p"),  # arson endangering life
    ("56B", _CD, 0.60, 0.0, 0.05, 0.0, "p"),  # arson not endangering life
    ("58A", _CD, 2.60, 0.0, 0.25, 0.0, "p"),  # criminal damage to a dwelling
    ("58B", _CD, 1.20, 0.0, 0.0, 0.0, "n"),  # criminal damage to another building
    ("58C", _CD, 2.40, 0.0, 0.08, 0.0, "p"),  # criminal damage to a vehicle
    ("58D", _CD, 0.90, 0.0, 0.05, 0.0, "n"),  # other criminal damage
    ("59", _CD, 0.20, 0.0, 0.30, 0.0, "p"),  # threat to commit criminal damage
    ("92A", _DRUG, 0.60, 0.0, 0.0, 0.0, "n"),  # trafficking in controlled drugs
    ("92D", _DRUG, 1.30, 0.0, 0.0, 0.0, "n"),  # possession of cannabis
    ("92E", _DRUG, 0.60, 0.0, 0.0, 0.0, "n"),  # possession of other controlled drugs
    ("10A", _WEAP, 0.02, 0.0, 0.0, 0.0, "n"),  # possession of firearms with intent
    ("10C", _WEAP, 0.35, 0.0, 0.0, 0.0, "n"),  # possession of other weapons
    ("10D", _WEAP, 0.45, 0.0, 0.0, 0.0, "n"),  # possession of article with blade or point
    ("9A", _PO, 8.00, 0.0, 0.08, 0.0, "p"),  # public fear, alarm or distress
    ("9B", _PO, 1.00, 0.0, 0.02, 0.0, "p"),  # racially or religiously aggravated public fear
    ("62A", _PO, 0.05, 0.0, 0.0, 0.0, "n"),  # violent disorder
    ("66", _PO, 0.50, 0.0, 0.0, 0.0, "n"),  # other offences against the state or public order
    ("802", _MISC, 0.30, 0.0, 0.0, 0.0, "n"),  # dangerous driving
    ("81", _MISC, 0.10, 0.0, 0.0, 0.0, "n"),  # other firearms offences
    ("99", _MISC, 1.40, 0.0, 0.05, 0.0, "n"),  # other notifiable offences
)
# Assaults flagged as on a retail worker at work: a share of assaults with and without injury
# that gives about 10,000 a year nationally. There is no national police-recorded series yet
# (the offence of assaulting a retail worker is new), so this is an assumption, well below the
# retailers' own survey counts, which include incidents never reported.
RETAIL_ASSAULT_CODES = ("5D", "8N", "105A")
RETAIL_ASSAULT_SHARE = 0.008
# ONS table C2's subgroups (calibration.C2_SUBGROUPS) and the codes each covers.
C2_SUBGROUP_CODES = {
    "homicide": ("1",),
    "violence_with_injury": ("5D", "8N"),
    "violence_without_injury": ("105A", "3B", "11"),
    "stalking_harassment": ("8L", "8Q", "8R", "8U"),
    "sexual_offences": ("19C", "19D", "19E", "19F", "19G", "20A", "20B", "17A", "22B", "88A",
                        "86"),
    "robbery": ("34A", "34B"),
    "burglary_residential": ("28E", "28F"),
    "burglary_non_residential": ("30C",),
    "vehicle_offences": ("45", "48", "126"),
    "theft_from_person": ("39",),
    "bicycle_theft": ("44",),
    "shoplifting": ("46",),
    "other_theft": ("49",),
    "criminal_damage_arson": ("56A", "56B", "58A", "58B", "58C", "58D", "59"),
    "drug_offences": ("92A", "92D", "92E"),
    "weapons_possession": ("10A", "10C", "10D"),
    "public_order": ("9A", "9B", "62A", "66"),
    "miscellaneous": ("802", "81", "99"),
}
FEMALE_SHARE = {_VAP: 0.50, _SEX: 0.87, _ROB: 0.30, _THEFT: 0.45, _CD: 0.45, _PO: 0.50}
OFFENCE_SEASON = {_VAP: "violence", _SEX: "violence", _PO: "violence"}

# Home Office outcome types: index 0 is "open" (blank), 1..22 the types. Base weights, then
# multipliers by offence group (and shoplifting) to give each its own pattern.
_OUTCOME_BASE = np.array([
    40.0,  # open
    6.8, 0.2, 0.8, 0.1, 0.02, 0.2, 0.3, 2.0, 0.1, 0.4, 0.1,  # 1-11
    0.05, 0.05, 8.0, 4.0, 9.0, 0.2, 22.0, 0.0, 1.2, 1.5, 0.4,  # 12-22
])
_OUTCOME_MULTIPLIERS = {
    _VAP: {18: 0.3, 14: 1.8, 16: 1.6, 1: 0.85},
    _SEX: {0: 1.5, 1: 0.5, 18: 0.15, 14: 2.0, 16: 1.5},
    _ROB: {1: 1.1, 18: 1.6},
    _THEFT: {18: 1.9, 14: 0.5, 16: 0.4, 1: 0.6},
    _CD: {18: 1.7, 1: 0.6},
    _DRUG: {1: 3.0, 7: 20.0, 8: 4.0, 3: 3.0, 18: 0.05, 14: 0.05, 16: 0.05},
    _WEAP: {1: 5.0, 18: 0.1, 14: 0.2},
    _PO: {18: 0.8, 14: 1.4},
    _MISC: {1: 2.0},
    "46": {1: 2.5, 18: 0.9},  # shoplifting: often caught in the act
}
EXTRACT_DAYS_AFTER_MONTH = 14  # outcomes known when the return is extracted
# fmt: on


@lru_cache(maxsize=1)
def _offence_arrays() -> dict:
    codes, groups, shares, knife, da, csa, victim = zip(*OFFENCES, strict=True)
    shares_a = np.array(shares) / sum(shares)
    outcome_p = []
    for code, group in zip(codes, groups, strict=True):
        weights = _OUTCOME_BASE.copy()
        for key in (group, code):
            for outcome, factor in _OUTCOME_MULTIPLIERS.get(key, {}).items():
                weights[outcome] *= factor
        outcome_p.append(weights / weights.sum())
    subgroup_rows = {
        subgroup: np.array([codes.index(c) for c in C2_SUBGROUP_CODES[subgroup]])
        for subgroup in C2_SUBGROUPS
    }
    assert sorted(np.concatenate(list(subgroup_rows.values()))) == list(range(len(codes)))
    return {
        "codes": np.array(codes, dtype=object),
        "groups": np.array(groups, dtype=object),
        "shares": shares_a,
        "subgroup_rows": subgroup_rows,
        "knife": np.array(knife),
        "da": np.array(da),
        "csa": np.array(csa),
        "victim": np.array(victim),
        "female": np.array([FEMALE_SHARE.get(g, 0.5) for g in groups]),
        "season": np.array([SEASON[OFFENCE_SEASON.get(g, "crime")] for g in groups]),
        "outcome_p": np.array(outcome_p),
    }


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@lru_cache(maxsize=128)
def offence_shares(slug: str) -> np.ndarray:
    """The force's share of each offence of OFFENCES (in that order, summing to 1) in a year:
    its own C2 subgroups (the national ones for a force not in calibration.csv), each split over
    the subgroup's codes by their national shares in OFFENCES."""
    o = _offence_arrays()
    force = figures(slug)
    counts = force.subgroups if force is not None else national_subgroups()
    shares = np.zeros(len(OFFENCES))
    for count, subgroup in zip(counts, C2_SUBGROUPS, strict=True):
        rows = o["subgroup_rows"][subgroup]
        shares[rows] = count * o["shares"][rows] / o["shares"][rows].sum()
    return _read_only(shares / shares.sum())


def offence_group_shares(slug: str) -> dict[str, float]:
    """The force's share of recorded crime in each offence group (OFFENCE_GROUPS), a year."""
    shares, groups = offence_shares(slug), _offence_arrays()["groups"]
    return {g: float(shares[groups == g].sum()) for g in OFFENCE_GROUPS}


def knife_share(slug: str) -> float:
    """The share of the force's recorded crime flagged knife or sharp instrument: its share of
    the offences in ONS table P4, times ~50,500 a year nationally, over its recorded crime (the
    national share for a force not in calibration.csv). Before any scenario."""
    force = figures(slug)
    if force is None:
        return NATIONAL_KNIFE_PER_YEAR / NATIONAL_PER_YEAR["recorded_crime"]
    knife_a_year = NATIONAL_KNIFE_PER_YEAR * force.knife_offences / national("knife_offences")
    return knife_a_year / force.recorded_crime


@lru_cache(maxsize=128)
def _knife_rates(slug: str) -> np.ndarray:
    """Each offence's chance of the knife flag for the force, so that its mix of offences gives
    knife_share(slug)."""
    rates = _offence_arrays()["knife"]
    return _read_only(rates * knife_share(slug) / float(offence_shares(slug) @ rates))


def offence_means(slug: str, population: int | None, period: str, scale: float = 1.0):
    """Expected offences of each code of OFFENCES in the force's return for the month."""
    season = _offence_arrays()["season"][:, _month(period)[1] - 1]
    return (
        _demand("recorded_crime", slug, population, period, scale) * offence_shares(slug) * season
    )


def _gen_recorded_crime(ctx: _Context, rng: np.random.Generator) -> dict:
    o = _offence_arrays()
    means = offence_means(ctx.slug, ctx.population, ctx.period, ctx.scale)
    counts = _at_least_one(rng.poisson(means), rng)
    offence = np.repeat(np.arange(counts.size), counts)
    n = offence.size
    days = _days_in(ctx.period)
    day = np.sort(rng.integers(0, days, n))
    offence = offence[rng.permutation(n)]
    knife_factor = 1 + scenario_effect(
        ctx.slug, "recorded_crime", "knife_crime_rate", ctx.period, ctx.scenario_shift
    )
    knife = rng.random(n) < np.minimum(_knife_rates(ctx.slug)[offence] * knife_factor, 1.0)
    domestic = rng.random(n) < o["da"][offence]
    csa = rng.random(n) < o["csa"][offence]
    female_p = np.where(domestic, 0.75, o["female"][offence])
    u = rng.random(n)
    sex = np.where(rng.random(n) < female_p, "female", "male").astype(object)
    sex[u < 0.003] = "other"
    sex[(u >= 0.003) & (u < 0.03)] = "unknown"
    sex[o["victim"][offence] == "n"] = ""
    # Outcomes: sampled per offence from its distribution; dated a few days to weeks on.
    cumulative = np.cumulative_sum(o["outcome_p"], axis=1)
    draws = rng.random(n)
    outcome = (draws[:, None] > cumulative[offence]).sum(axis=1)
    outcome = np.minimum(outcome, 22)
    delay = np.floor(rng.exponential(np.where(outcome == 1, 10.0, 6.0))).astype(np.int64)
    first = _epoch_day(_first_day(ctx.period))
    extract = first + days - 1 + EXTRACT_DAYS_AFTER_MONTH
    recorded = first + day
    outcome_day = np.minimum(recorded + delay, extract)
    is_open = outcome == 0
    year, month = _month(ctx.period)
    # Drawn last, so that every other column is as it was before the flag.
    retail = np.isin(o["codes"][offence], RETAIL_ASSAULT_CODES) & (
        rng.random(n) < RETAIL_ASSAULT_SHARE
    )
    return {
        "force": np.full(n, ctx.slug, dtype=object),
        "crime_ref": _ids(f"CR{year:04d}{month:02d}-", rng.permutation(n) + 1, 7),
        "recorded_date": format_dates(recorded),
        "offence_code": o["codes"][offence],
        "offence_group": o["groups"][offence],
        "knife_or_sharp_instrument": _bools(knife),
        "domestic_abuse": _bools(domestic),
        "child_sexual_abuse": _bools(csa),
        "victim_sex": sex,
        "outcome_type": _blank_where(outcome.astype(str), is_open),
        "outcome_date": _blank_where(format_dates(outcome_day), is_open),
        "retail_worker_assault": _bools(retail),
    }
