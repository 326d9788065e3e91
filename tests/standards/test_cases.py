"""What the misconduct returns hold, counted by standards.cases and checked against counts
worked out by hand from the cases the factories made."""

from datetime import date

import pytest

from metrics.datasets.aggregates import CONCLUSION_BANDS, OPEN_CASE_AGES
from standards import cases
from tests.standards.factories import (
    CaseFactory,
    misconduct_aggregate_return,
    misconduct_return,
)

pytestmark = pytest.mark.django_db

MARCH = date(2024, 3, 1)


def _open(received: date, **more) -> dict:
    return CaseFactory(received_date=received, **more)


def _concluded(received: date, concluded: date, outcome="written_warning", **more) -> dict:
    return CaseFactory(received_date=received, concluded_date=concluded, outcome=outcome, **more)


def test_open_cases_of_a_record_return_fall_in_the_bands_of_whole_months_open(force_a):
    # At March 2024: received in March, January (2 months), December 2023 (3), September
    # 2023 (6), March 2023 (12), February 2022 (25) and March 2022 (24).
    received = [
        date(2024, 3, 30),
        date(2024, 1, 1),
        date(2023, 12, 31),
        date(2023, 9, 15),
        date(2023, 3, 1),
        date(2022, 2, 28),
        date(2022, 3, 1),
    ]
    concluded = _concluded(date(2020, 1, 1), date(2024, 3, 5))  # not open: not counted
    ret = misconduct_return(force_a, MARCH, [*map(_open, received), concluded])

    ageing = cases.ageing_of({force_a.pk: ret})[force_a.pk]

    assert ageing.counts == {
        "under_3_months": 2,
        "3_to_6_months": 1,
        "6_to_12_months": 1,
        "12_to_24_months": 1,
        "24_months_or_more": 2,
    }
    assert [code for code, _, _ in OPEN_CASE_AGES] == list(ageing.counts)


def test_a_version_1_aggregate_return_gives_no_ages_and_says_why(force_a):
    ret = misconduct_aggregate_return(force_a, MARCH, [{"cases": 12}], schema_version=1)

    ageing = cases.ageing_of({force_a.pk: ret})[force_a.pk]

    assert ageing.counts is None
    assert "needs a record-level return" in ageing.reason


def test_a_version_2_aggregate_return_gives_its_open_cells_by_band(force_a):
    ret = misconduct_aggregate_return(
        force_a,
        MARCH,
        [
            {"cases": 7, "open_band": "under_3_months"},
            {"cases": 2, "open_band": "under_3_months", "vawg_related": True},
            {"cases": 4, "open_band": "24_months_or_more"},
            # Concluded in the month, and a dismissal concluded before it: not open.
            {"cases": 3, "concluded_in_month": True, "outcome": "dismissal", "open_band": ""},
            {"cases": 1, "outcome": "dismissal", "open_band": ""},
        ],
    )

    ageing = cases.ageing_of({force_a.pk: ret})[force_a.pk]

    assert ageing.counts == {
        "under_3_months": 9,
        "3_to_6_months": 0,
        "6_to_12_months": 0,
        "12_to_24_months": 0,
        "24_months_or_more": 4,
    }


def test_each_force_is_aged_at_its_own_latest_month(force_a, force_b):
    misconduct_return(force_a, date(2024, 2, 1), [_open(date(2023, 1, 1))])
    latest_a = misconduct_return(force_a, MARCH, [_open(date(2024, 3, 1))])
    latest_b = misconduct_return(force_b, date(2024, 1, 1), [_open(date(2023, 1, 1))])

    returns = cases.latest_returns([force_a.pk, force_b.pk])
    ageing = cases.ageing_of(returns)

    assert returns == {force_a.pk: latest_a, force_b.pk: latest_b}
    assert ageing[force_a.pk].counts["under_3_months"] == 1
    assert ageing[force_b.pk].counts["12_to_24_months"] == 1  # 12 months at January 2024


