"""street_crime: data.police.uk street-level rows, with the real crime type and outcome mix.

A force's rows are its recorded crime (volumes, ONS table C2), in the data.police.uk crime types
its C2 subgroups map to, plus anti-social behaviour at its own ratio to crime, measured on the
real street-level files where they are held and the ratio of those forces pooled elsewhere.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .calendar import _month
from .calibration import C2_SUBGROUPS, calibration, figures, national_subgroups
from .cells import _blank_where
from .context import _Context, _rng
from .geography import force_profile
from .seasons import SEASON
from .volumes import DEMAND_FACTOR, _at_least_one, _demand

# fmt: off
# --- street_crime: real mix (data.police.uk, Jan-Apr 2024, six forces pooled), for reference;
# each force's own mix comes from its C2 subgroups (street_type_mix) -------------------------

STREET_TYPE_MIX = {
    "Violence and sexual offences": 0.3778, "Anti-social behaviour": 0.1699,
    "Criminal damage and arson": 0.0951, "Shoplifting": 0.0801, "Public order": 0.0654,
    "Other theft": 0.0584, "Vehicle crime": 0.0452, "Burglary": 0.0383, "Other crime": 0.0247,
    "Drugs": 0.0228, "Possession of weapons": 0.0093, "Bicycle theft": 0.0054,
    "Robbery": 0.0042, "Theft from the person": 0.0034,
}
_ASB = "Anti-social behaviour"
# ONS table C2's subgroups (calibration.C2_SUBGROUPS) in data.police.uk's crime types.
STREET_TYPE_OF_SUBGROUP = {
    "homicide": "Violence and sexual offences",
    "violence_with_injury": "Violence and sexual offences",
    "violence_without_injury": "Violence and sexual offences",
    "stalking_harassment": "Violence and sexual offences",
    "sexual_offences": "Violence and sexual offences",
    "robbery": "Robbery",
    "burglary_residential": "Burglary",
    "burglary_non_residential": "Burglary",
    "vehicle_offences": "Vehicle crime",
    "theft_from_person": "Theft from the person",
    "bicycle_theft": "Bicycle theft",
    "shoplifting": "Shoplifting",
    "other_theft": "Other theft",
    "criminal_damage_arson": "Criminal damage and arson",
    "drug_offences": "Drugs",
    "weapons_possession": "Possession of weapons",
    "public_order": "Public order",
    "miscellaneous": "Other crime",
}
STREET_MEASURED_MONTHS = (0, 1, 2, 3)  # the real files held: January to April 2024
ASB_POOL_EXCLUDED = {"city-of-london"}  # its few residents make its ratio no guide elsewhere
STREET_TYPE_SEASON = {"Violence and sexual offences": "violence", "Anti-social behaviour": "asb"}
NO_LOCATION_SHARE = {"city-of-london": 0.09}
NO_LOCATION_DEFAULT = 0.01
DUPLICATE_ID_SHARE = 0.001  # a few crimes appear on more than one row, as published

_NSI = "Investigation complete; no suspect identified"
_UNABLE = "Unable to prosecute suspect"
_UI = "Under investigation"
_AWAIT = "Awaiting court outcome"
_LOCAL = "Local resolution"
_FINPI = "Further investigation is not in the public interest"
_FAPI = "Further action is not in the public interest"
_FORMAL = "Formal action is not in the public interest"
_CAUTION = "Offender given a caution"
_OTHER_ORG = "Action to be taken by another organisation"
_ANOTHER = "Suspect charged as part of another case"
STREET_OUTCOME_MIX = {  # Last outcome category by crime type (measured; ASB has none)
    "Bicycle theft": {_NSI: 0.6798, _UI: 0.2349, _UNABLE: 0.0603, _AWAIT: 0.0166,
                      _LOCAL: 0.0042, _FINPI: 0.0021, _FAPI: 0.0021},
    "Burglary": {_NSI: 0.4991, _UI: 0.3724, _UNABLE: 0.0712, _AWAIT: 0.0479, _LOCAL: 0.0029,
                 _ANOTHER: 0.0024, _CAUTION: 0.0018, _FORMAL: 0.0012, _FINPI: 0.0006,
                 _FAPI: 0.0006},
    "Criminal damage and arson": {_NSI: 0.4999, _UI: 0.2557, _UNABLE: 0.1675, _AWAIT: 0.037,
                                  _LOCAL: 0.0225, _CAUTION: 0.0066, _FINPI: 0.0045,
                                  _FORMAL: 0.0021, _FAPI: 0.002, _OTHER_ORG: 0.0019},
    "Drugs": {_UI: 0.4233, _LOCAL: 0.1988, _AWAIT: 0.1558, _CAUTION: 0.0549, _FINPI: 0.0406,
              _NSI: 0.0371, _UNABLE: 0.0331, _FORMAL: 0.0317, _FAPI: 0.0203, _OTHER_ORG: 0.0045,
              "Offender given a drugs possession warning": 0.0040},
    "Other crime": {_UI: 0.4523, _UNABLE: 0.2189, _NSI: 0.098, _FINPI: 0.0958, _AWAIT: 0.0634,
                    _FAPI: 0.031, _OTHER_ORG: 0.0242, _LOCAL: 0.0105, _FORMAL: 0.0036,
                    _CAUTION: 0.0023},
    "Other theft": {_NSI: 0.5292, _UI: 0.2781, _UNABLE: 0.1528, _AWAIT: 0.0153, _LOCAL: 0.0129,
                    _FINPI: 0.0056, _OTHER_ORG: 0.0025, _CAUTION: 0.0014, _FAPI: 0.0014,
                    _FORMAL: 0.0008},
    "Possession of weapons": {_UI: 0.4279, _UNABLE: 0.2182, _AWAIT: 0.2085, _NSI: 0.0509,
                              _LOCAL: 0.0303, _FINPI: 0.0255, _CAUTION: 0.017, _FORMAL: 0.0109,
                              _FAPI: 0.0061, _OTHER_ORG: 0.0048},
    "Public order": {_UI: 0.3777, _UNABLE: 0.3222, _NSI: 0.1869, _AWAIT: 0.0655, _LOCAL: 0.0198,
                     _FINPI: 0.0107, _OTHER_ORG: 0.0064, _CAUTION: 0.0048, _FORMAL: 0.0036,
                     _FAPI: 0.0022},
    "Robbery": {_UI: 0.5161, _UNABLE: 0.2258, _NSI: 0.1478, _AWAIT: 0.1048, _FAPI: 0.0027,
                _CAUTION: 0.0027},
    "Shoplifting": {_NSI: 0.3862, _UI: 0.3025, _AWAIT: 0.1956, _UNABLE: 0.0657, _LOCAL: 0.0239,
                    _FINPI: 0.0107, _CAUTION: 0.0051, _FORMAL: 0.0048, _ANOTHER: 0.003,
                    _FAPI: 0.002, "Offender given penalty notice": 0.0005},
    "Theft from the person": {_NSI: 0.447, _UI: 0.3543, _UNABLE: 0.1689, _AWAIT: 0.0199,
                              _LOCAL: 0.0099},
    "Vehicle crime": {_NSI: 0.6545, _UI: 0.2367, _UNABLE: 0.0619, _AWAIT: 0.0377,
                      _FORMAL: 0.0025, _LOCAL: 0.0022, _ANOTHER: 0.0017, _FINPI: 0.001,
                      _CAUTION: 0.0007, _FAPI: 0.0007},
    "Violence and sexual offences": {_UI: 0.4298, _UNABLE: 0.3759, _NSI: 0.0904,
                                     _AWAIT: 0.0406, _OTHER_ORG: 0.0239, _LOCAL: 0.0184,
                                     _FINPI: 0.0073, _CAUTION: 0.0064, _FAPI: 0.0058,
                                     _FORMAL: 0.0013},
}
STREET_POIS = (  # "On or near ..." points of interest, weighted roughly as in the real files
    ("Parking Area", 9.0), ("Supermarket", 7.0), ("Shopping Area", 5.0),
    ("Petrol Station", 3.0), ("Sports/Recreation Area", 2.5), ("Park/Open Space", 1.0),
    ("Nightclub", 0.8), ("Hospital", 0.9), ("Theatre/Concert Hall", 0.6),
    ("Further/Higher Educational Building", 0.5), ("Bus/Coach Station", 0.4),
    ("Police Station", 0.4), ("Conference/Exhibition Centre", 0.1), ("Pedestrian Subway", 0.1),
)
STREET_NAMES = (
    "High", "Church", "Station", "Queen", "Bridge", "Chapel", "Duke", "Market", "Commercial",
    "Front", "New", "John", "William", "Victoria", "Park", "Mill", "King", "Manor", "School",
    "Green", "North", "South", "West", "East", "Albert", "George", "Castle", "Grange", "Oak",
    "Elm", "Willow", "Meadow", "Hill", "Springfield", "Orchard", "Windsor", "York", "Kingsway",
    "Cedar", "Beech", "Ash", "Riverside", "Harbour", "Abbey", "Priory", "Stanley", "Nelson",
)
STREET_SUFFIXES = ("Street", "Road", "Lane", "Close", "Avenue", "Way", "Drive", "Crescent",
                   "Terrace", "Gardens", "Place", "Row", "Court", "Walk")
LSOA_RANGE = {"E": 33_768, "W": 1_909}  # LSOA codes E01000001.. and W01000001..
# fmt: on


def _crime_type_shares(subgroups) -> dict[str, float]:
    """Crime types' shares of crime (summing to 1, anti-social behaviour apart)."""
    shares: dict[str, float] = {}
    for count, subgroup in zip(subgroups, C2_SUBGROUPS, strict=True):
        crime_type = STREET_TYPE_OF_SUBGROUP[subgroup]
        shares[crime_type] = shares.get(crime_type, 0.0) + count / sum(subgroups)
    return shares


