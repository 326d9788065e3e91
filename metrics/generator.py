"""Realistic synthetic returns for the seven datasets, for the demo, tests and benchmarks.

`write_return()` writes one force's file of one dataset for one month; `write_returns()` writes
many forces and months; `write_street_crime_rows()` writes a street-level file of an exact size
for benchmarks. Every file has exactly the declared header (metrics/datasets.py) and every row
keeps every declared rule (types, required, allowed values, ranges, period, force, unique key,
row rules), so the files load cleanly. Output is deterministic for a seed: each force, dataset
and month draws from its own numpy generator seeded from the seed and a CRC-32 of the names.

Magnitudes (England and Wales, scaled by the force's share of the 2011 Census population of
56,075,912 that the database holds, times `scale`):

- street_crime: ~6.5 million rows a year including anti-social behaviour, with the crime type
  mix and per-type "Last outcome category" distribution measured on the real data.police.uk
  files for Jan-Apr 2024 (shared/data/real/street_crime_2024; embedded here as constants);
  ~1% of rows "No Location"; CRLF line endings like data.police.uk.
- recorded_crime: ~6.6 million notifiable offences a year excluding fraud; ~50,000 knife or
  sharp instrument offences; ~15% flagged domestic abuse; ~1% child sexual abuse; Home Office
  outcome types 1-22 with charge/summons (type 1) ~6-7% and ~40% still open.
- emergency_calls: ~9.5 million 999 calls a year; log-normal answer times with ~70% answered
  within 10 seconds nationally (each force has its own stable level between ~58% and ~82%);
  ~2-3% abandoned, more often after long waits.
- incident_response: ~10 million incidents a year; grade 1 ~15%, 2 ~35%, 3 ~25%, 4 ~25%;
  urban/rural by force; attendance from call connect: grade 1 median ~11 min urban and ~17 min
  rural, grade 2 ~45/65 min, grade 3 scheduled (~1 day), grade 4 no dispatch or arrival.
- workforce: one row per function (all 8); officers FTE sum to the force's share of 147,000
  (the Metropolitan Police and City of London hold more officers than their resident share,
  the other forces correspondingly fewer); neighbourhood ~15-20%; ~140 duty hours per officer
  FTE a month split frontline / training / sickness / court / admin.
- misconduct_cases: ~2.5 new cases per 1,000 officers a month; a case stays open a log-normal
  time (median ~4 months, ~12% over a year); each return holds the cases open at any time in
  the month, so long-running cases carry over from month to month with the same reference.
- vetting_decisions: ~40 applications per 1,000 officers a month; mostly granted, ~4% refused,
  ~6% withdrawn; the return holds decisions made in the month and applications still pending
  at its end (blank decided_date, outcome `pending`), consistent from month to month.

`scale` multiplies the records of the four large datasets (street_crime, recorded_crime,
emergency_calls, incident_response), e.g. 0.05 for a quick demo; rates per population then
shrink by the same factor. workforce, misconduct_cases and vetting_decisions are small and always
full size, so officer strength and rates per 1,000 officers stay realistic. Every return has at
least one row (an empty file is rejected).

Seasonality: more violence and anti-social behaviour in summer, more calls and incidents in
summer and December, more sickness in winter; daily and weekly cycles for times of day. City
of London's demand is scaled up for its daytime population (its residents are few).

Scenarios (SCENARIOS): signals built in so that later analysis has something true to find.
Every other force is stable: only noise and seasonality.

- cleveland, emergency_calls, calls_answered_10s: from 2024-02 the share of 999 calls answered
  within 10 seconds falls by 4 percentage points a month (gradual decline, at most 30 points).
- lincolnshire, incident_response, grade1_attendance_median_min: from 2024-02 grade 1 and grade 2
  attendance times rise by 8% a month (gradual deterioration, at most +80%).
- west-midlands, recorded_crime, knife_crime_rate: from 2024-04 knife or sharp instrument
  offences jump by 40% (step change).
- essex, vetting_decisions, vetting_backlog: from 2024-03 decisions take 50% longer each month
  for applications received from then on, so the pending backlog grows (at most 4x longer).
- greater-manchester, misconduct_cases, misconduct_cases_per_1000: from 2024-03 new misconduct
  cases run 80% higher (step change).
- kent, workforce, frontline_time_share: from 2024-04 the share of officer duty hours on the
  front line drops by 8 points, lost to sickness and administration (step change).
"""

import csv
import datetime as dt
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import NormalDist

import numpy as np

from metrics.datasets import (
    ALLEGATION_CATEGORIES,
    DATASETS,
    MISCONDUCT_OUTCOMES,
    OFFENCE_GROUPS,
    WORKFORCE_FUNCTIONS,
)

# --- National magnitudes ---------------------------------------------------------------------

NATIONAL_POPULATION = 56_075_912  # England and Wales, Census 2011 (the sum held in the DB)
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

# --- Scenarios -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A built-in change for one force: a step from `start`, or a trend growing each month."""

    force: str
    dataset: str
    metric: str
    start: str  # YYYY-MM, the first month affected
    kind: str  # "step": `size` from start on; "trend": `size` more each month from start
    size: float
    cap: float | None
    description: str

    def effect(self, period: str) -> float:
        months = months_between(self.start, period)
        if months < 0:
            return 0.0
        value = self.size if self.kind == "step" else self.size * (months + 1)
        if self.cap is not None:
            value = max(value, self.cap) if self.cap < 0 else min(value, self.cap)
        return value


# fmt: off
SCENARIOS: tuple[Scenario, ...] = (
    Scenario(force="cleveland", dataset="emergency_calls", metric="calls_answered_10s",
             start="2024-02", kind="trend", size=-0.04, cap=-0.30,
             description="Share of 999 calls answered within 10 s falls 4 points a month."),
    Scenario(force="lincolnshire", dataset="incident_response",
             metric="grade1_attendance_median_min",
             start="2024-02", kind="trend", size=0.08, cap=0.80,
             description="Grade 1 and 2 attendance times rise 8% a month."),
    Scenario(force="west-midlands", dataset="recorded_crime", metric="knife_crime_rate",
             start="2024-04", kind="step", size=0.40, cap=None,
             description="Knife or sharp instrument offences jump 40%."),
    Scenario(force="essex", dataset="vetting_decisions", metric="vetting_backlog",
             start="2024-03", kind="trend", size=0.50, cap=3.0,
             description="Vetting decisions take 50% longer each month; the pending backlog "
             "grows."),
    Scenario(force="greater-manchester", dataset="misconduct_cases",
             metric="misconduct_cases_per_1000", start="2024-03", kind="step", size=0.80,
             cap=None,
             description="New misconduct cases run 80% higher."),
    Scenario(force="kent", dataset="workforce", metric="frontline_time_share",
             start="2024-04", kind="step", size=-0.08, cap=None,
             description="Officer time on the front line drops 8 points (sickness and "
             "admin)."),
)
# fmt: on


