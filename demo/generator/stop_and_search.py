"""stop_and_search: data.police.uk stop-and-search rows, in its own CSV layout and values.

Calibrated on published magnitudes:
- volume: 531,000 stop and searches in England and Wales in the year ending March 2024, the
  Metropolitan Police about 40% of them (Home Office, "Police powers and procedures: stop and
  search and arrests, England and Wales, year ending 31 March 2024", tables SS_01 and SS_02);
  the rest shared by population (ONS mid-2024), the City of London by its daytime population
  (volumes.DEMAND_FACTOR), on the recorded-crime trend.
- outcomes: 69% no further action, 14% arrest, then community resolutions, cannabis warnings,
  summonses, penalty notices and cautions; the outcome linked to the object of the search in
  about 28% of the searches where it is recorded (same release, tables SS_11 and SS_12).
- legislation: about six in ten searches under section 23 of the Misuse of Drugs Act 1971, a
  third under section 1 of PACE, about 1% under section 60 (same release, table SS_03).
- ethnicity: by self-defined ethnicity, Black people searched at about 4 times the rate of White
  people and Asian people about 1.5 times, in England and Wales as a whole (same release, table
  SS_08, over the 2011 Census populations); about 15% of searches with no ethnicity stated. Each
  force's mix is its 2011 Census residents by ethnic group (forces.ethnicity) weighted by
  WITHIN_FORCE_RATIO, chosen so that the nation pooled gives those ratios.
- people: nine in ten searched male; ages 10-17 about 16%, 18-24 a third (same release).
"""

from functools import lru_cache

import numpy as np

from forces.ethnicity import GROUPS, group_population

from .calendar import (
    _days_in,
    _epoch_day,
    _first_day,
    _month,
    _wall_to_utc,
    format_datetimes,
)
from .calibration import figures
from .cells import _blank_where
from .context import _Context, _unit
from .geography import force_profile
from .volumes import DAYS_PER_YEAR, DEMAND_FACTOR, NATIONAL_POPULATION, _at_least_one, trend

NATIONAL_SEARCHES_PER_YEAR = 531_000  # year ending March 2024
MET_SHARE = 0.40
# Searches per head of each ethnic group against White people within a force, before each
# force's own spread (FORCE_SPREAD): pooled over the nation, Black people come out at about 4
# times White people and Asian people about 1.5 times (tests/demo hold them to it), since the
# forces that search most hold the most Black and Asian residents.
WITHIN_FORCE_RATIO = {"white": 1.0, "mixed": 1.6, "asian": 1.18, "black": 2.5, "other": 1.2}
FORCE_SPREAD = 0.35  # each force's ratios times a factor between 1 -/+ this
NOT_STATED_SHARE = 0.15  # of person searches, half blank, half "Other ethnic group - Not stated"
OFFICER_DISAGREES = 0.05  # officer-defined group not the self-defined one

