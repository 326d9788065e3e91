"""The one month type: parse, add, ranges, labels and due dates."""

from datetime import date

import pytest

from kit.periods import Month, month_label, months_before


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "March", "2024-3", "", "0000-01", None])
def test_month_parse_refuses_what_is_not_a_month(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse(text)


def test_month_parse_and_label_round_trip():
    assert Month.parse("2024-03") == Month(2024, 3)
    assert Month.parse(" 2024-03 ").label() == "2024-03"
    assert str(Month(2024, 3)) == "2024-03"


def test_month_adds_across_years():
    assert Month(2024, 12) + 1 == Month(2025, 1)
    assert Month(2024, 1) - 1 == Month(2023, 12)
    assert Month(2024, 3) + 25 == Month(2026, 4)
    assert Month(2023, 11).months_to(Month(2024, 2)) == 3


def test_month_between_is_inclusive_and_empty_when_backwards():
    assert Month.between(Month(2023, 11), Month(2024, 2)) == [
        Month(2023, 11),
        Month(2023, 12),
        Month(2024, 1),
        Month(2024, 2),
    ]
    assert Month.between(Month(2024, 2), Month(2024, 1)) == []


def test_month_parse_range_reads_a_range_or_a_list():
    assert [m.label() for m in Month.parse_range("2024-01..2024-03")] == [
        "2024-01",
        "2024-02",
        "2024-03",
    ]
    assert Month.parse_range("2024-03,2024-01,2024-03") == [Month(2024, 1), Month(2024, 3)]
    with pytest.raises(ValueError, match="ends before it starts"):
        Month.parse_range("2024-03..2024-01")
    with pytest.raises(ValueError, match="no months"):
        Month.parse_range(" , ")


def test_month_days_and_due_date_follow_the_calendar():
    assert Month(2024, 2).days == 29 and Month(2023, 2).days == 28
    assert Month(2024, 2).due_date(20) == date(2024, 3, 20)
    assert Month(2024, 12).due_date(15) == date(2025, 1, 15)


def test_month_labels_of_quarters_and_years():
    assert month_label(date(2024, 5, 17), "quarter") == "2024-Q2"
    assert month_label(date(2024, 12, 1), "year") == "2024"
    assert Month(2024, 10).label("quarter") == "2024-Q4"


def test_months_before_are_the_whole_months_before_today():
    assert months_before(date(2024, 4, 10), 3) == [Month(2024, 1), Month(2024, 2), Month(2024, 3)]