def scenario_effect(force_slug: str, dataset: str, metric: str, period: str) -> float:
    """The summed effect of the scenarios on a force's metric in a month (0.0 if none)."""
    return sum(
        s.effect(period)
        for s in SCENARIOS
        if s.force == force_slug and s.dataset == dataset and s.metric == metric
    )


# --- Forces: geography and local authorities (for street-level locations and LSOA names) ---

# slug | name | latitude | longitude | lat sd | lon sd | rural share of incidents | authorities
_FORCE_TABLE = """
metropolitan|Metropolitan Police Service|51.500|-0.120|0.090|0.170|0.01|Westminster;Camden;\
Islington;Hackney;Tower Hamlets;Southwark;Lambeth;Newham;Croydon;Barnet;Ealing;Brent;Enfield;\
Haringey;Lewisham;Wandsworth;Hillingdon;Bromley
cumbria|Cumbria Constabulary|54.550|-3.100|0.300|0.300|0.50|Carlisle;Barrow-in-Furness;\
Allerdale;South Lakeland;Copeland;Eden
lancashire|Lancashire Constabulary|53.800|-2.600|0.150|0.250|0.20|Preston;Blackpool;\
Blackburn with Darwen;Lancaster;Burnley;Chorley;Wyre;Pendle;Hyndburn;West Lancashire
merseyside|Merseyside Police|53.420|-2.950|0.070|0.100|0.02|Liverpool;Wirral;Sefton;Knowsley;\
St. Helens
greater-manchester|Greater Manchester Police|53.490|-2.250|0.080|0.150|0.03|Manchester;Salford;\
Bolton;Wigan;Stockport;Oldham;Rochdale;Tameside;Trafford;Bury
cheshire|Cheshire Constabulary|53.180|-2.550|0.120|0.200|0.25|Cheshire West and Chester;\
Cheshire East;Warrington;Halton
northumbria|Northumbria Police|55.000|-1.650|0.150|0.250|0.15|Newcastle upon Tyne;Sunderland;\
Gateshead;North Tyneside;South Tyneside;Northumberland
durham|Durham Constabulary|54.708|-1.576|0.145|0.149|0.30|County Durham;Darlington
north-yorkshire|North Yorkshire Police|54.100|-1.300|0.300|0.450|0.50|York;Harrogate;\
Scarborough;Selby;Hambleton;Richmondshire;Ryedale;Craven
west-yorkshire|West Yorkshire Police|53.770|-1.650|0.080|0.180|0.05|Leeds;Bradford;Kirklees;\
Wakefield;Calderdale
south-yorkshire|South Yorkshire Police|53.480|-1.300|0.080|0.200|0.08|Sheffield;Rotherham;\
Doncaster;Barnsley
humberside|Humberside Constabulary|53.700|-0.450|0.150|0.300|0.25|Kingston upon Hull;\
East Riding of Yorkshire;North Lincolnshire;North East Lincolnshire
cleveland|Cleveland Police|54.560|-1.200|0.050|0.150|0.08|Middlesbrough;Stockton-on-Tees;\
Hartlepool;Redcar and Cleveland
west-midlands|West Midlands Police|52.480|-1.900|0.080|0.150|0.01|Birmingham;Coventry;\
Wolverhampton;Dudley;Sandwell;Walsall;Solihull
staffordshire|Staffordshire Police|52.850|-2.050|0.200|0.200|0.25|Stoke-on-Trent;Stafford;\
Newcastle-under-Lyme;East Staffordshire;Cannock Chase;Tamworth;Lichfield;South Staffordshire;\
Staffordshire Moorlands
west-mercia|West Mercia Police|52.400|-2.600|0.250|0.350|0.40|Herefordshire, County of;\
Shropshire;Telford and Wrekin;Worcester;Wychavon;Wyre Forest;Malvern Hills;Bromsgrove;Redditch
warwickshire|Warwickshire Police|52.383|-1.518|0.144|0.163|0.40|Nuneaton and Bedworth;Warwick;\
Stratford-on-Avon;Rugby;North Warwickshire
derbyshire|Derbyshire Constabulary|53.050|-1.550|0.200|0.200|0.30|Derby;Chesterfield;\
Amber Valley;Erewash;High Peak;North East Derbyshire;South Derbyshire;Derbyshire Dales;Bolsover
nottinghamshire|Nottinghamshire Police|53.050|-1.050|0.180|0.150|0.20|Nottingham;Ashfield;\
Mansfield;Gedling;Broxtowe;Rushcliffe;Newark and Sherwood;Bassetlaw
lincolnshire|Lincolnshire Police|53.100|-0.250|0.300|0.300|0.55|Lincoln;North Kesteven;\
South Kesteven;East Lindsey;West Lindsey;Boston;South Holland
leicestershire|Leicestershire Police|52.650|-1.100|0.130|0.200|0.25|Leicester;Charnwood;\
Hinckley and Bosworth;North West Leicestershire;Melton;Harborough;Blaby;Oadby and Wigston;Rutland
northamptonshire|Northamptonshire Police|52.300|-0.850|0.150|0.200|0.35|Northampton;Kettering;\
Corby;Wellingborough;Daventry;East Northamptonshire;South Northamptonshire
cambridgeshire|Cambridgeshire Constabulary|52.400|0.050|0.200|0.200|0.40|Cambridge;\
Peterborough;Huntingdonshire;Fenland;East Cambridgeshire;South Cambridgeshire
norfolk|Norfolk Constabulary|52.650|1.000|0.150|0.350|0.55|Norwich;King's Lynn and West Norfolk;\
Great Yarmouth;Breckland;Broadland;North Norfolk;South Norfolk
suffolk|Suffolk Constabulary|52.200|1.000|0.150|0.300|0.50|Ipswich;East Suffolk;West Suffolk;\
Babergh;Mid Suffolk
bedfordshire|Bedfordshire Police|52.050|-0.450|0.100|0.150|0.25|Luton;Bedford;\
Central Bedfordshire
hertfordshire|Hertfordshire Constabulary|51.800|-0.250|0.100|0.200|0.20|St Albans;Watford;\
Dacorum;Stevenage;Welwyn Hatfield;Hertsmere;Three Rivers;North Hertfordshire;East Hertfordshire;\
Broxbourne
essex|Essex Police|51.800|0.600|0.150|0.300|0.30|Southend-on-Sea;Thurrock;Chelmsford;Colchester;\
Basildon;Braintree;Harlow;Tendring;Epping Forest;Brentwood
thames-valley|Thames Valley Police|51.650|-1.000|0.200|0.350|0.30|Reading;Milton Keynes;Oxford;\
Slough;Wycombe;Aylesbury Vale;Cherwell;Vale of White Horse;Bracknell Forest;\
Windsor and Maidenhead;West Berkshire
hampshire|Hampshire Constabulary|51.000|-1.250|0.150|0.300|0.30|Southampton;Portsmouth;\
Basingstoke and Deane;Winchester;New Forest;Eastleigh;Havant;Test Valley;Isle of Wight
surrey|Surrey Police|51.250|-0.400|0.080|0.250|0.20|Guildford;Woking;Elmbridge;\
Reigate and Banstead;Waverley;Spelthorne;Runnymede;Epsom and Ewell
kent|Kent Police|51.200|0.750|0.150|0.400|0.30|Maidstone;Medway;Canterbury;Dartford;Thanet;\
Ashford;Swale;Tunbridge Wells;Folkestone and Hythe;Dover;Gravesham;Sevenoaks
sussex|Sussex Police|50.930|-0.300|0.100|0.400|0.30|Brighton and Hove;Crawley;Worthing;\
Eastbourne;Hastings;Chichester;Horsham;Mid Sussex;Arun;Wealden
city-of-london|City of London Police|51.515|-0.092|0.004|0.008|0.00|City of London
devon-and-cornwall|Devon and Cornwall Police|50.550|-4.200|0.250|0.600|0.50|Plymouth;Exeter;\
Torbay;Cornwall;East Devon;Teignbridge;North Devon;South Hams;Mid Devon;Torridge;West Devon
avon-and-somerset|Avon and Somerset Constabulary|51.300|-2.700|0.200|0.300|0.30|\
Bristol, City of;Bath and North East Somerset;North Somerset;South Gloucestershire;Mendip;\
Sedgemoor;Somerset West and Taunton;South Somerset
gloucestershire|Gloucestershire Constabulary|51.850|-2.200|0.150|0.200|0.40|Gloucester;\
Cheltenham;Stroud;Tewkesbury;Cotswold;Forest of Dean
wiltshire|Wiltshire Police|51.396|-1.915|0.194|0.192|0.45|Wiltshire;Swindon
dorset|Dorset Police|50.750|-2.200|0.100|0.350|0.35|Bournemouth, Christchurch and Poole;Dorset
north-wales|North Wales Police|53.178|-3.518|0.137|0.489|0.50|Wrexham;Flintshire;Conwy;\
Denbighshire;Gwynedd;Isle of Anglesey
gwent|Gwent Police|51.700|-3.000|0.100|0.150|0.25|Newport;Caerphilly;Torfaen;Monmouthshire;\
Blaenau Gwent
south-wales|South Wales Police|51.580|-3.550|0.100|0.350|0.15|Cardiff;Swansea;\
Rhondda Cynon Taf;Bridgend;Vale of Glamorgan;Neath Port Talbot;Merthyr Tydfil
dyfed-powys|Dyfed-Powys Police|52.100|-4.000|0.350|0.450|0.65|Carmarthenshire;Pembrokeshire;\
Ceredigion;Powys
"""
WELSH_FORCES = frozenset({"north-wales", "gwent", "south-wales", "dyfed-powys"})


