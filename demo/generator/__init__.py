"""Realistic synthetic returns for every dataset, for the demo, tests and benchmarks.

`write_return()` writes one force's file of one dataset for one month; `write_returns()` writes
many forces and months; `write_street_crime_rows()` writes a street-level file of an exact size
for benchmarks. Every file has exactly the declared header (metrics/datasets/) and every row
keeps every declared rule (types, required, allowed values, ranges, period, force, unique key,
row rules), so the files load cleanly. Output is deterministic for a seed: each force, dataset
and month draws from its own numpy generator seeded from the seed and a CRC-32 of the names.

Magnitudes: the real ones of England and Wales, force by force, calibrated on published
figures (calibration.csv, rebuilt by hand with build_calibration.py from shared/data/real, whose
docstring names each source table; calibration.py reads it). A force not in the file (a test's
invented one) gets the national rate per resident times the population it is given. Each force's
published level holds at the month it describes and moves on a gentle trend of its own (TREND:
crime about -1% a year, calls about +2%, officers about +0.5%, each force within a spread), with
the seasonality below. `expected_monthly(dataset, slug, period)` gives the expected monthly
figure without generating rows; the mixes are plain functions (offence_shares,
offence_group_shares, knife_share, street_type_mix, asb_per_crime). National totals in May
2025: about 457,000 recorded crimes, 570,000 street-level rows (9.2 per 1,000 residents),
4,400 knife offences (7.2 per 100,000), 880,000 999 calls, 147,900 officers FTE.

- street_crime: the force's recorded crime, in the data.police.uk crime types its ONS table C2
  subgroups map to (STREET_TYPE_OF_SUBGROUP), plus anti-social behaviour at its own ratio to
  crime, measured on the real data.police.uk files for Jan-Apr 2024 (seasonality taken out;
  cumbria, durham, north-wales, warwickshire, wiltshire, city-of-london) or the ratio of those
  forces but the City pooled (~0.22) elsewhere; "Last outcome category" by crime type as
  measured on the real files (STREET_OUTCOME_MIX); ~1% of rows "No Location"; CRLF line endings
  like data.police.uk.
- recorded_crime: the force's police recorded crime excluding fraud, year ending June 2025 (ONS
  table C2: Durham 58,582 a year, ~4,900 a month; ~5.2 million nationally), with its own mix of
  C2 subgroups, each split over Home Office codes by the national shares in OFFENCES; knife or
  sharp instrument offences at the force's share of ONS table P4 (year ending June 2019, the
  latest with every force) of ~50,500 a year; ~11-17% flagged domestic abuse; ~1% child sexual
  abuse; Home Office outcome types 1-22 with charge/summons (type 1) ~6-7% and ~40% still open.
- emergency_calls: ~10 million 999 calls a year, shared by population (mid-2024) with the
  Metropolitan Police's and City of London's residents weighted up for visitors and workers
  (DEMAND_FACTOR); log-normal answer times with ~70% answered within 10 seconds nationally
  (each force has its own stable level between ~58% and ~82%); ~2-3% abandoned, more often
  after long waits.
- incident_response: ~10 million incidents a year, shared like 999 calls; grade 1 ~15%, 2 ~35%,
  3 ~25%, 4 ~25%; urban/rural by force; attendance from call connect: grade 1 median ~11 min
  urban and ~17 min rural, grade 2 ~45/65 min, grade 3 scheduled (~1 day), grade 4 no dispatch
  or arrival.
- workforce: one row per function (all 8); officers FTE sum to the force's share of the
  published strength of 30 September 2019 (Home Office workforce table 1) times ~147,000 (March
  2024); ~140 duty hours per officer FTE a month split frontline / training / sickness /
  court / admin. Neighbourhood roles follow the Neighbourhood Policing Guarantee (April 2025):
  officers 5-7.7% by force, with PCSOs and specials ~17,200 FTE nationally on 31 March 2025,
  growing from April 2025 at the guarantee's pace (3,000 in the first year, then 10,000 over
  three), each force at 0.4-1.6 times it; the officers come from the other functions.
- misconduct_cases: ~2.5 new cases per 1,000 officers a month; a case stays open a log-normal
  time (median ~4 months, ~12% over a year); each return holds the cases open at any time in
  the month, so long-running cases carry over from month to month with the same reference.
- vetting_decisions: ~40 applications per 1,000 officers a month; mostly granted, ~4% refused,
  ~6% withdrawn; the return holds decisions made in the month and applications still pending
  at its end (blank decided_date, outcome `pending`), consistent from month to month.
- stop_and_search: data.police.uk's own stop-and-search file (`<YYYY-MM>-<force>-stop-and-
  search.csv`): ~531,000 searches a year, the Metropolitan Police ~40%, the rest by population;
  ~14% ending in arrest, the outcome linked to the object in ~28%; Black people searched ~4 times
  and Asian people ~1.5 times as often as White people per head nationally (self-defined, 2011
  Census residents); sources in stop_and_search.py's docstring.
- neighbourhood_queries and neighbourhood_coverage (neighbourhood.py, whose docstring gives
  the sources and the assumptions): ~1-2 queries per 1,000 residents a month, mostly by email
  or online form, ~75-90% answered within 72 hours by force; one neighbourhood per ~14,000
  residents (at least 25), ~90-100% with a named officer, slightly fewer contactable, and
  ~66-95% with priorities reviewed within 3 months, improving since April 2025.

`scale` (default 1.0, for tests only: the demo and the benchmarks use real volumes) multiplies
the records of the large datasets (street_crime, recorded_crime, emergency_calls,
incident_response, stop_and_search, neighbourhood_queries); rates per population then shrink by
the same factor. workforce, misconduct_cases, vetting_decisions and neighbourhood_coverage are
small and always full size. Every return has at least one row (an empty file is rejected).

Seasonality: more violence and anti-social behaviour in summer, more calls and incidents in
summer and December, more sickness in winter; daily and weekly cycles for times of day.

Scenarios (SCENARIOS): signals built in so that later analysis has something true to find.
Every other force is stable: only noise, seasonality and its gentle trend.

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
- south-wales and thames-valley, misconduct_cases, misconduct_open_cases: from 2024-02 and
  2024-05 the cases received take 12% and 10% longer to conclude each month (at most 3x and
  2.5x), so open cases, and those open over 12 months, pile up.
- kent, workforce, frontline_time_share: from 2024-04 the share of officer duty hours on the
  front line drops by 8 points, lost to sickness and administration (step change).
- hampshire, workforce, neighbourhood_workforce_per_10k: from 2024-04 (moved into the demo's
  window, about January 2026) the neighbourhood workforce stops growing.
- northumbria, neighbourhood_queries, neighbourhood_queries_72h: from 2024-03 the share of
  neighbourhood queries answered within 72 hours falls by 3 percentage points a month (gradual
  decline, at most 30 points).
"""

