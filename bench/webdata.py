"""The web benchmark's data: 43 forces × 60 months × every metric, written straight into
PostgreSQL in bulk, and the stored assessments and flags the nightly run would leave.

The figures are generated, not computed from records through the pipeline: each force has
its own level of each metric, a month-to-month wobble and, for a few, a recent step change,
so that the charts, funnels and flags have something to show. National and similar-group
figures pool the forces' numerators and denominators as the refresh does; a percentile's
aggregate, which the refresh pools from the records, is here the forces' figures weighted by
their cases.
"""

import math
import random
import secrets
from datetime import UTC, datetime, time, timedelta

import psycopg

MONTHS = 60
# A typical force's figure of each metric in a month, in the metric's unit.
TYPICAL = {
    "crime_rate": 6.5,
    "asb_rate": 2.0,
    "weapons_possession_rate": 7.0,
    "no_suspect_share": 45.0,
    "knife_crime_rate": 7.0,
    "vawg_rate": 2.5,
    "csa_rate": 9.0,
    "charge_rate": 7.0,
    "calls_answered_10s": 86.0,
    "call_answer_median_s": 4.0,
    "grade1_attendance_median_min": 9.0,
    "grade1_attendance_p90_min": 20.0,
    "grade1_within_standard": 84.0,
    "grade2_attendance_median_min": 35.0,
    "grade2_attendance_p90_min": 150.0,
    "neighbourhood_officers_per_10k": 8.0,
    "frontline_time_share": 70.0,
    "neighbourhood_workforce_per_10k": 3.2,
    "neighbourhood_abstraction_share": 22.0,
    "misconduct_cases_per_1000": 3.0,
    "misconduct_days_to_conclude": 220.0,
    "dismissals_per_1000": 0.4,
    "misconduct_open_over_12_months": 20.0,
    "vetting_refusal_rate": 6.0,
    "vetting_days_to_decision": 40.0,
    "vetting_backlog": 150.0,
    "misconduct_vawg_share": 12.0,
    "misconduct_days_median": 150.0,
    "misconduct_days_p90": 350.0,
    "misconduct_open_cases": 30.0,
    "final_written_warnings_per_1000": 0.06,
    "written_warnings_per_1000": 0.12,
    "management_action_per_1000": 0.2,
    "no_case_to_answer_per_1000": 0.45,
    "accelerated_hearings_per_1000": 0.06,
    "suspensions_per_1000": 0.07,
    "appeals_upheld_share": 20.0,
    "barred_list_on_time": 90.0,
    "vetting_applications_received": 150.0,
    "vetting_decisions_made": 150.0,
    "vetting_revocations_per_1000": 0.13,
    "charge_rate_violence": 5.5,
    "charge_rate_sexual_offences": 3.5,
    "charge_rate_robbery": 9.0,
    "charge_rate_burglary": 4.0,
    "charge_rate_theft": 5.0,
    "charge_rate_drugs": 45.0,
    "charge_rate_weapons": 40.0,
    "shoplifting_rate": 0.73,
    "shoplifting_charge_rate": 18.0,
    "theft_from_the_person_rate": 0.17,
    "theft_from_the_person_charge_rate": 2.0,
    "robbery_of_personal_property_rate": 0.1,
    "robbery_of_personal_property_charge_rate": 9.0,
    "retail_worker_assault_rate": 0.014,
    "retail_worker_assault_charge_rate": 25.0,
    "calls_answered_10_60s": 10.0,
    "calls_answered_over_60s": 4.0,
    "call_answer_mean_s": 9.0,
    "stop_search_rate": 0.7,
    "stop_search_find_rate": 28.0,
    "stop_search_arrest_rate": 14.0,
    "stop_search_ratio_black_white": 4.0,
    "stop_search_ratio_asian_white": 1.5,
    "neighbourhood_queries_72h": 82.0,
    "neighbourhood_query_median_h": 22.0,
    "neighbourhood_named_officer": 93.0,
    "neighbourhood_priorities_updated": 85.0,
    # 491,984 use of force incidents in 2019/20 among 59.4 million residents, 6.5% with a
    # Taser (Home Office, HOSB 37/20); confidence about two-thirds, victims 65-75% satisfied.
    "use_of_force_rate": 0.69,
    "use_of_force_taser_share": 6.5,
    "public_confidence": 67.0,
    "victim_satisfaction": 70.0,
}
# How many records a share, mean or percentile rests on in a month: per resident or officer.
VOLUME = {
    "no_suspect_share": ("residents", 6.5e-3),
    "charge_rate": ("residents", 7e-3),
    "calls_answered_10s": ("residents", 10e-3),
    "call_answer_median_s": ("residents", 10e-3),
    "grade1_attendance_median_min": ("residents", 1.5e-3),
    "grade1_attendance_p90_min": ("residents", 1.5e-3),
    "grade1_within_standard": ("residents", 1.5e-3),
    "grade2_attendance_median_min": ("residents", 3e-3),
    "grade2_attendance_p90_min": ("residents", 3e-3),
    "frontline_time_share": ("officers", 150.0),
    "neighbourhood_abstraction_share": ("officers", 12.0),
    "misconduct_days_to_conclude": ("officers", 4e-3),
    "misconduct_open_over_12_months": ("officers", 0.02),
    "vetting_refusal_rate": ("officers", 0.03),
    "vetting_days_to_decision": ("officers", 0.03),
    "vetting_backlog": ("officers", 0.05),
    "misconduct_vawg_share": ("officers", 1.3e-3),
    "misconduct_days_median": ("officers", 1.2e-3),
    "misconduct_days_p90": ("officers", 1.2e-3),
    "misconduct_open_cases": ("officers", 8.5e-3),
    "appeals_upheld_share": ("officers", 1e-4),
    "barred_list_on_time": ("officers", 3e-4),
    "vetting_applications_received": ("officers", 0.04),
    "vetting_decisions_made": ("officers", 0.04),
    "charge_rate_violence": ("residents", 2.8e-3),
    "charge_rate_sexual_offences": ("residents", 3e-4),
    "charge_rate_robbery": ("residents", 1e-4),
    "charge_rate_burglary": ("residents", 3.3e-4),
    "charge_rate_theft": ("residents", 1.4e-3),
    "charge_rate_drugs": ("residents", 2e-4),
    "charge_rate_weapons": ("residents", 1e-4),
    "shoplifting_charge_rate": ("residents", 7.3e-4),
    "theft_from_the_person_charge_rate": ("residents", 1.7e-4),
    "robbery_of_personal_property_charge_rate": ("residents", 1e-4),
    "retail_worker_assault_charge_rate": ("residents", 1.4e-5),
    "calls_answered_10_60s": ("residents", 10e-3),
    "calls_answered_over_60s": ("residents", 10e-3),
    "call_answer_mean_s": ("residents", 10e-3),
    "stop_search_find_rate": ("residents", 0.66e-3),
    "stop_search_arrest_rate": ("residents", 0.7e-3),
    # A rate ratio: the searches of White people it rests on.
    "stop_search_ratio_black_white": ("residents", 0.4e-3),
    "stop_search_ratio_asian_white": ("residents", 0.4e-3),
    "neighbourhood_queries_72h": ("residents", 1.4e-3),
    "neighbourhood_query_median_h": ("residents", 1.4e-3),
    # One neighbourhood per ~14,000 residents: the City of London's 25 are few.
    "neighbourhood_named_officer": ("residents", 7e-5),
    "neighbourhood_priorities_updated": ("residents", 7e-5),
    "use_of_force_taser_share": ("residents", 0.69e-3),
    # Survey respondents in a quarter: some 300 to 1,500 a force.
    "public_confidence": ("residents", 5e-4),
    "victim_satisfaction": ("residents", 4e-4),
}
# A rate ratio's two groups' shares of every force's residents (Black or Asian, and White):
# only their ratio matters, so national and group figures pool the counts alone.
RATIO_POPULATION_SHARES = (0.05, 0.85)
OFFICERS_PER_RESIDENT = 2.2e-3
# Forces whose figures step up over their last months, so SPC has signals to flag.
STEP_FORCES, STEP_MONTHS, STEP = 5, 8, 0.25