@dataclass(frozen=True)
class ForceProfile:
    slug: str
    name: str
    lat: float
    lon: float
    lat_sd: float
    lon_sd: float
    rural_share: float
    authorities: tuple[str, ...]

    @property
    def welsh(self) -> bool:
        return self.slug in WELSH_FORCES


def _parse_force_table() -> dict[str, ForceProfile]:
    profiles = {}
    for line in _FORCE_TABLE.strip().splitlines():
        slug, name, lat, lon, lat_sd, lon_sd, rural, authorities = line.split("|")
        profiles[slug] = ForceProfile(
            slug,
            name,
            float(lat),
            float(lon),
            float(lat_sd),
            float(lon_sd),
            float(rural),
            tuple(authorities.split(";")),
        )
    return profiles


FORCE_PROFILES: dict[str, ForceProfile] = _parse_force_table()
_SLUG_BY_NAME = {p.name: p.slug for p in FORCE_PROFILES.values()}


def force_profile(slug: str, name: str = "") -> ForceProfile:
    """The embedded profile of a force, or a plain central-England one for an unknown force."""
    if slug in FORCE_PROFILES:
        return FORCE_PROFILES[slug]
    place = re.sub(r"\b(Police Service|Police|Constabulary)\b", "", name).strip() or "Area"
    return ForceProfile(slug, name, 52.5, -1.5, 0.15, 0.2, 0.25, (place,))


# --- Seasonality and daily cycles (multipliers by calendar month, normalised to mean 1) -----