def _measured_season(shares: dict[str, float]) -> float:
    """The seasonality of these crime types over the measured months, against the
    anti-social behaviour's: the ratio of ASB to crime then, over the year's."""
    crime = sum(
        share * SEASON[STREET_TYPE_SEASON.get(t, "crime")][list(STREET_MEASURED_MONTHS)].mean()
        for t, share in shares.items()
    )
    return float(crime / SEASON["asb"][list(STREET_MEASURED_MONTHS)].mean())


@lru_cache(maxsize=1)
def _national_asb_per_crime() -> float:
    measured = [
        f for f in calibration().values() if f.street_crimes and f.slug not in ASB_POOL_EXCLUDED
    ]
    ratio = sum(f.street_asb for f in measured) / sum(f.street_crimes for f in measured)
    return ratio * _measured_season(_crime_type_shares(national_subgroups()))


def asb_per_crime(slug: str) -> float:
    """Anti-social behaviour rows per crime row in a year: measured on the force's real
    street-level files (January to April 2024, seasonality taken out), or the ratio pooled over
    the forces measured."""
    force = figures(slug)
    if force is None or not force.street_crimes:
        return _national_asb_per_crime()
    shares = _crime_type_shares(force.subgroups)
    return force.street_asb / force.street_crimes * _measured_season(shares)


