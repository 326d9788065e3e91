"""The demo loaded for a few forces and datasets, as of a fixed today: the returns late,
missing or rejected by design are what completeness and the nightly run report, and no
return is expected, or flagged missing, before its collection starts."""

from datetime import date

import pytest

from demo.plan import RECORD_MONTHS, demo_plan
from demo.returns import demo_returns_load
from forces.models import Force
from kit.periods import Month
from metrics.models import CollectionStart, RecordingChange, Return
from metrics.observations.models import Observation
from metrics.observations.refresh import observations_refresh
from metrics.returns.completeness import Status, completeness_cells, last_months
from oversight.flags.models import Flag
from oversight.flags.nightly import nightly_run

pytestmark = [pytest.mark.django_db]

TODAY = date(2026, 12, 2)
FORCES = ["durham", "lancashire", "north-yorkshire", "gwent", "city-of-london"]
DATASETS = ["workforce", "vetting_decisions", "emergency_calls", "recorded_crime"]
OCTOBER, SEPTEMBER = date(2026, 10, 1), date(2026, 9, 1)


@pytest.fixture
def loaded(reference_data, tmp_path, settings):
    settings.RETURNS_DIR = tmp_path / "returns"
    demo_returns_load(
        today=TODAY,
        out_dir=tmp_path / "files",
        months=6,
        forces=FORCES,
        datasets=DATASETS,
        say=lambda line: None,
    )
    return {f.slug: f for f in Force.objects.filter(slug__in=FORCES)}


def status_of(cells, slug, dataset, period):
    (cell,) = [c for c in cells if (c.force.slug, c.dataset, c.period) == (slug, dataset, period)]
    return cell.status


def test_demo_returns_go_wrong_by_design_and_load_otherwise(loaded):
    cells = completeness_cells(
        loaded.values(), periods=last_months(6, today=TODAY), datasets=DATASETS, today=TODAY
    )

    assert status_of(cells, "durham", "vetting_decisions", OCTOBER) == Status.REJECTED
    assert status_of(cells, "lancashire", "emergency_calls", OCTOBER) == Status.MISSING
    assert status_of(cells, "north-yorkshire", "workforce", OCTOBER) == Status.LATE
    assert status_of(cells, "gwent", "recorded_crime", SEPTEMBER) == Status.LATE
    wrong = {
        ("durham", "vetting_decisions", OCTOBER),
        ("lancashire", "emergency_calls", OCTOBER),
        ("north-yorkshire", "workforce", OCTOBER),
        ("gwent", "recorded_crime", SEPTEMBER),
    }
    others = [c for c in cells if (c.force.slug, c.dataset, c.period) not in wrong]
    assert {c.status for c in others if c.period <= OCTOBER} == {
        Status.ON_TIME,
        Status.NOT_EXPECTED,
    }
    assert Return.objects.filter(status=Return.Status.REJECTED).count() == 2
    rejected = Return.objects.get(force__slug="gwent", status=Return.Status.REJECTED)
    assert rejected.report["errors_by_rule"] == {"csv_format": 1}


def test_demo_collection_starts_are_honoured(loaded):
    # City of London began sending its workforce return five months into the window.
    start = CollectionStart.objects.get(force__slug="city-of-london", dataset="workforce")
    assert start.first_period == OCTOBER
    cells = completeness_cells(
        [loaded["city-of-london"]], periods=last_months(7, today=TODAY), datasets=["workforce"]
    )
    assert [c.status for c in cells if c.period < OCTOBER] == [Status.NOT_EXPECTED] * 5
    assert not Return.objects.filter(force__slug="city-of-london", dataset="workforce").exclude(
        period=OCTOBER
    )

    nightly_run(since=None, today=TODAY)

    data_flags = Flag.objects.filter(
        rule__in=[Flag.Rule.MISSING, Flag.Rule.LATE, Flag.Rule.REJECTED],
        force__slug__in=FORCES,
        dataset__in=DATASETS,
    )
    assert sorted(data_flags.values_list("force__slug", "dataset", "period", "rule")) == [
        ("durham", "vetting_decisions", OCTOBER, Flag.Rule.REJECTED),
        ("gwent", "recorded_crime", SEPTEMBER, Flag.Rule.LATE),
        ("lancashire", "emergency_calls", OCTOBER, Flag.Rule.MISSING),
        ("north-yorkshire", "workforce", OCTOBER, Flag.Rule.LATE),
    ]


def test_demo_figures_are_those_of_one_return_at_a_time(loaded):
    # The demo computes the whole batch's figures together (metrics.observations.batch).
    rows = Observation.objects.filter(level=Observation.Level.FORCE)
    expected = {
        (o.force_id, o.metric, o.period): (o.numerator, o.denominator, o.value) for o in rows
    }
    assert len(expected) > 100
    for ret in Return.objects.current().select_related("force"):
        observations_refresh(force=ret.force, dataset=ret.dataset, period=ret.period)
    again = {
        (o.force_id, o.metric, o.period): (o.numerator, o.denominator, o.value)
        for o in Observation.objects.filter(level=Observation.Level.FORCE)
    }
    assert again == expected


def test_the_history_is_aggregate_and_the_latest_months_are_records(loaded):
    durham = Return.objects.current().filter(force__slug="durham", dataset="emergency_calls")
    kinds = dict(durham.values_list("period", "kind"))
    assert len(kinds) == 6 and RECORD_MONTHS == 2
    assert {p: k for p, k in kinds.items() if p >= SEPTEMBER} == {
        SEPTEMBER: "records",
        OCTOBER: "records",
    }
    assert {k for p, k in kinds.items() if p < SEPTEMBER} == {"aggregate"}
    workforce = Return.objects.current().filter(dataset="workforce")
    assert set(workforce.values_list("kind", flat=True)) == {"records"}
    figures = Observation.objects.filter(
        level="force", force__slug="durham", metric="calls_answered_10s"
    )
    assert {(o.period >= SEPTEMBER, o.source_kind) for o in figures} == {
        (False, "aggregate"),
        (True, "records"),
    }
    # Each switch from aggregate history to records is declared for the unit to review.
    change = RecordingChange.objects.get(force__slug="durham", dataset="emergency_calls")
    assert (change.effective_from, change.status) == (SEPTEMBER, RecordingChange.Status.PENDING)


def test_the_real_street_files_are_records_between_aggregate_months(reference_data):
    plan = demo_plan(TODAY, ["durham", "kent"], {"durham"}, datasets=["street_crime"])
    kinds = {(s.force, s.month): s.kind for s in plan.sends}
    assert [kinds["durham", Month(2024, m)] for m in (1, 4, 5)] == [
        "records",
        "records",
        "aggregate",
    ]
    assert ("kent", Month(2024, 4)) not in kinds
    assert kinds["kent", Month(2026, 8)] == "aggregate"
    assert kinds["kent", Month(2026, 9)] == kinds["durham", Month(2026, 10)] == "records"