def _normalised(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array / array.mean()


# fmt: off
SEASON = {
    "flat": _normalised([1.0] * 12),
    "crime": _normalised([0.96, 0.95, 0.98, 0.98, 1.02, 1.03, 1.04, 1.02, 1.01, 1.02, 1.00, 0.99]),
    "violence": _normalised([0.90, 0.91, 0.96, 0.99, 1.06, 1.08, 1.10, 1.06, 1.01, 1.00, 0.96,
                             0.97]),
    "asb": _normalised([0.78, 0.80, 0.92, 1.03, 1.16, 1.22, 1.28, 1.20, 1.00, 0.98, 0.85, 0.82]),
    "calls": _normalised([0.95, 0.93, 0.95, 0.97, 1.03, 1.08, 1.10, 1.06, 1.00, 0.98, 0.96,
                          1.06]),
    "sickness": _normalised([1.25, 1.20, 1.05, 0.95, 0.88, 0.85, 0.85, 0.85, 0.92, 1.00, 1.05,
                             1.15]),
}
HOURLY = _normalised([0.70, 0.60, 0.50, 0.40, 0.35, 0.35, 0.45, 0.60, 0.80, 0.95, 1.00, 1.05,
                      1.10, 1.10, 1.15, 1.25, 1.35, 1.40, 1.40, 1.35, 1.30, 1.25, 1.10, 0.90])
HOURLY /= HOURLY.sum()
WEEKDAY = (0.97, 0.96, 0.97, 0.99, 1.05, 1.07, 1.00)  # Monday .. Sunday

# --- street_crime: real mix (data.police.uk, Jan-Apr 2024, six forces pooled) ---------------

STREET_TYPE_MIX = {
    "Violence and sexual offences": 0.3778, "Anti-social behaviour": 0.1699,
    "Criminal damage and arson": 0.0951, "Shoplifting": 0.0801, "Public order": 0.0654,
    "Other theft": 0.0584, "Vehicle crime": 0.0452, "Burglary": 0.0383, "Other crime": 0.0247,
    "Drugs": 0.0228, "Possession of weapons": 0.0093, "Bicycle theft": 0.0054,
    "Robbery": 0.0042, "Theft from the person": 0.0034,
}
STREET_TYPE_MIX_BY_FORCE = {
    "city-of-london": {
        "Other theft": 0.1949, "Shoplifting": 0.1668, "Violence and sexual offences": 0.1634,
        "Theft from the person": 0.1499, "Public order": 0.0651, "Drugs": 0.0592,
        "Anti-social behaviour": 0.0422, "Criminal damage and arson": 0.041, "Burglary": 0.0355,
        "Bicycle theft": 0.025, "Robbery": 0.0191, "Other crime": 0.0176,
        "Vehicle crime": 0.0136, "Possession of weapons": 0.0068,
    },
}
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

# --- recorded_crime: Home Office offence codes, with shares and flag rates -----------------

_VAP, _SEX, _ROB, _THEFT, _CD, _DRUG, _WEAP, _PO, _MISC = OFFENCE_GROUPS
# code, group, share (% of crime), knife rate, domestic abuse rate, child sexual abuse rate,
# victim: "p" a person, "s" a person (sexual offence), "n" no individual victim
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

# --- incident_response, workforce, misconduct, vetting --------------------------------------

GRADE_SHARES = (0.15, 0.35, 0.25, 0.25)
# grade: (median minutes urban, median minutes rural, log sd, share never attended)
ATTENDANCE = {1: (11.0, 17.0, 0.50, 0.03), 2: (45.0, 65.0, 0.85, 0.05),
              3: (1320.0, 1560.0, 0.80, 0.12)}

FUNCTION_SHARES = {  # officers by function (neighbourhood varies by force, 15-20%)
    "neighbourhood": 0.17, "response": 0.31, "investigation": 0.19, "public_protection": 0.11,
    "intelligence": 0.05, "operational_support": 0.08, "organisational_support": 0.06,
    "other": 0.03,
}
PCSO_SHARES = {"neighbourhood": 0.88, "response": 0.02, "intelligence": 0.02,
               "operational_support": 0.03, "organisational_support": 0.03, "other": 0.02}
SPECIAL_SHARES = {"neighbourhood": 0.35, "response": 0.45, "operational_support": 0.15,
                  "other": 0.05}
PCSOS_PER_OFFICER = 0.046
SPECIALS_FTE_PER_OFFICER = 0.02
HOURS_PER_FTE_MONTH = 140.0  # duty hours per officer FTE in an average month
FRONTLINE_SHARE = {"neighbourhood": 0.78, "response": 0.80, "investigation": 0.74,
                   "public_protection": 0.72, "intelligence": 0.66, "operational_support": 0.70,
                   "organisational_support": 0.35, "other": 0.50}
COURT_SHARE = {"investigation": 0.03, "response": 0.02, "public_protection": 0.025}
TRAINING_SHARE, SICKNESS_SHARE = 0.055, 0.045

ALLEGATION_WEIGHTS = dict(zip(ALLEGATION_CATEGORIES,
                              (12, 15, 6, 8, 5, 12, 6, 3, 30, 3), strict=True))
VAWG_SHARE = {"Discreditable conduct": 0.30, "Authority, respect and courtesy": 0.12,
              "Honesty and integrity": 0.08, "Use of force": 0.08}
VAWG_DEFAULT = 0.04
MISCONDUCT_OUTCOME_WEIGHTS = {  # by severity, over MISCONDUCT_OUTCOMES
    "misconduct": (35, 22, 17, 9, 3, 0, 0, 14),
    "gross_misconduct": (25, 8, 8, 8, 12, 2, 22, 15),
}
MISCONDUCT_MEDIAN_DAYS, MISCONDUCT_LOG_SD = 125.0, 0.9
HISTORY_MONTHS = {"misconduct_cases": 48, "vetting_decisions": 18}

APPLICANT_TYPES = (("officer", 0.30), ("staff", 0.30), ("special", 0.05), ("pcso", 0.05),
                   ("contractor", 0.25), ("volunteer", 0.05))
CLEARANCE = (  # level, share, median days to decision
    ("RV", 0.25, 14.0), ("MV", 0.10, 21.0), ("NPPV1", 0.10, 10.0), ("NPPV2", 0.20, 18.0),
    ("NPPV3", 0.15, 28.0), ("CTC", 0.10, 28.0), ("SC", 0.08, 45.0), ("DV", 0.02, 90.0),
)
VETTING_OUTCOMES = (("granted", 0.895), ("refused", 0.04), ("withdrawn", 0.06),
                    ("revoked_in_aftercare", 0.005))
# fmt: on

# --- Months, time zones and seeds -----------------------------------------------------------

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_EPOCH = dt.date(1970, 1, 1)


def _month(period: str) -> tuple[int, int]:
    match = MONTH_RE.match(period)
    if not match:
        raise ValueError(f"{period!r} is not a month written YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def months_between(start: str, end: str) -> int:
    """Whole months from start to end (negative if end is earlier)."""
    (y1, m1), (y2, m2) = _month(start), _month(end)
    return (y2 - y1) * 12 + (m2 - m1)


def add_months(period: str, n: int) -> str:
    year, month = _month(period)
    index = year * 12 + month - 1 + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_months(text: str) -> list[str]:
    """Months from "2024-01..2024-06" (inclusive) or "2024-01,2024-03"; ValueError if bad."""
    text = text.strip()
    if ".." in text:
        start, _, end = (part.strip() for part in text.partition(".."))
        _month(start), _month(end)
        if months_between(start, end) < 0:
            raise ValueError(f"the range {text!r} ends before it starts")
        return [add_months(start, i) for i in range(months_between(start, end) + 1)]
    months = [part.strip() for part in text.split(",") if part.strip()]
    if not months:
        raise ValueError("no months given")
    for m in months:
        _month(m)
    return sorted(set(months))


def _first_day(period: str) -> dt.date:
    year, month = _month(period)
    return dt.date(year, month, 1)


def _days_in(period: str) -> int:
    return (_first_day(add_months(period, 1)) - _first_day(period)).days


def _epoch_day(day: dt.date) -> int:
    return (day - _EPOCH).days


def _last_sunday(year: int, month: int) -> dt.date:
    last = _first_day(add_months(f"{year:04d}-{month:02d}", 1)) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - 6) % 7)