TYPES = {"Person search": 0.86, "Person and Vehicle search": 0.12, "Vehicle search": 0.02}
GENDERS = {"Male": 0.90, "Female": 0.095, "Other": 0.005}
AGES = {"under 10": 0.001, "10-17": 0.16, "18-24": 0.33, "25-34": 0.27, "over 34": 0.239}
# The self-defined ethnicities of each group, roughly as the Census splits them.
ETHNICITIES = {
    "white": {
        "White - English/Welsh/Scottish/Northern Irish/British": 0.86,
        "White - Irish": 0.02,
        "White - Gypsy or Irish Traveller": 0.01,
        "White - Any other White background": 0.11,
    },
    "mixed": {
        "Mixed/Multiple ethnic groups - White and Black Caribbean": 0.40,
        "Mixed/Multiple ethnic groups - White and Black African": 0.15,
        "Mixed/Multiple ethnic groups - White and Asian": 0.20,
        "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background": 0.25,
    },
    "asian": {
        "Asian/Asian British - Indian": 0.25,
        "Asian/Asian British - Pakistani": 0.35,
        "Asian/Asian British - Bangladeshi": 0.15,
        "Asian/Asian British - Chinese": 0.03,
        "Asian/Asian British - Any other Asian background": 0.22,
    },
    "black": {
        "Black/African/Caribbean/Black British - African": 0.40,
        "Black/African/Caribbean/Black British - Caribbean": 0.30,
        "Black/African/Caribbean/Black British - Any other Black/African/Caribbean "
        "background": 0.30,
    },
    "other": {
        "Other ethnic group - Arab": 0.30,
        "Other ethnic group - Any other ethnic group": 0.70,
    },
}
OFFICER_GROUP = {
    "white": "White",
    "mixed": "Mixed",
    "asian": "Asian",
    "black": "Black",
    "other": "Other",
}
# Legislation, with the objects searched for under each.
LEGISLATION = {
    "Misuse of Drugs Act 1971 (section 23)": (0.615, {"Controlled drugs": 1.0}),
    "Police and Criminal Evidence Act 1984 (section 1)": (
        0.355,
        {
            "Offensive weapons": 0.42,
            "Stolen goods": 0.30,
            "Article for use in theft": 0.15,
            "Articles for use in criminal damage": 0.08,
            "Fireworks": 0.05,
        },
    ),
    "Criminal Justice and Public Order Act 1994 (section 60)": (
        0.012,
        {"Offensive weapons": 1.0},
    ),
    "Firearms Act 1968 (section 47)": (0.01, {"Firearms": 1.0}),
    "Criminal Justice Act 1988 (section 139B)": (0.003, {"Offensive weapons": 1.0}),
    "Psychoactive Substances Act 2016 (s36(2))": (0.003, {"Psychoactive substances": 1.0}),
    "Terrorism Act 2000 (section 43)": (0.002, {"Evidence of offences under the Act": 1.0}),
}
OUTCOMES = {
    "A no further action disposal": 0.69,
    "Arrest": 0.14,
    "Community resolution": 0.08,
    "Khat or Cannabis warning": 0.045,
    "Summons / charged by post": 0.025,
    "Penalty Notice for Disorder": 0.01,
    "Caution (simple or conditional)": 0.01,
}
# The outcome linked to the object of the search: most outcomes beyond no further action are,
# a few searches that found something still end with none.
LINKED_GIVEN_ACTION = 0.75
LINKED_GIVEN_NONE = 0.06
LINK_BLANK = 0.05
NO_LOCATION_SHARE = 0.2


def yearly_searches(slug: str, population: int) -> float:
    """The force's searches in a year at the anchor month: the Metropolitan Police's 40%, the
    rest shared by population (the City of London's by its daytime population)."""
    if slug == "metropolitan":
        return NATIONAL_SEARCHES_PER_YEAR * MET_SHARE
    force = figures(slug)
    weight = (force.population if force else population) * DEMAND_FACTOR.get(slug, 1.0)
    outside_london = NATIONAL_POPULATION - figures("metropolitan").population
    return NATIONAL_SEARCHES_PER_YEAR * (1 - MET_SHARE) * weight / outside_london


def expected_searches(slug: str, population: int, period: str, scale: float = 1.0) -> float:
    return (
        yearly_searches(slug, population)
        / DAYS_PER_YEAR
        * _days_in(period)
        * trend("crime", slug, period)
        * scale
    )


@lru_cache(maxsize=128)
def group_mix(slug: str) -> dict[str, float]:
    """The force's searches of people by ethnic group (shares summing to 1): its residents of
    each group at the 2011 Census weighted by the within-force ratio, with the force's spread.
    A force the Census file does not hold gets England and Wales' mix."""
    populations = {g: group_population(slug, g) for g in GROUPS}
    if None in populations.values():
        populations = {"white": 86.0, "mixed": 2.2, "asian": 7.5, "black": 3.3, "other": 1.0}
    spread = 1 + FORCE_SPREAD * (2 * _unit(slug, "stop-search-ratio") - 1)
    weights = {
        g: populations[g] * (1 if g == "white" else WITHIN_FORCE_RATIO[g] * spread) for g in GROUPS
    }
    total = sum(weights.values())
    return {g: w / total for g, w in weights.items()}


def _pick(rng: np.random.Generator, mix: dict, n: int) -> np.ndarray:
    labels = np.array(list(mix), dtype=object)
    p = np.array(list(mix.values()), dtype=float)
    return labels[rng.choice(labels.size, size=n, p=p / p.sum())]


