"""The completeness and timeliness rule, at its edges.

emergency_calls is due 10 days after the month ends: March 2024 by the end of 10 April 2024,
London time (BST, UTC+1, by then).
"""

from datetime import UTC, date, datetime

import pytest

from forces.models import Force
from metrics.datasets import DATASETS
from metrics.models import Return
from metrics.returns.completeness import (
    Status,
    completeness_cells,
    completeness_for,
    due_date,
    last_months,
    latest_due_months,
    months_asked,
)
from tests.metrics.factories import ReturnFactory, london

pytestmark = pytest.mark.django_db

MARCH = date(2024, 3, 1)
DUE = date(2024, 4, 10)
LATER = date(2024, 12, 1)


def cell_of(force, today=DUE, dataset="emergency_calls", period=MARCH):
    [cell] = completeness_cells([force], periods=[period], datasets=[dataset], today=today)
    return cell


def test_due_date_is_due_day_days_after_the_month_ends():
    assert due_date("emergency_calls", MARCH) == DUE
    assert due_date("workforce", date(2024, 2, 1)) == date(2024, 3, 20)  # 29 February + 20
    assert due_date("street_crime", date(2024, 12, 1)) == date(2025, 1, 15)


def test_loaded_by_the_end_of_the_due_day_is_on_time(force_a):
    ret = ReturnFactory(submitted_at=london(2024, 4, 10, 23, 59, 59))
    cell = cell_of(force_a, today=date(2024, 5, 1))
    assert (cell.status, cell.due_date, cell.return_id) == (Status.ON_TIME, DUE, ret.pk)
    assert cell.submitted_at == london(2024, 4, 10, 23, 59, 59)


def test_loaded_from_midnight_after_the_due_day_is_late(force_a):
    ReturnFactory(submitted_at=london(2024, 4, 11, 0, 0, 0))
    assert cell_of(force_a).status == Status.LATE


def test_due_day_ends_at_midnight_london_time_not_utc(force_a):
    # 23:30 UTC on 10 April is 00:30 BST on 11 April.
    ReturnFactory(submitted_at=datetime(2024, 4, 10, 23, 30, tzinfo=UTC))
    assert cell_of(force_a).status == Status.LATE


def test_first_loaded_version_decides_a_later_correction_stays_on_time(force_a):
    first = ReturnFactory(submitted_at=london(2024, 4, 9, 12), superseded_after_loading=True)
    ReturnFactory(submitted_at=london(2024, 4, 20, 12))
    cell = cell_of(force_a)
    assert (cell.status, cell.return_id) == (Status.ON_TIME, first.pk)


def test_first_loaded_version_late_is_late_though_an_earlier_version_was_on_time(force_a):
    ReturnFactory(submitted_at=london(2024, 4, 9, 12), status=Return.Status.REJECTED)
    loaded = ReturnFactory(submitted_at=london(2024, 4, 12, 12))
    cell = cell_of(force_a)
    assert (cell.status, cell.return_id) == (Status.LATE, loaded.pk)
    assert cell.submitted_at == london(2024, 4, 12, 12)


def test_version_superseded_without_loading_does_not_count_as_loaded(force_a):
    # v1 waited while v2 was loaded, so the pipeline superseded v1 without loading it.
    ReturnFactory(submitted_at=london(2024, 4, 9, 12), status=Return.Status.SUPERSEDED)
    ReturnFactory(submitted_at=london(2024, 4, 11, 12))
    assert cell_of(force_a).status == Status.LATE


def test_rejected_when_every_version_was_rejected_before_or_after_the_due_date(force_a):
    ReturnFactory(submitted_at=london(2024, 4, 2), status=Return.Status.REJECTED)
    latest = ReturnFactory(submitted_at=london(2024, 4, 3), status=Return.Status.REJECTED)
    for today in (date(2024, 4, 5), date(2024, 5, 1)):
        cell = cell_of(force_a, today=today)
        assert (cell.status, cell.return_id) == (Status.REJECTED, latest.pk)


@pytest.mark.parametrize("waiting", [Return.Status.RECEIVED, Return.Status.VALIDATING])
def test_pending_while_a_version_waits_even_after_the_due_date(force_a, waiting):
    ReturnFactory(submitted_at=london(2024, 4, 2), status=Return.Status.REJECTED)
    ReturnFactory(submitted_at=london(2024, 4, 14), status=waiting)
    assert cell_of(force_a, today=date(2024, 4, 20)).status == Status.PENDING


def test_not_due_on_the_due_day_and_missing_the_day_after(force_a):
    assert cell_of(force_a, today=DUE).status == Status.NOT_DUE
    missing = cell_of(force_a, today=date(2024, 4, 11))
    assert (missing.status, missing.submitted_at, missing.return_id) == (Status.MISSING, None, None)


def test_other_forces_datasets_and_months_do_not_count(force_a, force_b):
    ReturnFactory(force=force_b)
    ReturnFactory(dataset="incident_response")
    ReturnFactory(period=date(2024, 2, 1))
    assert cell_of(force_a, today=date(2024, 5, 1)).status == Status.MISSING