from .calendar import _last_sunday as _last_sunday  # tests check the BST rule with it
from .calendar import (
    add_months,
    format_dates,
    format_datetimes,
    months_between,
    parse_months,
)
from .calibration import (
    C2_SUBGROUPS,
    ForceFigures,
    calibration,
)
from .calls import (
    ATTENDANCE,
    GRADE_SHARES,
    answered_within_10s_level,
)
from .expected import EXPECTED, expected_monthly
from .files import (
    ForceInfo,
    Written,
    generate_columns,
    return_filename,
    write_return,
    write_returns,
    write_street_crime_rows,
)
from .geography import (
    FORCE_PROFILES,
    WELSH_FORCES,
    ForceProfile,
    force_profile,
)
from .neighbourhood import (
    CHANNEL_SHARES,
    coverage_level,
    neighbourhoods,
    queries_a_month,
    within_72h_level,
)
from .people import (
    ALLEGATION_WEIGHTS,
    APPLICANT_TYPES,
    CLEARANCE,
    COURT_SHARE,
    FRONTLINE_SHARE,
    FUNCTION_SHARES,
    HISTORY_MONTHS,
    HOURS_PER_FTE_MONTH,
    MISCONDUCT_LOG_SD,
    MISCONDUCT_MEDIAN_DAYS,
    MISCONDUCT_OUTCOME_WEIGHTS,
    PCSO_SHARES,
    PCSOS_PER_OFFICER,
    SICKNESS_SHARE,
    SPECIAL_SHARES,
    SPECIALS_FTE_PER_OFFICER,
    TRAINING_SHARE,
    VAWG_DEFAULT,
    VAWG_SHARE,
    VETTING_OUTCOMES,
    new_a_month,
)
from .recorded_crime import (
    C2_SUBGROUP_CODES,
    EXTRACT_DAYS_AFTER_MONTH,
    FEMALE_SHARE,
    OFFENCE_SEASON,
    OFFENCES,
    knife_share,
    offence_group_shares,
    offence_means,
    offence_shares,
)
from .scenarios import (
    SCENARIOS,
    Scenario,
    scenario_effect,
)
from .seasons import (
    HOURLY,
    SEASON,
    WEEKDAY,
)
from .street_crime import (
    DUPLICATE_ID_SHARE,
    LSOA_RANGE,
    NO_LOCATION_DEFAULT,
    NO_LOCATION_SHARE,
    STREET_NAMES,
    STREET_OUTCOME_MIX,
    STREET_POIS,
    STREET_SUFFIXES,
    STREET_TYPE_MIX,
    STREET_TYPE_OF_SUBGROUP,
    STREET_TYPE_SEASON,
    asb_per_crime,
    street_means,
    street_type_mix,
)
from .volumes import (
    DAYS_PER_YEAR,
    DEMAND_FACTOR,
    MISCONDUCT_PER_1000_OFFICERS,
    NATIONAL_KNIFE_PER_YEAR,
    NATIONAL_OFFICERS_FTE,
    NATIONAL_PER_YEAR,
    NATIONAL_POPULATION,
    POPULATION_YEAR,
    SCALED_DATASETS,
    TREND,
    VETTING_PER_1000_OFFICERS,
    officers_fte,
    population_share,
    trend,
    yearly,
)

