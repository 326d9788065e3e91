"""Aggregate returns: figures from counts by category and in bands, computed by hand; one series
with the record-level months; national figures pooling both kinds; the source change marked."""

from datetime import date

import pytest

from metrics.datasets import DATASETS
from metrics.models import Observation, RecordingChange, Return
from metrics.returns.services import return_process
from tests.metrics.conftest import csv_bytes, emergency_calls_file, upload
from tests.metrics.observations.test_refresh import workforce_rows

pytestmark = pytest.mark.django_db
MARCH, FEBRUARY = date(2024, 3, 1), date(2024, 2, 1)


def load(api, content, **kwargs):
    ret = return_process(return_id=upload(api, content, **kwargs).json()["id"])
    assert ret.status == "loaded", ret.report
    return ret


def aggregate(
    dataset: str, rows: list[list], *, force="durham", month="2024-03", version=1
) -> bytes:
    """An aggregate return of the rows, in the columns of the version (v1's unless told)."""
    declared = DATASETS[dataset].aggregate.versions[version - 1]
    return csv_bytes(declared.headers, [[force, month, *map(str, r)] for r in rows])


def figure(metric, force=None, level="force", period=MARCH):
    return Observation.objects.get(metric=metric, force=force, level=level, period=period)


# answered, band, calls: 95 answered (60 within 10 s), 5 abandoned.
CALLS = [["true", "0-10", 60], ["true", "10-60", 30], ["true", "60+", 5], ["false", "", 5]]


def test_999_figures_from_counts_in_bands(api_as, officer_a, force_a):
    ret = load(api_as(officer_a), aggregate("emergency_calls", CALLS), kind="aggregate")
    assert (ret.kind, ret.dataset, ret.rows_total) == ("aggregate", "emergency_calls", 4)
    share = figure("calls_answered_10s", force_a)
    assert (share.numerator, share.denominator, share.value) == (60, 100, 60.0)
    assert (share.source_kind, share.estimated) == ("aggregate", False)
    # The median's rank is 47.5 of 95, in the 0-10 s band of 60: 47.5 / 60 of the way through.
    median = figure("call_answer_median_s", force_a)
    assert median.value == pytest.approx(47.5 / 60 * 10)
    assert (median.denominator, median.estimated) == (95, True)


def test_attendance_from_bands_by_grade_and_area(api_as, officer_a, force_a):
    rows = [
        [1, "urban", "true", "10-15", 6],  # within 15 minutes
        [1, "urban", "true", "15-20", 2],  # missed in town
        [1, "rural", "true", "15-20", 1],  # within 20 in the country
        [1, "urban", "false", "", 1],  # never attended: missed
        [2, "urban", "true", "1440+", 3],
    ]
    load(
        api_as(officer_a),
        aggregate("incident_response", rows),
        dataset="incident_response",
        kind="aggregate",
    )
    within = figure("grade1_within_standard", force_a)
    assert (within.numerator, within.denominator) == (7, 10)
    # Nine attended: the 90th percentile's rank 8.1 falls 2.1 of 3 into 15-20.
    assert figure("grade1_attendance_p90_min", force_a).value == pytest.approx(15 + 2.1 / 3 * 5)
    assert figure("grade1_attendance_median_min", force_a).value == pytest.approx(10 + 4.5 / 6 * 5)
    # In the open last band the estimate is its lower bound: no more can be said.
    assert figure("grade2_attendance_median_min", force_a).value == 1440