@lru_cache(maxsize=64)
def _bst(year: int) -> tuple[int, int]:
    """British Summer Time in `year` as [start, end) epoch seconds (UTC): 01:00Z on the last
    Sundays of March and October."""
    return (
        _epoch_day(_last_sunday(year, 3)) * 86400 + 3600,
        _epoch_day(_last_sunday(year, 10)) * 86400 + 3600,
    )


def _wall_to_utc(wall: np.ndarray, year: int) -> np.ndarray:
    """Europe/London wall-clock seconds to UTC seconds (the skipped spring hour maps forward,
    the repeated autumn hour reads as BST)."""
    start, end = _bst(year)
    in_bst = (wall >= start + 3600) & (wall < end + 3600)
    return wall - np.where(in_bst, 3600, 0)


def format_datetimes(utc: np.ndarray) -> np.ndarray:
    """UTC epoch seconds to ISO 8601 Europe/London local times with their offset."""
    utc = np.asarray(utc, dtype=np.int64)
    offset = np.zeros(utc.shape, dtype=np.int64)
    if utc.size:
        years = utc.astype("datetime64[s]").astype("datetime64[Y]").astype(int) + 1970
        for year in np.unique(years):
            start, end = _bst(int(year))
            offset[(years == year) & (utc >= start) & (utc < end)] = 3600
    text = np.datetime_as_string((utc + offset).astype("datetime64[s]"), unit="s")
    return np.strings.add(text, np.where(offset > 0, "+01:00", "+00:00"))


def format_dates(days: np.ndarray) -> np.ndarray:
    """Epoch days to YYYY-MM-DD."""
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), unit="D")


def _rng(seed: int, *parts: str) -> np.random.Generator:
    """A generator seeded from the seed and a stable CRC-32 of the parts (never hash())."""
    key = zlib.crc32("|".join(parts).encode("utf-8"))
    return np.random.default_rng([int(seed) % (2**63), key])


def _unit(slug: str, key: str) -> float:
    """A stable number in [0, 1) for a force's fixed characteristics."""
    return zlib.crc32(f"{slug}:{key}".encode()) / 2**32


def _sample_times(rng: np.random.Generator, n: int, period: str) -> np.ndarray:
    """n call-connect instants (UTC seconds, sorted) in the month, on the daily and weekly
    cycle, read in Europe/London local time."""
    first, days = _first_day(period), _days_in(period)
    weights = np.array([WEEKDAY[(first.weekday() + d) % 7] for d in range(days)])
    day = rng.choice(days, size=n, p=weights / weights.sum())
    hour = rng.choice(24, size=n, p=HOURLY)
    wall = (_epoch_day(first) + day) * 86400 + hour * 3600 + rng.integers(0, 3600, size=n)
    return np.sort(_wall_to_utc(wall.astype(np.int64), first.year))


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.strings.add(prefix, np.strings.zfill(np.asarray(numbers).astype(str), width))


def _blank_where(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
    out = values.astype(object)
    out[blank] = ""
    return out


def _bools(mask: np.ndarray) -> np.ndarray:
    return np.where(mask, "true", "false")


# --- Volumes --------------------------------------------------------------------------------


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


# --- Generators: each returns {field: values} for the dataset's columns --------------------


@dataclass(frozen=True)
class _Context:
    slug: str
    name: str
    population: int
    period: str
    seed: int
    scale: float

    @property
    def month_index(self) -> int:
        return _month(self.period)[1] - 1


def _street_means(ctx: _Context) -> tuple[list[str], np.ndarray]:
    mix = STREET_TYPE_MIX_BY_FORCE.get(ctx.slug, STREET_TYPE_MIX)
    types = list(mix)
    weights = np.array([mix[t] for t in types]) / sum(mix.values())
    season = np.array([SEASON[STREET_TYPE_SEASON.get(t, "crime")][ctx.month_index] for t in types])
    return types, _demand(
        "street_crime", ctx.slug, ctx.population, ctx.period, ctx.scale
    ) * weights * season


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
    return {
        "codes": np.array(codes, dtype=object),
        "groups": np.array(groups, dtype=object),
        "shares": shares_a,
        "knife": np.array(knife),
        "da": np.array(da),
        "csa": np.array(csa),
        "victim": np.array(victim),
        "female": np.array([FEMALE_SHARE.get(g, 0.5) for g in groups]),
        "season": [OFFENCE_SEASON.get(g, "crime") for g in groups],
        "outcome_p": np.array(outcome_p),
    }


def _gen_recorded_crime(ctx: _Context, rng: np.random.Generator) -> dict:
    o = _offence_arrays()
    season = np.array([SEASON[s][ctx.month_index] for s in o["season"]])
    means = _demand("recorded_crime", ctx.slug, ctx.population, ctx.period, ctx.scale)
    counts = _at_least_one(rng.poisson(means * o["shares"] * season), rng)
    offence = np.repeat(np.arange(counts.size), counts)
    n = offence.size
    days = _days_in(ctx.period)
    day = np.sort(rng.integers(0, days, n))
    offence = offence[rng.permutation(n)]
    knife_factor = 1 + scenario_effect(ctx.slug, "recorded_crime", "knife_crime_rate", ctx.period)
    knife = rng.random(n) < np.minimum(o["knife"][offence] * knife_factor, 1.0)
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
    }


def answered_within_10s_level(slug: str, period: str) -> float:
    """The force's intended share of 999 calls answered within 10 seconds (before noise)."""
    base = 0.58 + 0.24 * _unit(slug, "calls-10s")
    effect = scenario_effect(slug, "emergency_calls", "calls_answered_10s", period)
    return float(np.clip(base + effect, 0.05, 0.97))