def test_the_oldest_open_cases_come_oldest_first_with_their_months_open(force_a):
    ret = misconduct_return(
        force_a,
        MARCH,
        [
            _open(date(2023, 6, 1), case_ref="C-B"),
            _open(date(2021, 11, 20), case_ref="C-A", suspended_or_restricted=True),
            _open(date(2024, 2, 1), case_ref="C-C"),
            _concluded(date(2020, 1, 1), date(2024, 3, 2), case_ref="C-DONE"),
        ],
    )

    oldest = cases.oldest_open_cases(ret, limit=2)

    assert [(c.case_ref, c.months_open, c.band) for c in oldest] == [
        ("C-A", 28, "24_months_or_more"),
        ("C-B", 9, "6_to_12_months"),
    ]
    assert oldest[0].suspended_or_restricted is True


def test_timeliness_counts_each_case_in_the_month_it_concluded(force_a):
    # January: concluded after 31 and 200 days. March: after 91 and 800 days, and January's
    # 200-day case again (its barred-list notification outstanding): counted once.
    misconduct_return(
        force_a,
        date(2024, 1, 1),
        [
            _concluded(date(2023, 12, 1), date(2024, 1, 1)),
            _concluded(date(2023, 6, 20), date(2024, 1, 6), outcome="dismissal"),
        ],
    )
    misconduct_return(
        force_a,
        MARCH,
        [
            _concluded(date(2023, 12, 10), date(2024, 3, 10)),
            _concluded(date(2022, 1, 1), date(2024, 3, 11)),
            _concluded(date(2023, 6, 20), date(2024, 1, 6), outcome="dismissal"),
            _open(date(2024, 3, 1)),
        ],
    )

    timeliness = cases.timeliness_of(force_a, MARCH)

    days = [31, 200, 91, 800]
    by_hand = dict.fromkeys(CONCLUSION_BANDS.labels, 0)
    for d in days:
        label = next(
            label for label, low, high in CONCLUSION_BANDS.limits() if high is None or d <= high
        )
        by_hand[label] += 1
    assert (
        timeliness.counts
        == by_hand
        == {
            "0-90": 1,
            "90-180": 1,
            "180-365": 1,
            "365-540": 0,
            "540-730": 0,
            "730+": 1,
        }
    )
    assert (timeliness.first.label(), timeliness.last.label()) == ("2023-04", "2024-03")
    assert "2024-02" in timeliness.missing_months and "2024-03" not in timeliness.missing_months


def test_timeliness_names_the_aggregate_months_without_bands(force_a):
    misconduct_aggregate_return(
        force_a,
        date(2024, 2, 1),
        [
            {
                "cases": 3,
                "concluded_in_month": True,
                "outcome": "written_warning",
                "days_to_conclude": 300,
            }
        ],
        schema_version=1,
    )
    misconduct_return(force_a, MARCH, [_concluded(date(2024, 1, 1), date(2024, 3, 1))])

    timeliness = cases.timeliness_of(force_a, MARCH)

    assert timeliness.unbanded_months == ["2024-02"]
    assert sum(timeliness.counts.values()) == 1


def test_dismissals_not_notified_are_outstanding_past_the_deadline_or_within_it(force_a, settings):
    settings.BARRED_LIST_NOTIFY_DAYS = 28
    ret = misconduct_return(
        force_a,
        MARCH,
        [
            # 31 March is the month's end: 30 days and 3 days since conclusion.
            _concluded(date(2023, 1, 1), date(2024, 3, 1), "dismissal", case_ref="D-LATE"),
            _concluded(date(2023, 1, 1), date(2024, 3, 28), "dismissal", case_ref="D-NEW"),
            _concluded(
                date(2023, 1, 1),
                date(2024, 3, 2),
                "dismissal",
                case_ref="D-DONE",
                barred_list_notified_date=date(2024, 3, 20),
            ),
            _concluded(date(2023, 1, 1), date(2024, 3, 2), "final_written_warning"),
        ],
    )

    barred = cases.barred_list_outstanding(ret)

    assert barred.as_of == date(2024, 3, 31)
    assert [(c.case_ref, c.days, c.past_deadline) for c in barred.cases] == [
        ("D-LATE", 30, True),
        ("D-NEW", 3, False),
    ]


def test_a_version_1_return_does_not_say_which_dismissals_are_outstanding(force_a):
    if not hasattr(cases.Return, "schema_version"):
        pytest.skip("returns do not record their schema's version")
    ret = misconduct_return(
        force_a,
        MARCH,
        [_concluded(date(2023, 1, 1), date(2024, 3, 1), "dismissal")],
        schema_version=1,
    )

    barred = cases.barred_list_outstanding(ret)

    assert barred.cases is None and "predates" in barred.reason