def test_cells_come_in_force_dataset_month_order(force_a, force_b):
    periods = [date(2024, 2, 1), MARCH]
    cells = completeness_cells(
        Force.objects.filter(slug__in=["durham", "cumbria"]),
        periods=periods,
        datasets=["workforce", "emergency_calls"],
        today=DUE,
    )
    assert [(c.force.slug, c.dataset, c.period) for c in cells] == [
        (force, dataset, period)
        for force in ("cumbria", "durham")
        for dataset in ("workforce", "emergency_calls")
        for period in periods
    ]


def test_every_force_and_month_in_three_queries(reference_data, django_assert_num_queries):
    for slug in ("durham", "cumbria", "kent"):
        ReturnFactory(force=Force.objects.get(slug=slug))
    periods = months_asked(date(2020, 1, 1), date(2024, 12, 1))
    with django_assert_num_queries(3):  # forces, returns, collection starts
        cells = completeness_cells(Force.objects.all(), periods=periods, today=DUE)
    assert len(cells) == 43 * len(DATASETS) * 60
    assert sum(c.status == Status.ON_TIME for c in cells) == 3
    # The quarterly surveys expect a return for a quarter's first month, none for the others.
    surveys = [c for c in cells if c.dataset == "confidence_surveys"]
    assert {c.period.month for c in surveys if c.status == Status.MISSING} == {1, 4, 7, 10}
    assert {c.status for c in surveys if c.period.month not in (1, 4, 7, 10)} == {
        Status.NOT_EXPECTED
    }


def test_completeness_for_sees_only_the_users_force(officer_b, force_a):
    cells = completeness_for(officer_b, periods=[MARCH], forces=[force_a], today=DUE)
    assert cells == []
    own = completeness_for(officer_b, periods=[MARCH], today=DUE)
    assert {c.force.slug for c in own} == {"cumbria"} and len(own) == len(DATASETS)


def test_completeness_of_a_force_in_hand_needs_no_query_to_scope_it(
    pcc_a, force_a, django_assert_num_queries
):
    ReturnFactory(force=force_a)
    completeness_for(pcc_a, periods=[MARCH], forces=[force_a], today=DUE)  # the PCC's role
    with django_assert_num_queries(2):  # returns, collection starts
        cells = completeness_for(pcc_a, periods=[MARCH], forces=[force_a], today=DUE)
    assert [(c.force, c.dataset, c.status) for c in cells if c.dataset == "emergency_calls"] == [
        (force_a, "emergency_calls", Status.ON_TIME)
    ]


def test_months_default_to_the_last_twelve_whole_months():
    months = last_months(today=date(2024, 4, 10))
    assert months[0] == date(2023, 4, 1) and months[-1] == MARCH and len(months) == 12
    assert months_asked(None, MARCH)[0] == date(2023, 4, 1)
    assert months_asked(MARCH, None)[-1] == date(2025, 2, 1)


def test_months_asked_refuses_a_backwards_or_overlong_range():
    with pytest.raises(ValueError, match="must not be after"):
        months_asked(date(2024, 3, 1), date(2024, 2, 1))
    with pytest.raises(ValueError, match="at most 120"):
        months_asked(date(2010, 1, 1), date(2020, 1, 1))


def test_months_before_a_collection_starts_are_not_expected_and_never_missing(force_a):
    from metrics.models import CollectionStart

    CollectionStart.objects.create(force=force_a, dataset="workforce", first_period=MARCH)
    ReturnFactory(force=force_a, dataset="workforce", period=date(2024, 1, 1))  # sent anyway
    periods = [date(2024, 1, 1), date(2024, 2, 1), MARCH]
    cells = completeness_cells([force_a], periods=periods, datasets=["workforce"], today=LATER)
    # January was sent (on 2 April, after its due date) and is judged like any other month.
    assert [c.status for c in cells] == [Status.LATE, Status.NOT_EXPECTED, Status.MISSING]
    others = completeness_cells([force_a], periods=periods, datasets=["vetting_decisions"])
    assert Status.NOT_EXPECTED not in {c.status for c in others}  # no start: always expected


def test_a_quarterly_dataset_is_due_after_its_quarter_and_asked_for_by_quarter():
    surveys = DATASETS["confidence_surveys"]
    # The quarter January to March is due 30 days after 31 March.
    assert due_date("confidence_surveys", date(2024, 1, 1)) == date(2024, 4, 30)
    assert surveys.period_of(date(2024, 5, 17)) == date(2024, 4, 1)
    assert [surveys.is_period(date(2024, m, 1)) for m in (1, 2, 3, 4)] == [True, False, False, True]
    # On 30 April the first quarter is not yet overdue; on 1 May it is the latest due.
    assert latest_due_months("confidence_surveys", 12, today=date(2024, 4, 30)) == [
        date(2023, 1, 1),
        date(2023, 4, 1),
        date(2023, 7, 1),
        date(2023, 10, 1),
    ]
    assert latest_due_months("confidence_surveys", 1, today=date(2024, 5, 1)) == [date(2024, 1, 1)]
    assert latest_due_months("workforce", 2, today=date(2024, 5, 1)) == [
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]