def _gen_emergency_calls(ctx: _Context, rng: np.random.Generator) -> dict:
    mean = (
        _demand("emergency_calls", ctx.slug, ctx.population, ctx.period, ctx.scale)
        * SEASON["calls"][ctx.month_index]
    )
    n = max(1, int(rng.poisson(mean)))
    connected = _sample_times(rng, n, ctx.period)
    p10 = float(
        np.clip(answered_within_10s_level(ctx.slug, ctx.period) + rng.normal(0, 0.006), 0.03, 0.98)
    )
    sigma = 1.1
    mu = np.log(10.0) - sigma * NormalDist().inv_cdf(p10)
    wait = np.ceil(rng.lognormal(mu, sigma, n)).astype(np.int64)  # <= 10 s with chance p10
    abandoned = rng.random(n) < (0.015 + 0.15 * (wait > 30))
    year, month = _month(ctx.period)
    return {
        "force": np.full(n, ctx.slug, dtype=object),
        "call_id": _ids(f"C{year:04d}{month:02d}-", np.arange(1, n + 1), 7),
        "connected_at": format_datetimes(connected),
        "answered_at": _blank_where(format_datetimes(connected + wait), abandoned),
        "abandoned": _bools(abandoned),
    }


def _gen_incident_response(ctx: _Context, rng: np.random.Generator) -> dict:
    mean = (
        _demand("incident_response", ctx.slug, ctx.population, ctx.period, ctx.scale)
        * SEASON["calls"][ctx.month_index]
    )
    n = max(1, int(rng.poisson(mean)))
    connected = _sample_times(rng, n, ctx.period)
    grade = rng.choice(np.arange(1, 5), size=n, p=GRADE_SHARES)
    profile = force_profile(ctx.slug, ctx.name)
    rural = rng.random(n) < profile.rural_share
    force_level = 0.9 + 0.2 * _unit(ctx.slug, "attendance")
    slower = 1 + scenario_effect(
        ctx.slug, "incident_response", "grade1_attendance_median_min", ctx.period
    )
    minutes = np.full(n, np.nan)
    dispatch_minutes = np.full(n, np.nan)
    for g, (urban_median, rural_median, log_sd, never) in ATTENDANCE.items():
        rows = np.flatnonzero(grade == g)
        median = np.where(rural[rows], rural_median, urban_median) * force_level
        if g in (1, 2):
            median = median * slower
        total = np.maximum(rng.lognormal(np.log(median), log_sd), 1.5)
        if g == 1:
            dispatch = total * rng.uniform(0.08, 0.35, rows.size)
        elif g == 2:
            dispatch = total * rng.uniform(0.10, 0.60, rows.size)
        else:
            travel = rng.lognormal(np.log(20.0), 0.5, rows.size)
            dispatch = np.maximum(total - travel, total * 0.5)
        arrival = np.where(rng.random(rows.size) < never, np.nan, total)
        minutes[rows], dispatch_minutes[rows] = arrival, dispatch
    dispatch_s = np.round(np.nan_to_num(dispatch_minutes) * 60).astype(np.int64)
    arrival_s = np.maximum(np.round(np.nan_to_num(minutes) * 60).astype(np.int64), dispatch_s)
    year, month = _month(ctx.period)
    return {
        "force": np.full(n, ctx.slug, dtype=object),
        "incident_id": _ids(f"INC{year:04d}{month:02d}-", np.arange(1, n + 1), 7),
        "grade": grade.astype(str),
        "area_type": np.where(rural, "rural", "urban"),
        "call_connected_at": format_datetimes(connected),
        "first_dispatch_at": _blank_where(
            format_datetimes(connected + dispatch_s), np.isnan(dispatch_minutes)
        ),
        "first_arrival_at": _blank_where(
            format_datetimes(connected + arrival_s), np.isnan(minutes)
        ),
    }


def _split(total: float, shares: dict, rng: np.random.Generator, noise: float) -> np.ndarray:
    weights = np.array([shares.get(f, 0.0) for f in WORKFORCE_FUNCTIONS])
    weights = weights * np.exp(rng.normal(0, noise, weights.size))
    return total * weights / weights.sum()


def _gen_workforce(ctx: _Context, rng: np.random.Generator) -> dict:
    officers = officers_fte(ctx.slug, ctx.population, ctx.period)
    officers *= 1 + rng.normal(0, 0.003)
    shares = dict(FUNCTION_SHARES)
    shares["neighbourhood"] = 0.15 + 0.05 * _unit(ctx.slug, "neighbourhood")
    officer_fte = _split(officers, shares, rng, 0.01)
    pcsos = _split(
        officers * PCSOS_PER_OFFICER * (0.6 + 0.8 * _unit(ctx.slug, "pcso")), PCSO_SHARES, rng, 0.02
    )
    specials = _split(
        officers * SPECIALS_FTE_PER_OFFICER * (0.5 + _unit(ctx.slug, "specials")),
        SPECIAL_SHARES,
        rng,
        0.03,
    )
    days = _days_in(ctx.period)
    hours = officer_fte * HOURS_PER_FTE_MONTH * days / (DAYS_PER_YEAR / 12)
    hours *= np.exp(rng.normal(0, 0.01, hours.size))
    drop = -scenario_effect(ctx.slug, "workforce", "frontline_time_share", ctx.period)
    frontline = np.array([FRONTLINE_SHARE[f] for f in WORKFORCE_FUNCTIONS])
    frontline = frontline - drop + rng.normal(0, 0.005, frontline.size)
    training = TRAINING_SHARE + rng.normal(0, 0.003, frontline.size)
    sickness = (
        SICKNESS_SHARE * SEASON["sickness"][ctx.month_index]
        + drop / 2
        + rng.normal(0, 0.003, frontline.size)
    )
    court = np.array([COURT_SHARE.get(f, 0.01) for f in WORKFORCE_FUNCTIONS])
    training, sickness = np.clip(training, 0.01, None), np.clip(sickness, 0.005, None)
    admin = np.clip(1 - frontline - training - sickness - court, 0.01, None)
    total = frontline + training + sickness + court + admin

    def fmt(values: np.ndarray) -> np.ndarray:
        return np.array([f"{v:.2f}" for v in np.maximum(values, 0)], dtype=object)

    return {
        "force": np.full(len(WORKFORCE_FUNCTIONS), ctx.slug, dtype=object),
        "month": np.full(len(WORKFORCE_FUNCTIONS), ctx.period, dtype=object),
        "function": np.array(WORKFORCE_FUNCTIONS, dtype=object),
        "officers_fte": fmt(officer_fte),
        "pcsos_fte": fmt(pcsos),
        "specials_fte": fmt(specials),
        "hours_frontline": fmt(hours * frontline / total),
        "hours_training": fmt(hours * training / total),
        "hours_sickness": fmt(hours * sickness / total),
        "hours_court": fmt(hours * court / total),
        "hours_admin": fmt(hours * admin / total),
    }