def _dates(rng: np.random.Generator, period: str, n: int) -> np.ndarray:
    """Local times in the month, to the minute, with the offset London had at each."""
    year, _ = _month(period)
    start = _epoch_day(_first_day(period)) * 86_400
    wall = start + np.sort(rng.integers(0, _days_in(period) * 1440, n)) * 60
    return format_datetimes(_wall_to_utc(wall, year)).astype(object)


def _booleans(rng, n: int, true: float, blank: float) -> np.ndarray:
    draw = rng.random(n)
    return np.where(draw < blank, "", np.where(draw < blank + true, "True", "False")).astype(object)


def stop_and_search_columns(rng: np.random.Generator, n: int, *, slug: str, name: str, period: str):
    """n searches of the force in the month, as {field: CSV cells}."""
    kind = _pick(rng, TYPES, n)
    person = kind != "Vehicle search"
    groups = _pick(rng, group_mix(slug), n)
    ethnicity = np.empty(n, dtype=object)
    for group, mix in ETHNICITIES.items():
        rows = np.flatnonzero(groups == group)
        ethnicity[rows] = _pick(rng, mix, rows.size)
    officer = np.array([OFFICER_GROUP[g] for g in groups], dtype=object)
    disagrees = rng.random(n) < OFFICER_DISAGREES
    officer[disagrees] = _pick(
        rng, {"White": 0.5, "Mixed": 0.2, "Asian": 0.15, "Other": 0.15}, int(disagrees.sum())
    )
    not_stated = rng.random(n) < NOT_STATED_SHARE
    ethnicity[not_stated] = np.where(
        rng.random(int(not_stated.sum())) < 0.5, "", "Other ethnic group - Not stated"
    )
    acts = list(LEGISLATION)
    act = _pick(rng, {a: LEGISLATION[a][0] for a in acts}, n)
    objects = np.empty(n, dtype=object)
    for a in acts:
        rows = np.flatnonzero(act == a)
        objects[rows] = _pick(rng, LEGISLATION[a][1], rows.size)
    outcome = _pick(rng, OUTCOMES, n)
    action = outcome != "A no further action disposal"
    linked = rng.random(n) < np.where(action, LINKED_GIVEN_ACTION, LINKED_GIVEN_NONE)
    outcome_linked = np.where(linked, "True", "False").astype(object)
    outcome_linked[rng.random(n) < LINK_BLANK] = ""
    profile = force_profile(slug, name)
    no_location = rng.random(n) < NO_LOCATION_SHARE
    latitude = np.clip(profile.lat + rng.normal(0, profile.lat_sd, n), 49.95, 55.79)
    longitude = np.clip(profile.lon + rng.normal(0, profile.lon_sd, n), -6.3, 1.75)
    in_operation = _booleans(rng, n, 0.05, 0.5)
    return {
        "type": kind,
        "date": _dates(rng, period, n),
        "part_of_operation": in_operation,
        "policing_operation": np.full(n, "", dtype=object),
        "latitude": _blank_where(
            np.array([f"{v:.6f}" for v in latitude], dtype=object), no_location
        ),
        "longitude": _blank_where(
            np.array([f"{v:.6f}" for v in longitude], dtype=object), no_location
        ),
        "gender": _blank_where(_pick(rng, GENDERS, n), ~person),
        "age_range": _blank_where(_pick(rng, AGES, n), ~person),
        "self_defined_ethnicity": _blank_where(ethnicity, ~person),
        "officer_defined_ethnicity": _blank_where(officer, ~person),
        "legislation": act,
        "object_of_search": objects,
        "outcome": outcome,
        "outcome_linked": outcome_linked,
        "removal_of_clothing": _blank_where(_booleans(rng, n, 0.02, 0.1), ~person),
    }


def _gen_stop_and_search(ctx: _Context, rng: np.random.Generator) -> dict:
    mean = expected_searches(ctx.slug, ctx.population, ctx.period, ctx.scale)
    n = int(_at_least_one(rng.poisson([mean]), rng)[0])
    return stop_and_search_columns(rng, n, slug=ctx.slug, name=ctx.name, period=ctx.period)