@lru_cache(maxsize=128)
def street_type_mix(slug: str) -> dict[str, float]:
    """The force's street-level rows by crime type in a year (shares summing to 1, anti-social
    behaviour included), before seasonality."""
    force = figures(slug)
    shares = _crime_type_shares(force.subgroups if force else national_subgroups())
    shares[_ASB] = asb_per_crime(slug)
    total = sum(shares.values())
    return {t: shares[t] / total for t in sorted(shares, key=lambda t: -shares[t])}


@lru_cache(maxsize=128)
def _street_arrays(slug: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    mix = street_type_mix(slug)
    types = list(mix)
    # Rows per crime recorded: the crime types' shares and ASB's ratio to crime.
    per_crime = np.array([mix[t] for t in types]) / (1 - mix[_ASB])
    season = np.array([SEASON[STREET_TYPE_SEASON.get(t, "crime")] for t in types])
    return types, per_crime, season


def street_means(
    slug: str, population: int | None, period: str, scale: float = 1.0
) -> tuple[list[str], np.ndarray]:
    """Crime types and the expected rows of each in the force's street-level file for the
    month: its recorded crime, plus anti-social behaviour, each type on its seasonality."""
    types, per_crime, season = _street_arrays(slug)
    crimes = _demand("recorded_crime", slug, population, period, scale)
    return types, crimes * per_crime * season[:, _month(period)[1] - 1]


def _street_means(ctx: _Context) -> tuple[list[str], np.ndarray]:
    return street_means(ctx.slug, ctx.population, ctx.period, ctx.scale)


@dataclass(frozen=True)
class _StreetPool:
    """A force's anonymised map points: pre-rendered CSV cells, sampled by weight."""

    longitude: np.ndarray
    latitude: np.ndarray
    location: np.ndarray
    lsoa_code: np.ndarray
    lsoa_name: np.ndarray
    weights: np.ndarray


@lru_cache(maxsize=64)
def _street_pool(slug: str, name: str, n_lsoa: int) -> _StreetPool:
    profile = force_profile(slug, name)
    rng = _rng(0, "street-pool", slug, name, str(n_lsoa))
    country = "W" if profile.welsh else "E"
    codes = np.sort(
        rng.choice(LSOA_RANGE[country], size=min(n_lsoa, LSOA_RANGE[country]), replace=False) + 1
    )
    n_lsoa = codes.size
    # Authorities hold contiguous runs of codes, the first (largest place) the most.
    la_weights = 1 / (1 + 0.3 * np.arange(len(profile.authorities)))
    la_counts = np.maximum(1, np.round(la_weights / la_weights.sum() * n_lsoa)).astype(int)
    la_of = np.repeat(np.arange(len(profile.authorities)), la_counts)[:n_lsoa]
    la_of = np.concatenate([la_of, np.full(n_lsoa - la_of.size, la_of[-1])])
    within = np.arange(n_lsoa) - np.searchsorted(la_of, la_of)
    lsoa_names = [
        f"{profile.authorities[a]} {w // 4 + 1:03d}{'ABCD'[w % 4]}"
        for a, w in zip(la_of.tolist(), within.tolist(), strict=True)
    ]
    lat = np.clip(profile.lat + rng.normal(0, profile.lat_sd, n_lsoa), 49.95, 55.79)
    lon = np.clip(profile.lon + rng.normal(0, profile.lon_sd, n_lsoa), -6.3, 1.75)
    points_per = 6
    lsoa_of_point = np.repeat(np.arange(n_lsoa), points_per)
    n_points = lsoa_of_point.size
    p_lat = lat[lsoa_of_point] + rng.normal(0, 0.004, n_points)
    p_lon = lon[lsoa_of_point] + rng.normal(0, 0.006, n_points)
    poi_names, poi_weights = zip(*STREET_POIS, strict=True)
    poi_p = np.array(poi_weights) / sum(poi_weights)
    is_poi = rng.random(n_points) < 0.35
    poi = rng.choice(len(poi_names), size=n_points, p=poi_p)
    street = rng.integers(0, len(STREET_NAMES), n_points)
    suffix = rng.integers(0, len(STREET_SUFFIXES), n_points)
    locations = [
        f"On or near {poi_names[q]}"
        if flag
        else f"On or near {STREET_NAMES[s]} {STREET_SUFFIXES[x]}"
        for flag, q, s, x in zip(
            is_poi.tolist(), poi.tolist(), street.tolist(), suffix.tolist(), strict=True
        )
    ]
    weights = rng.lognormal(0, 0.9, n_lsoa)[lsoa_of_point] * rng.lognormal(0, 0.5, n_points)
    return _StreetPool(
        longitude=np.array([f"{v:.6f}" for v in p_lon], dtype=object),
        latitude=np.array([f"{v:.6f}" for v in p_lat], dtype=object),
        location=np.array(locations, dtype=object),
        lsoa_code=np.array([f"{country}01{c:06d}" for c in codes.tolist()], dtype=object)[
            lsoa_of_point
        ],
        lsoa_name=np.array(lsoa_names, dtype=object)[lsoa_of_point],
        weights=weights / weights.sum(),
    )


def _street_columns(
    rng: np.random.Generator,
    type_index: np.ndarray,
    types: Sequence[str],
    *,
    slug: str,
    force_name: str,
    period: str,
    n_lsoa: int,
) -> dict:
    n = type_index.size
    pool = _street_pool(slug, force_name, n_lsoa)
    point = np.sort(rng.choice(pool.weights.size, size=n, p=pool.weights))
    order = rng.permutation(n)  # types are independent of place
    type_index = type_index[order]
    crime_type = np.array(types, dtype=object)[type_index]
    asb = crime_type == "Anti-social behaviour"
    # Outcomes by crime type, from the real distribution; blank for anti-social behaviour.
    outcome = np.full(n, "", dtype=object)
    for t_index, t in enumerate(types):
        rows = np.flatnonzero(type_index == t_index)
        if t == "Anti-social behaviour" or rows.size == 0:
            continue
        dist = STREET_OUTCOME_MIX[t]
        labels = np.array(list(dist), dtype=object)
        p = np.array(list(dist.values()))
        outcome[rows] = labels[rng.choice(labels.size, size=rows.size, p=p / p.sum())]
    # Crime IDs: 64 hex characters, blank for ASB; a few crimes appear twice.
    crime_id = np.full(n, "", dtype=object)
    crimes = np.flatnonzero(~asb)
    if crimes.size:
        hexes = rng.bytes(32 * crimes.size).hex()
        crime_id[crimes] = [hexes[i : i + 64] for i in range(0, 64 * crimes.size, 64)]
        dupes = crimes[rng.random(crimes.size) < DUPLICATE_ID_SHARE]
        if dupes.size:
            crime_id[dupes] = crime_id[rng.choice(crimes, size=dupes.size)]
    no_location = rng.random(n) < NO_LOCATION_SHARE.get(slug, NO_LOCATION_DEFAULT)
    columns = {
        "crime_id": crime_id,
        "month": np.full(n, period, dtype=object),
        "reported_by": np.full(n, force_name, dtype=object),
        "falls_within": np.full(n, force_name, dtype=object),
        "longitude": _blank_where(pool.longitude[point], no_location),
        "latitude": _blank_where(pool.latitude[point], no_location),
        "location": np.where(no_location, "No Location", pool.location[point]),
        "lsoa_code": _blank_where(pool.lsoa_code[point], no_location),
        "lsoa_name": _blank_where(pool.lsoa_name[point], no_location),
        "crime_type": crime_type,
        "last_outcome": outcome,
        "context": np.full(n, "", dtype=object),
    }
    return columns


def _lsoa_count(population: int) -> int:
    return int(np.clip(population / 1600, 40, 6000))


def _gen_street_crime(ctx: _Context, rng: np.random.Generator) -> dict:
    types, means = _street_means(ctx)
    counts = _at_least_one(rng.poisson(means), rng)
    type_index = np.repeat(np.arange(len(types)), counts)
    n_lsoa = _lsoa_count(ctx.population * DEMAND_FACTOR.get(ctx.slug, 1.0))
    return _street_columns(
        rng, type_index, types, slug=ctx.slug, force_name=ctx.name, period=ctx.period, n_lsoa=n_lsoa
    )