def _history(ctx: _Context, code: str, per_1000: float, metric: str | None, make) -> list[dict]:
    """Cases or applications received in each month of the history window, each month drawn
    from its own generator so that a case is the same in every return it appears in."""
    out = []
    for back in range(HISTORY_MONTHS[code], -1, -1):
        received_month = add_months(ctx.period, -back)
        rng = _rng(ctx.seed, ctx.slug, code, "received", received_month)
        rate = (
            per_1000
            / 1000
            * officers_fte(ctx.slug, ctx.population, received_month)
            * (0.75 + 0.5 * _unit(ctx.slug, code))
            * ctx.scale
        )
        if metric:
            rate *= 1 + scenario_effect(ctx.slug, code, metric, received_month)
        n = max(1, int(rng.poisson(rate)))
        out.append(make(rng, n, received_month))
    return out


def _concat(parts: list[dict]) -> dict:
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _gen_misconduct_cases(ctx: _Context, rng: np.random.Generator) -> dict:
    categories = list(ALLEGATION_WEIGHTS)
    cat_p = np.array(list(ALLEGATION_WEIGHTS.values()), dtype=float)
    cat_p /= cat_p.sum()
    vawg_p = np.array([VAWG_SHARE.get(c, VAWG_DEFAULT) for c in categories])
    roles, role_p = ("officer", "staff", "special", "pcso"), (0.75, 0.18, 0.04, 0.03)

    def make(r: np.random.Generator, n: int, received_month: str) -> dict:
        first = _epoch_day(_first_day(received_month))
        received = first + r.integers(0, _days_in(received_month), n)
        category = r.choice(len(categories), size=n, p=cat_p)
        gross = r.random(n) < 0.30
        outcome = np.empty(n, dtype=np.int64)
        for severity, flag in (("misconduct", False), ("gross_misconduct", True)):
            w = np.array(MISCONDUCT_OUTCOME_WEIGHTS[severity], dtype=float)
            rows = np.flatnonzero(gross == flag)
            outcome[rows] = r.choice(w.size, size=rows.size, p=w / w.sum())
        duration = np.ceil(r.lognormal(np.log(MISCONDUCT_MEDIAN_DAYS), MISCONDUCT_LOG_SD, n))
        return {
            "received": received,
            "number": np.arange(1, n + 1),
            "received_month": np.full(n, received_month.replace("-", ""), dtype=object),
            "category": category,
            "vawg": r.random(n) < vawg_p[category],
            "gross": gross,
            "role": r.choice(len(roles), size=n, p=role_p),
            "outcome": outcome,
            "concluded": received + duration.astype(np.int64),
            "suspended": r.random(n) < np.where(gross, 0.35, 0.05),
        }

    cases = _concat(
        _history(
            ctx, "misconduct_cases", MISCONDUCT_PER_1000_OFFICERS, "misconduct_cases_per_1000", make
        )
    )
    start = _epoch_day(_first_day(ctx.period))
    end = start + _days_in(ctx.period) - 1
    keep = (cases["received"] <= end) & (cases["concluded"] >= start)
    cases = {k: v[keep] for k, v in cases.items()}
    n = cases["received"].size  # at least the month's own cases
    open_now = cases["concluded"] > end
    refs = np.strings.add(
        np.strings.add("MC-", cases["received_month"].astype(str)),
        np.strings.add("-", np.strings.zfill(cases["number"].astype(str), 4)),
    )
    order = np.lexsort((cases["number"], cases["received"]))
    outcome = np.array(MISCONDUCT_OUTCOMES, dtype=object)[cases["outcome"]]
    columns = {
        "force": np.full(n, ctx.slug, dtype=object),
        "case_ref": refs,
        "received_date": format_dates(cases["received"]),
        "allegation_category": np.array(categories, dtype=object)[cases["category"]],
        "vawg_related": _bools(cases["vawg"]),
        "severity": np.where(cases["gross"], "gross_misconduct", "misconduct"),
        "subject_role": np.array(roles, dtype=object)[cases["role"]],
        "outcome": _blank_where(outcome, open_now),
        "concluded_date": _blank_where(format_dates(cases["concluded"]), open_now),
        "suspended_or_restricted": _bools(cases["suspended"]),
    }
    return {k: np.asarray(v)[order] for k, v in columns.items()}


def _gen_vetting_decisions(ctx: _Context, rng: np.random.Generator) -> dict:
    types, type_p = zip(*APPLICANT_TYPES, strict=True)
    levels, level_p, level_days = zip(*CLEARANCE, strict=True)
    outcomes, outcome_p = zip(*VETTING_OUTCOMES, strict=True)
    speed = 0.8 + 0.4 * _unit(ctx.slug, "vetting-speed")

    def make(r: np.random.Generator, n: int, received_month: str) -> dict:
        first = _epoch_day(_first_day(received_month))
        received = first + r.integers(0, _days_in(received_month), n)
        level = r.choice(len(levels), size=n, p=level_p)
        slower = 1 + scenario_effect(
            ctx.slug, "vetting_decisions", "vetting_backlog", received_month
        )
        median = np.array(level_days)[level] * speed * slower
        delay = np.ceil(r.lognormal(np.log(median), 0.7)).astype(np.int64)
        applicant = r.choice(len(types), size=n, p=type_p)
        outcome = r.choice(len(outcomes), size=n, p=outcome_p)
        # Aftercare revocations only for people already in post.
        in_post = np.isin(
            applicant, [types.index(t) for t in ("officer", "staff", "pcso", "special")]
        )
        outcome = np.where((outcome == 3) & ~in_post, 0, outcome)
        return {
            "received": received,
            "number": np.arange(1, n + 1),
            "received_month": np.full(n, received_month.replace("-", ""), dtype=object),
            "applicant": applicant,
            "level": level,
            "decided": received + delay,
            "outcome": outcome,
        }

    apps = _concat(_history(ctx, "vetting_decisions", VETTING_PER_1000_OFFICERS, None, make))
    start = _epoch_day(_first_day(ctx.period))
    end = start + _days_in(ctx.period) - 1
    keep = (apps["received"] <= end) & (apps["decided"] >= start)
    apps = {k: v[keep] for k, v in apps.items()}
    n = apps["received"].size
    pending = apps["decided"] > end
    refs = np.strings.add(
        np.strings.add("VET-", apps["received_month"].astype(str)),
        np.strings.add("-", np.strings.zfill(apps["number"].astype(str), 5)),
    )
    outcome = np.array(outcomes, dtype=object)[apps["outcome"]]
    outcome[pending] = "pending"
    order = np.lexsort((apps["number"], apps["received"]))
    columns = {
        "force": np.full(n, ctx.slug, dtype=object),
        "vetting_ref": refs,
        "applicant_type": np.array(types, dtype=object)[apps["applicant"]],
        "clearance_level": np.array(levels, dtype=object)[apps["level"]],
        "received_date": format_dates(apps["received"]),
        "decided_date": _blank_where(format_dates(apps["decided"]), pending),
        "outcome": outcome,
    }
    return {k: np.asarray(v)[order] for k, v in columns.items()}


