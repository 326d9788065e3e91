"""Realistic synthetic returns for the seven datasets, for the demo, tests and benchmarks.

`write_return()` writes one force's file of one dataset for one month; `write_returns()` writes
many forces and months; `write_street_crime_rows()` writes a street-level file of an exact size
for benchmarks. Every file has exactly the declared header (metrics/datasets/) and every row
keeps every declared rule (types, required, allowed values, ranges, period, force, unique key,
row rules), so the files load cleanly. Output is deterministic for a seed: each force, dataset
and month draws from its own numpy generator seeded from the seed and a CRC-32 of the names.

Magnitudes (England and Wales, scaled by the force's share of the ONS mid-2011 population of
56,170,927, POPULATION_YEAR, times `scale`):

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

from .calendar import _last_sunday as _last_sunday  # tests check the BST rule with it
from .calendar import (
    add_months,
    format_dates,
    format_datetimes,
    months_between,
    parse_months,
)
from .calls import (
    ATTENDANCE,
    GRADE_SHARES,
    answered_within_10s_level,
)
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
)
from .recorded_crime import (
    EXTRACT_DAYS_AFTER_MONTH,
    FEMALE_SHARE,
    OFFENCE_SEASON,
    OFFENCES,
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
    STREET_TYPE_MIX_BY_FORCE,
    STREET_TYPE_SEASON,
)
from .volumes import (
    DAYS_PER_YEAR,
    DEMAND_FACTOR,
    MISCONDUCT_PER_1000_OFFICERS,
    NATIONAL_OFFICERS_FTE,
    NATIONAL_PER_YEAR,
    NATIONAL_POPULATION,
    OFFICER_FACTOR,
    OTHER_OFFICER_FACTOR,
    POPULATION_YEAR,
    SCALED_DATASETS,
    VETTING_PER_1000_OFFICERS,
    officers_fte,
    population_share,
)

__all__ = [
    "ALLEGATION_WEIGHTS",
    "APPLICANT_TYPES",
    "ATTENDANCE",
    "CLEARANCE",
    "COURT_SHARE",
    "DAYS_PER_YEAR",
    "DEMAND_FACTOR",
    "DUPLICATE_ID_SHARE",
    "EXTRACT_DAYS_AFTER_MONTH",
    "FEMALE_SHARE",
    "FORCE_PROFILES",
    "FRONTLINE_SHARE",
    "FUNCTION_SHARES",
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
    "NATIONAL_OFFICERS_FTE",
    "NATIONAL_PER_YEAR",
    "NATIONAL_POPULATION",
    "POPULATION_YEAR",
    "NO_LOCATION_DEFAULT",
    "NO_LOCATION_SHARE",
    "OFFENCES",
    "OFFENCE_SEASON",
    "OFFICER_FACTOR",
    "OTHER_OFFICER_FACTOR",
    "PCSOS_PER_OFFICER",
    "PCSO_SHARES",
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
    "STREET_TYPE_MIX_BY_FORCE",
    "STREET_TYPE_SEASON",
    "Scenario",
    "TRAINING_SHARE",
    "VAWG_DEFAULT",
    "VAWG_SHARE",
    "VETTING_OUTCOMES",
    "VETTING_PER_1000_OFFICERS",
    "WEEKDAY",
    "WELSH_FORCES",
    "Written",
    "add_months",
    "answered_within_10s_level",
    "force_profile",
    "format_dates",
    "format_datetimes",
    "generate_columns",
    "months_between",
    "officers_fte",
    "parse_months",
    "population_share",
    "return_filename",
    "scenario_effect",
    "write_return",
    "write_returns",
    "write_street_crime_rows",
]
