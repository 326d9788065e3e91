"""Observations: each metric's figures from the records, hand-checked, and their aggregates."""

import csv
from datetime import date
from pathlib import Path

import pytest

from forces.models import SimilarForce
from metrics.datasets import DATASETS
from metrics.models import Observation
from metrics.returns.services import return_process
from tests.metrics.conftest import csv_bytes, emergency_calls_file, upload

pytestmark = pytest.mark.django_db
MARCH = date(2024, 3, 1)
REAL = Path(__file__).resolve().parents[3] / "data" / "real" / "street_crime_2024"


def load(api, content, **kwargs):
    ret = return_process(return_id=upload(api, content, **kwargs).json()["id"])
    assert ret.status == "loaded", ret.report
    return ret


def figure(metric, force=None, level="force", period=MARCH):
    return Observation.objects.get(metric=metric, force=force, level=level, period=period)


def test_999_metrics_by_hand(api_as, officer_a, force_a):
    load(api_as(officer_a), emergency_calls_file())
    # Calls answered after 7 s and 31 s, and one abandoned: 1 of 3 within 10 s.
    answered = figure("calls_answered_10s", force_a)
    assert (answered.numerator, answered.denominator) == (1, 3)
    assert answered.value == pytest.approx(100 / 3)
    assert answered.low_confidence is True  # 3 calls is too few to read much into
    median = figure("call_answer_median_s", force_a)
    assert (median.value, median.denominator) == (19.0, 2)


def incident(n, grade, area, connect, arrive):
    at = "2024-03-05T10:{:02d}:00+00:00"
    return [
        "durham",
        f"I{n}",
        str(grade),
        area,
        at.format(connect),
        at.format(connect),
        at.format(arrive) if arrive is not None else "",
    ]


def test_attendance_metrics_are_timed_from_call_connect(api_as, officer_a, force_a):
    rows = [
        incident(1, 1, "urban", 0, 10),  # 10 minutes: within 15
        incident(2, 1, "urban", 0, 16),  # 16: missed
        incident(3, 1, "rural", 0, 19),  # 19: within 20
        incident(4, 1, "urban", 0, None),  # never attended: missed
        incident(5, 2, "urban", 0, 40),
    ]
    load(
        api_as(officer_a),
        csv_bytes(DATASETS["incident_response"].headers, rows),
        dataset="incident_response",
    )
    assert figure("grade1_attendance_median_min", force_a).value == 16.0
    assert figure("grade1_attendance_p90_min", force_a).value == 19.0  # nearest rank 3 of 3
    within = figure("grade1_within_standard", force_a)
    assert (within.numerator, within.denominator, within.value) == (2, 4, 50.0)
    assert figure("grade2_attendance_median_min", force_a).value == 40.0


def test_real_street_crime_rates_match_the_file(api_as, officer_a, force_a):
    path = REAL / "2024-01" / "2024-01-durham-street.csv"
    load(api_as(officer_a), path.read_bytes(), dataset="street_crime", period="2024-01")
    with open(path, newline="", encoding="utf-8") as f:
        types = [r["Crime type"] for r in csv.DictReader(f)]
    crimes = sum(t != "Anti-social behaviour" for t in types)
    rate = figure("crime_rate", force_a, period=date(2024, 1, 1))
    # Durham's ONS mid-2024 population: a rate uses the population of its own year.
    assert (rate.numerator, rate.denominator, rate.population_year) == (crimes, 650500, 2024)
    assert rate.value == pytest.approx(crimes / 650500 * 1000)
    weapons = figure("weapons_possession_rate", force_a, period=date(2024, 1, 1))
    assert weapons.numerator == types.count("Possession of weapons")


def workforce_rows(force, neighbourhood_fte, other_fte):
    rows = []
    for function in ("neighbourhood", "response"):
        fte = neighbourhood_fte if function == "neighbourhood" else other_fte
        rows.append([force, "2024-03", function, str(fte), "10", "5", "100", "10", "5", "3", "2"])
    return csv_bytes(DATASETS["workforce"].headers, rows)


def test_misconduct_rate_takes_officers_from_the_workforce_return(api_as, officer_a, force_a):
    api = api_as(officer_a)
    cases = [
        [
            "durham",
            f"M{i}",
            f"2024-03-0{i}",
            "Use of force",
            "false",
            "misconduct",
            "officer",
            "",
            "",
            "false",
        ]
        for i in range(1, 4)
    ]
    v1 = DATASETS["misconduct_cases"].versions[0].headers
    load(api, csv_bytes(v1, cases), dataset="misconduct_cases")
    assert figure("misconduct_cases_per_1000", force_a).value is None  # no officers yet
    load(api, workforce_rows("durham", 150, 850), dataset="workforce")
    rate = figure("misconduct_cases_per_1000", force_a)
    assert (rate.numerator, rate.denominator, rate.value) == (3, 1000, 3.0)
    officers = figure("neighbourhood_officers_per_10k", force_a)
    assert officers.value == pytest.approx(150 / 650500 * 10_000)
    assert officers.population_year == 2024 and rate.population_year is None
    assert figure("frontline_time_share", force_a).value == pytest.approx(200 / 240 * 100)