_GENERATORS: dict[str, Callable[[_Context, np.random.Generator], dict]] = {
    "street_crime": _gen_street_crime,
    "recorded_crime": _gen_recorded_crime,
    "emergency_calls": _gen_emergency_calls,
    "incident_response": _gen_incident_response,
    "workforce": _gen_workforce,
    "misconduct_cases": _gen_misconduct_cases,
    "vetting_decisions": _gen_vetting_decisions,
}

# --- Writing --------------------------------------------------------------------------------


def return_filename(dataset_code: str, force_slug: str, period: str) -> str:
    """`<force>-<dataset>.csv`; street_crime as data.police.uk names it,
    `<YYYY-MM>-<force>-street.csv`."""
    if dataset_code == "street_crime":
        return f"{period}-{force_slug}-street.csv"
    return f"{force_slug}-{dataset_code}.csv"


def _write_csv(path: Path, dataset_code: str, columns: dict, *, chunk: int = 200_000) -> int:
    dataset = DATASETS[dataset_code]
    ordered = [columns[c.field] for c in dataset.columns]
    n = len(ordered[0])
    newline = "\r\n" if dataset_code == "street_crime" else "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator=newline)
        writer.writerow(dataset.headers)
        for start in range(0, n, chunk):
            writer.writerows(
                zip(
                    *(np.asarray(col[start : start + chunk]).tolist() for col in ordered),
                    strict=True,
                )
            )
    return n


def generate_columns(
    dataset_code: str,
    *,
    force_slug: str,
    force_name: str,
    population: int,
    period: str,
    seed: int = 0,
    scale: float = 1.0,
) -> dict:
    """The generated values of one return, as {field: array of CSV cells}."""
    if dataset_code not in _GENERATORS:
        raise ValueError(f"unknown dataset {dataset_code!r}; known: {', '.join(_GENERATORS)}")
    _month(period)
    if scale <= 0:
        raise ValueError("scale must be positive")
    if dataset_code not in SCALED_DATASETS:
        scale = 1.0  # small datasets stay full size, so their rates stay realistic
    ctx = _Context(force_slug, force_name, int(population), period, int(seed), float(scale))
    rng = _rng(seed, force_slug, dataset_code, period)
    return _GENERATORS[dataset_code](ctx, rng)


def _write_return(
    dataset_code: str,
    *,
    force_slug: str,
    force_name: str,
    population: int,
    period: str,
    out_dir,
    seed: int = 0,
    scale: float = 1.0,
) -> tuple[Path, int]:
    columns = generate_columns(
        dataset_code,
        force_slug=force_slug,
        force_name=force_name,
        population=population,
        period=period,
        seed=seed,
        scale=scale,
    )
    path = Path(out_dir) / return_filename(dataset_code, force_slug, period)
    return path, _write_csv(path, dataset_code, columns)


def write_return(
    dataset_code: str,
    *,
    force_slug: str,
    force_name: str,
    population: int,
    period: str,
    out_dir,
    seed: int = 0,
    scale: float = 1.0,
) -> Path:
    """Write one force's return of one dataset for one month into out_dir; returns its path."""
    return _write_return(
        dataset_code,
        force_slug=force_slug,
        force_name=force_name,
        population=population,
        period=period,
        out_dir=out_dir,
        seed=seed,
        scale=scale,
    )[0]


@dataclass(frozen=True)
class ForceInfo:
    slug: str
    name: str
    population: int


@dataclass(frozen=True)
class Written:
    path: Path
    force: str
    dataset: str
    period: str
    rows: int


def write_returns(
    forces: Iterable[ForceInfo],
    periods: Iterable[str],
    out_dir,
    *,
    datasets: Iterable[str] | None = None,
    seed: int = 0,
    scale: float = 1.0,
    progress: Callable[[Written], None] | None = None,
) -> list[Written]:
    """Write every dataset (or those given) for every force and month as
    out_dir/<YYYY-MM>/<file>; calls progress(written) after each file."""
    codes = list(datasets) if datasets is not None else list(DATASETS)
    unknown = [c for c in codes if c not in _GENERATORS]
    if unknown:
        raise ValueError(f"unknown dataset(s): {', '.join(unknown)}")
    forces, written = list(forces), []
    for period in periods:
        for force in forces:
            for code in codes:
                path, rows = _write_return(
                    code,
                    force_slug=force.slug,
                    force_name=force.name,
                    population=force.population,
                    period=period,
                    out_dir=Path(out_dir) / period,
                    seed=seed,
                    scale=scale,
                )
                item = Written(path, force.slug, code, period, rows)
                written.append(item)
                if progress:
                    progress(item)
    return written


def write_street_crime_rows(
    path, *, n_rows: int, force_name: str, period: str, seed: int = 0
) -> Path:
    """Write a street_crime file with exactly n_rows data rows (for benchmarks), in the
    data.police.uk format with the real crime type mix for the month."""
    if n_rows < 0:
        raise ValueError("n_rows must not be negative")
    slug = _SLUG_BY_NAME.get(force_name, re.sub(r"[^a-z0-9]+", "-", force_name.lower()))
    rng = _rng(seed, slug, "street_crime-rows", period, str(n_rows))
    ctx = _Context(slug, force_name, NATIONAL_POPULATION // 40, period, int(seed), 1.0)
    types, means = _street_means(ctx)
    type_index = np.repeat(np.arange(len(types)), rng.multinomial(n_rows, means / means.sum()))
    n_lsoa = int(np.clip(n_rows / 150, 40, 6000))
    columns = _street_columns(
        rng, type_index, types, slug=slug, force_name=force_name, period=period, n_lsoa=n_lsoa
    )
    path = Path(path)
    _write_csv(path, "street_crime", columns)
    return path