def test_crime_counts_read_with_the_record_filters(api_as, officer_a, force_a):
    # offence group, knife, domestic abuse, csa, victim sex, outcome type, offences
    rows = [
        ["Violence against the person", "true", "false", "false", "male", 1, 4],
        ["Violence against the person", "false", "true", "false", "female", "", 10],
        ["Sexual offences", "false", "false", "true", "female", 1, 3],
        ["Theft offences", "false", "false", "false", "", "", 83],
    ]
    load(
        api_as(officer_a),
        aggregate("recorded_crime", rows),
        dataset="recorded_crime",
        kind="aggregate",
    )
    population = force_a.population_in(2024).population
    assert figure("knife_crime_rate", force_a).numerator == 4
    assert figure("vawg_rate", force_a).value == pytest.approx(13 / population * 1000)
    assert figure("csa_rate", force_a).numerator == 3
    charge = figure("charge_rate", force_a)
    assert (charge.numerator, charge.denominator) == (7, 100)


def test_misconduct_and_vetting_from_counts(api_as, officer_a, force_a):
    api = api_as(officer_a)
    load(api, workforce_rows("durham", 150, 850), dataset="workforce")
    # received, concluded, open over 12 months, outcome, cases, days summed
    cases = [
        ["true", "false", "false", "", 4, ""],
        ["false", "true", "false", "dismissal", 1, 400],
        ["false", "true", "false", "written_warning", 2, 200],
        ["false", "false", "true", "", 3, ""],
        ["false", "false", "false", "", 1, ""],
    ]
    load(
        api,
        aggregate("misconduct_cases", cases, version=1),
        dataset="misconduct_cases",
        kind="aggregate",
    )
    received = figure("misconduct_cases_per_1000", force_a)
    assert (received.numerator, received.denominator, received.value) == (4, 1000, 4.0)
    days = figure("misconduct_days_to_conclude", force_a)
    assert (days.numerator, days.denominator, days.value) == (600, 3, 200.0)
    assert figure("dismissals_per_1000", force_a).numerator == 1
    old = figure("misconduct_open_over_12_months", force_a)
    assert (old.numerator, old.denominator) == (3, 8)

    vetting = [["granted", "0-7", 30], ["refused", "14-30", 10], ["pending", "", 12]]
    load(
        api,
        aggregate("vetting_decisions", vetting, version=1),
        dataset="vetting_decisions",
        kind="aggregate",
    )
    refusals = figure("vetting_refusal_rate", force_a)
    assert (refusals.numerator, refusals.denominator) == (10, 40)
    assert figure("vetting_backlog", force_a).value == 12
    assert figure("vetting_days_to_decision", force_a).value == pytest.approx(20 / 30 * 7)


def test_aggregate_and_record_months_join_into_one_series_with_the_source_change_marked(
    api_as, officer_a, force_a, analyst
):
    api = api_as(officer_a)
    load(
        api,
        aggregate("emergency_calls", CALLS, month="2024-02"),
        period="2024-02",
        kind="aggregate",
    )
    load(api, emergency_calls_file())  # March, records: 1 of 3 within 10 s
    body = (
        api_as(analyst)
        .get("/api/v1/observations/?metric=calls_answered_10s&level=force&force=durham")
        .json()["results"]
    )
    assert [(r["period"], r["value"], r["source_kind"]) for r in body] == [
        ("2024-02", 60.0, "aggregate"),
        ("2024-03", pytest.approx(100 / 3), "records"),
    ]
    change = RecordingChange.objects.get(force=force_a, dataset="emergency_calls")
    assert (change.effective_from, change.status) == (MARCH, "pending")
    assert "record-level returns instead of aggregate returns" in change.description


def test_a_source_change_is_declared_once(api_as, officer_a, force_a):
    api = api_as(officer_a)
    load(
        api,
        aggregate("emergency_calls", CALLS, month="2024-02"),
        period="2024-02",
        kind="aggregate",
    )
    load(api, emergency_calls_file())
    load(api, emergency_calls_file(emergency_calls_file_rows(2)))  # March again: a new version
    assert RecordingChange.objects.filter(force=force_a).count() == 1


def emergency_calls_file_rows(n):
    return [
        ["durham", f"V{i}", "2024-03-01T08:00:00+00:00", "2024-03-01T08:00:03+00:00", "false"]
        for i in range(n)
    ]