__all__ = [
    "ALLEGATION_WEIGHTS",
    "APPLICANT_TYPES",
    "ATTENDANCE",
    "C2_SUBGROUPS",
    "CHANNEL_SHARES",
    "C2_SUBGROUP_CODES",
    "CLEARANCE",
    "COURT_SHARE",
    "DAYS_PER_YEAR",
    "DEMAND_FACTOR",
    "DUPLICATE_ID_SHARE",
    "EXPECTED",
    "EXTRACT_DAYS_AFTER_MONTH",
    "FEMALE_SHARE",
    "FORCE_PROFILES",
    "FRONTLINE_SHARE",
    "FUNCTION_SHARES",
    "ForceFigures",
    "ForceInfo",
    "ForceProfile",
    "GRADE_SHARES",
    "HISTORY_MONTHS",
    "HOURLY",
    "HOURS_PER_FTE_MONTH",
    "LSOA_RANGE",
    "MISCONDUCT_LOG_SD",
    "MISCONDUCT_MEDIAN_DAYS",
    "MISCONDUCT_OUTCOME_WEIGHTS",
    "MISCONDUCT_PER_1000_OFFICERS",
    "NATIONAL_KNIFE_PER_YEAR",
    "NATIONAL_OFFICERS_FTE",
    "NATIONAL_PER_YEAR",
    "NATIONAL_POPULATION",
    "NO_LOCATION_DEFAULT",
    "NO_LOCATION_SHARE",
    "OFFENCES",
    "OFFENCE_SEASON",
    "PCSOS_PER_OFFICER",
    "PCSO_SHARES",
    "POPULATION_YEAR",
    "SCALED_DATASETS",
    "SCENARIOS",
    "SEASON",
    "SICKNESS_SHARE",
    "SPECIALS_FTE_PER_OFFICER",
    "SPECIAL_SHARES",
    "STREET_NAMES",
    "STREET_OUTCOME_MIX",
    "STREET_POIS",
    "STREET_SUFFIXES",
    "STREET_TYPE_MIX",
    "STREET_TYPE_OF_SUBGROUP",
    "STREET_TYPE_SEASON",
    "Scenario",
    "TRAINING_SHARE",
    "TREND",
    "VAWG_DEFAULT",
    "VAWG_SHARE",
    "VETTING_OUTCOMES",
    "VETTING_PER_1000_OFFICERS",
    "WEEKDAY",
    "WELSH_FORCES",
    "Written",
    "add_months",
    "answered_within_10s_level",
    "asb_per_crime",
    "calibration",
    "coverage_level",
    "expected_monthly",
    "force_profile",
    "format_dates",
    "format_datetimes",
    "generate_columns",
    "knife_share",
    "months_between",
    "neighbourhoods",
    "new_a_month",
    "offence_group_shares",
    "offence_means",
    "offence_shares",
    "officers_fte",
    "parse_months",
    "population_share",
    "queries_a_month",
    "return_filename",
    "scenario_effect",
    "street_means",
    "street_type_mix",
    "trend",
    "within_72h_level",
    "write_return",
    "write_returns",
    "write_street_crime_rows",
    "yearly",
]