def test_national_and_similar_group_aggregates_pool_the_forces(
    api_as, officer_a, officer_b, force_a, force_b
):
    # An official group of two replaces the computed one for Durham.
    SimilarForce.objects.create(force=force_a, similar=force_b, rank=1, source="official")
    load(api_as(officer_a), emergency_calls_file())  # durham: 1 of 3 within 10 s
    calls = [
        ["cumbria", f"K{i}", "2024-03-01T08:00:00+00:00", "2024-03-01T08:00:05+00:00", "false"]
        for i in range(7)
    ]
    load(api_as(officer_b), emergency_calls_file(calls))  # cumbria: 7 of 7
    national = figure("calls_answered_10s", None, level="national")
    assert (national.numerator, national.denominator) == (8, 10)
    assert national.value == pytest.approx(80.0)
    group = figure("calls_answered_10s", force_a, level="similar_group")
    assert group.value == pytest.approx(80.0)
    # A median of the pooled calls (7 and 31 s in Durham, seven of 5 s in Cumbria), not the
    # forces' medians averaged: that would give (19 * 2 + 5 * 7) / 9 = 8.1.
    national_median = figure("call_answer_median_s", None, level="national")
    assert (national_median.value, national_median.denominator) == (5.0, 9)
    assert figure("call_answer_median_s", force_a, level="similar_group").value == 5.0


def test_quarter_median_pools_the_months_records(api_as, officer_a, analyst):
    api = api_as(officer_a)
    february = [
        ["durham", f"F{s}", "2024-02-01T08:00:00+00:00", f"2024-02-01T08:00:0{s}+00:00", "false"]
        for s in (1, 2, 3)
    ]
    load(api, emergency_calls_file(february), period="2024-02")
    load(api, emergency_calls_file())  # March: 7 and 31 s
    body = (
        api_as(analyst)
        .get("/api/v1/observations/?metric=call_answer_median_s&level=force&frequency=quarter")
        .json()
    )
    # Pooled 1, 2, 3, 7, 31 s: 3; the months' medians (2 and 19) averaged would give 8.8.
    assert [(r["period"], r["value"], r["denominator"]) for r in body["results"]] == [
        ("2024-Q1", 3.0, 5.0)
    ]
    national = (
        api_as(analyst)
        .get("/api/v1/observations/?metric=call_answer_median_s&level=national&frequency=quarter")
        .json()["results"]
    )
    assert [(r["period"], r["value"], r["denominator"]) for r in national] == [
        ("2024-Q1", 3.0, 5.0)  # the nation's quarter pools every force's months too
    ]


def test_a_new_version_replaces_the_figures(api_as, officer_a, force_a):
    api = api_as(officer_a)
    load(api, emergency_calls_file())
    rows = [["durham", "N1", "2024-03-01T08:00:00+00:00", "2024-03-01T08:00:02+00:00", "false"]]
    load(api, emergency_calls_file(rows))
    assert figure("calls_answered_10s", force_a).value == 100.0
    assert Observation.objects.filter(metric="calls_answered_10s", level="force").count() == 1


def test_a_rate_uses_its_own_years_population_or_the_latest_before(
    api_as, officer_a, analyst, force_a
):
    """ONS mid-2023 for a 2023 month; for a month after the newest estimate (mid-2024), the
    latest one. The API names the year used."""
    api = api_as(officer_a)
    header = DATASETS["recorded_crime"].versions[0].headers
    for period, year, population in [("2023-06", 2023, 642744), ("2025-02", 2024, 650500)]:
        row = ["durham", f"C{period}", f"{period}-03", "8N", "Violence against the person"]
        row += ["true", "false", "false", "female", "", ""]
        load(api, csv_bytes(header, [row]), dataset="recorded_crime", period=period)
        month = date(int(period[:4]), int(period[5:]), 1)
        rate = figure("knife_crime_rate", force_a, period=month)
        assert (rate.denominator, rate.population_year) == (population, year)
    body = (
        api_as(analyst)
        .get("/api/v1/observations/?metric=knife_crime_rate&level=force&force=durham")
        .json()
    )
    assert [(r["period"], r["population_year"]) for r in body["results"]] == [
        ("2023-06", 2023),
        ("2025-02", 2024),
    ]