def test_national_figures_pool_both_kinds_and_say_the_median_is_estimated(
    api_as, officer_a, officer_b, force_a, force_b
):
    load(api_as(officer_a), aggregate("emergency_calls", CALLS), kind="aggregate")
    calls = [
        ["cumbria", f"K{i}", "2024-03-01T08:00:00+00:00", "2024-03-01T08:00:05+00:00", "false"]
        for i in range(7)
    ]
    load(api_as(officer_b), emergency_calls_file(calls))
    national = figure("calls_answered_10s", None, level="national")
    assert (national.numerator, national.denominator) == (67, 107)
    assert national.source_kind == "mixed"
    # Cumbria's seven calls at 5 s are counted in the 0-10 s band: 67 of 102 answered there.
    median = figure("call_answer_median_s", None, level="national")
    assert median.value == pytest.approx(51 / 67 * 10)
    assert (median.denominator, median.estimated, median.source_kind) == (102, True, "mixed")


def test_records_alone_still_give_the_exact_median(api_as, officer_a, officer_b):
    load(api_as(officer_a), emergency_calls_file())
    median = figure("call_answer_median_s", None, level="national")
    assert (median.value, median.estimated, median.source_kind) == (19.0, False, "records")


def test_a_version_of_the_other_kind_replaces_the_month(api_as, officer_a, force_a):
    api = api_as(officer_a)
    first = load(api, emergency_calls_file())
    load(api, aggregate("emergency_calls", CALLS), kind="aggregate")
    first.refresh_from_db()
    assert first.status == "superseded"
    share = figure("calls_answered_10s", force_a)
    assert (share.value, share.source_kind) == (60.0, "aggregate")
    assert Return.objects.current().get(force=force_a, period=MARCH).version == 2
    from metrics.datasets.records import RECORD_MODELS

    assert not RECORD_MODELS["emergency_calls"].objects.filter(source_return=first).exists()


def test_an_aggregate_file_breaking_its_rules_is_rejected_row_by_row(api_as, officer_a):
    rows = [["true", "", 10], ["true", "0-11", 3], ["false", "", -1]]
    ret = return_process(
        return_id=upload(
            api_as(officer_a), aggregate("emergency_calls", rows), kind="aggregate"
        ).json()["id"]
    )
    assert ret.status == "rejected"
    rules = {(p["row"], p["rule"]) for p in ret.report["errors"]}
    assert {(2, "band_when_answered"), (3, "allowed_values"), (4, "range")} <= rules


def test_the_api_publishes_each_aggregate_schema_and_refuses_an_unknown_kind(
    api_as, officer_a, analyst
):
    body = api_as(analyst).get("/api/v1/datasets/emergency_calls/").json()
    twin = body["aggregate"]
    assert (twin["schema_id"], twin["kind"], twin["code"]) == (
        "emergency_calls_aggregate/v2",
        "aggregate",
        "emergency_calls",
    )
    assert [c["header"] for c in twin["columns"]] == [
        "force",
        "month",
        "answered",
        "answer_band",
        "calls",
        "seconds_to_answer",
    ]
    assert [v["schema_id"] for v in twin["versions"]] == [
        "emergency_calls_aggregate/v1",
        "emergency_calls_aggregate/v2",
    ]
    band = next(c for c in twin["columns"] if c["header"] == "answer_band")
    assert band["allowed_values"] == ["0-10", "10-60", "60+"]
    assert api_as(analyst).get("/api/v1/datasets/workforce/").json().get("aggregate") is None
    refused = upload(api_as(officer_a), emergency_calls_file(), kind="counts")
    assert refused.status_code == 400 and "kind" in refused.json()["error"]["fields"]
    none = upload(
        api_as(officer_a), workforce_rows("durham", 1, 1), dataset="workforce", kind="aggregate"
    )
    assert none.status_code == 400 and "kind" in none.json()["error"]["fields"]