def create_database(server_url: str, name: str) -> str:
    """Drop and recreate the database `name` on the server of `server_url`; its URL."""
    from urllib.parse import urlparse, urlunparse

    parts = urlparse(server_url)
    with psycopg.connect(urlunparse(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return urlunparse(parts._replace(path=f"/{name}"))


def drop_database(server_url: str, name: str) -> None:
    from urllib.parse import urlparse, urlunparse

    admin = urlunparse(urlparse(server_url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def dataset_months(today) -> dict[str, list]:
    """Each dataset's 60 months up to the latest whose return is already due (of a quarterly
    dataset, the 20 quarters spanning them)."""
    from metrics.datasets import DATASETS
    from metrics.returns.completeness import latest_due_months

    return {code: latest_due_months(code, MONTHS, today=today) for code in DATASETS}


class Level:
    """A force's own level of a metric and the wobble around it."""

    def __init__(self, rng: random.Random, typical: float, step_from: int | None):
        self.base = typical * math.exp(rng.gauss(0, 0.2))
        self.rng, self.step_from = rng, step_from

    def at(self, month: int) -> float:
        step = 1 + STEP if self.step_from is not None and month >= self.step_from else 1
        return max(self.base * step * (1 + self.rng.gauss(0, 0.05)), 0.0)


def force_figures(metric, value: float, residents: float) -> tuple:
    """(numerator, denominator, value) of one force-month whose figure is about `value`."""
    comp, officers = metric.computation, residents * OFFICERS_PER_RESIDENT
    kind = type(comp).__name__
    if kind in ("CountPer", "SummedCountPer"):
        den = residents if comp.denominator == "population" else officers
        num = round(value * den / comp.per)
        return num, den, num / den * comp.per
    if kind == "SumPer":
        return value * residents / comp.per, residents, value
    base, per = VOLUME[metric.code]
    cases = max(round((residents if base == "residents" else officers) * per), 1)
    if kind in ("Share", "SumShare", "SummedShare"):
        num = round(cases * min(value, 100) / 100)
        return num, cases, num / cases * 100
    if kind == "Mean":
        return value * cases, cases, value
    if kind == "Count":
        count = round(cases * value / TYPICAL[metric.code])
        return count, None, count
    if kind == "RateRatio":
        group, white = (residents * share for share in RATIO_POPULATION_SHARES)
        searched = round(value * cases * group / white)
        return searched, cases, _ratio_value(searched, cases)
    return None, cases, value  # a percentile: the cases it rests on


def _ratio_value(searched: float, white: float) -> float | None:
    from metrics.catalogue.computations import rate_ratio

    return rate_ratio(searched, white, RATIO_POPULATION_SHARES).value


def pooled(metric, figures: list[tuple]) -> tuple:
    """A national or similar-group figure from its forces' figures."""
    from metrics.catalogue.computations import Figures, Percentile

    rows = [f for f in figures if f[2] is not None or f[0] is not None]
    if type(metric.computation).__name__ == "RateRatio":
        searched, white = sum(f[0] for f in rows), sum(f[1] for f in rows)
        return searched, white, _ratio_value(searched, white)
    if isinstance(metric.computation, Percentile):
        cases = sum(f[1] for f in rows)
        return None, cases, sum(f[1] * f[2] for f in rows) / cases
    total = metric.computation.aggregate([Figures(*f) for f in rows])
    return total.numerator, total.denominator, total.value


def residents_by_year() -> dict[int, dict[int, int]]:
    """{force id: {year: population}}."""
    from forces.models import ForcePopulation

    found: dict[int, dict[int, int]] = {}
    for p in ForcePopulation.objects.all():
        found.setdefault(p.force_id, {})[p.year] = p.population
    return found


def population_of(years: dict[int, int], year: int) -> tuple[int, int]:
    """(population, its year): the year's, or the latest year before it."""
    known = max((y for y in years if y <= year), default=min(years))
    return years[known], known


def figures_generate(forces, months: dict[str, list], missing: set) -> list[tuple]:
    """Observation rows (OBSERVATION_COLUMNS) of every metric: forces, their groups and the
    nation. `missing` holds (force id, dataset, period) that sent nothing, so have no figure."""
    from metrics.catalogue import METRICS
    from metrics.observations.refresh import similar_groups

    rng, residents, groups = random.Random(9), residents_by_year(), similar_groups()
    stepping = {f.pk for f in forces[:: len(forces) // STEP_FORCES][:STEP_FORCES]}
    now, rows = datetime.now(UTC), []
    for metric in METRICS:
        levels = {
            f.pk: Level(
                rng, TYPICAL[metric.code], MONTHS - STEP_MONTHS if f.pk in stepping else None
            )
            for f in forces
        }
        for index, period in enumerate(months[metric.dataset]):
            month = {}
            for f in forces:
                if (f.pk, metric.dataset, period) not in missing:
                    people, year = population_of(residents[f.pk], period.year)
                    month[f.pk] = (force_figures(metric, levels[f.pk].at(index), people), year)
            rows += [(now, *r) for r in month_rows(metric, period, month, groups)]
    return rows


def month_rows(metric, period, month: dict[int, tuple], groups: dict[int, list[int]]) -> list:
    """One metric-month's rows: each force's figure (month: {force id: (figures, population
    year)}), the national figure and each force's similar group's."""
    from metrics.catalogue.computations import Figures

    per_resident = metric.computation.needs == "population"
    latest_year = max(y for _, y in month.values())

    def row(level, force_id, figures, year=latest_year):
        low = metric.computation.low_confidence(Figures(*figures))
        return (level, force_id, metric.code, period, *figures, low, year if per_resident else None)

    rows = [row("force", fid, figures, year) for fid, (figures, year) in month.items()]
    rows.append(row("national", None, pooled(metric, [f for f, _ in month.values()])))
    for fid, members in groups.items():
        present = [month[m][0] for m in members if m in month]
        if present:
            rows.append(row("similar_group", fid, pooled(metric, present)))
    return rows


OBSERVATION_COLUMNS = (
    "computed_at",
    "level",
    "force_id",
    "metric",
    "period",
    "numerator",
    "denominator",
    "value",
    "low_confidence",
    "population_year",
)


def copy_rows(table: str, columns: tuple[str, ...], rows) -> None:
    """COPY the rows into the table through Django's own connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        cursor.execute(f"ANALYZE {table}")


def returns_generate(forces, months: dict[str, list], *, missing, late, rejected) -> list:
    """One loaded return per force, dataset and month, sent the day before it was due; none
    for `missing`; `late` ones sent a week after; `rejected` ones rejected."""
    from metrics.returns.completeness import due_date

    rows = []
    for code, periods in months.items():
        for period in periods:
            due = due_date(code, period)
            for f in forces:
                key = (f.pk, code, period)
                if key in missing:
                    continue
                sent_day = due + timedelta(days=7 if key in late else -1)
                sent = datetime.combine(sent_day, time(10), tzinfo=UTC)
                status = "rejected" if key in rejected else "loaded"
                loaded = None if key in rejected else 1000
                rows.append(
                    (
                        f.pk,
                        code,
                        period,
                        1,
                        status,
                        f"bench/{f.slug}/{code}/{period:%Y-%m}.csv",
                        f"{code}-{period:%Y-%m}.csv",
                        secrets.token_hex(32),
                        100_000,
                        sent,
                        1000,
                        loaded,
                        "{}",
                        "{}",
                        1,
                        sent,
                        sent + timedelta(minutes=5),
                    )
                )
    return rows


RETURN_COLUMNS = (
    "force_id",
    "dataset",
    "period",
    "version",
    "status",
    "file_path",
    "original_filename",
    "sha256",
    "size_bytes",
    "submitted_at",
    "rows_total",
    "rows_loaded",
    "report",
    "timings",
    "attempts",
    "started_at",
    "finished_at",
)


def data_problems(forces, months: dict[str, list]) -> dict[str, set]:
    """A handful of returns of the latest months missing, late or rejected, as in life."""
    latest = {code: periods[-1] for code, periods in months.items()}
    pick = [
        (forces[i % len(forces)].pk, code, latest[code])
        for i, code in zip(
            (3, 10, 20, 30, 40),
            ("street_crime", "workforce", "recorded_crime", "emergency_calls", "vetting_decisions"),
            strict=True,
        )
    ]
    return {"missing": {pick[0], pick[1]}, "late": {pick[2]}, "rejected": {pick[3], pick[4]}}


def data_load(today) -> dict[str, int]:
    """Returns and figures for every force, dataset and month; how many rows of each."""
    from forces.models import Force
    from forces.sources import FIGURES
    from metrics.observations.models import Observation
    from metrics.returns.models import Return

    forces = list(Force.objects.order_by("name"))
    months = dataset_months(today)
    problems = data_problems(forces, months)
    returns = returns_generate(forces, months, **problems)
    copy_rows(Return._meta.db_table, RETURN_COLUMNS, returns)
    no_figures = problems["missing"] | problems["rejected"]
    figures = figures_generate(forces, months, no_figures)
    copy_rows(Observation._meta.db_table, OBSERVATION_COLUMNS, figures)
    FIGURES.changed()  # COPY sends no signal
    return {"returns": len(returns), "observations": len(figures)}


def analysis_run(today) -> dict[str, int]:
    """What the nightly run stores after the load: the flags and the assessments."""
    from metrics.returns.recording_changes import accepted_change_points
    from oversight.assessments.services import assessments_store
    from oversight.flags.nightly import (
        data_candidates,
        flags_raise,
        observation_frame,
        return_candidates,
    )

    frame, changes = observation_frame(), accepted_change_points()
    candidates = data_candidates(frame=frame, changes=changes)
    candidates += return_candidates(today=today)
    flags = len(flags_raise(candidates))
    return {"flags": flags, "assessments": assessments_store(frame, changes)}


def users_create(*, sessions: int) -> dict[str, list[str]]:
    """An analyst, and the PCC of Durham; `sessions` signed-in session keys for each."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.roles import Role
    from accounts.services import user_assign_role
    from forces.models import Force

    people = {
        "analyst": (Role.ANALYST, None),
        "pcc": (Role.PCC, Force.objects.get(slug="durham")),
    }
    keys = {}
    for name, (role, force) in people.items():
        user = get_user_model().objects.create(username=f"bench-{name}")
        user_assign_role(user=user, role=role, force=force)
        keys[name] = []
        for _ in range(sessions):
            client = Client()
            client.force_login(user)
            keys[name].append(client.session.session_key)
    return keys
