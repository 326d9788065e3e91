"""The placeholders a computation's SQL is written with, filled in for the month."""

from datetime import date

from metrics.catalogue.computations import expand


def test_in_last_months_is_the_month_and_those_before_it_across_a_new_year():
    assert expand("{in_last_months:d,3}", period=date(2025, 1, 1)) == (
        "(d >= '2024-11-01' AND d < '2025-02-01')"
    )
    assert expand("{in_last_months:d,3}", period=date(2025, 5, 1)) == (
        "(d >= '2025-03-01' AND d < '2025-06-01')"
    )
    assert expand("{in_last_months:d,1}", period=date(2025, 12, 1)) == (
        "(d >= '2025-12-01' AND d < '2026-01-01')"
    )


def test_ended_by_month_end_runs_the_hours_to_the_next_months_first_instant():
    assert expand("{ended_by_month_end:r,72}", period=date(2025, 12, 1)) == (
        "(r + INTERVAL '72 hours' <= '2026-01-01')"
    )


def test_hours_between_two_instants():
    assert expand("{hours:a,b}", period=date(2025, 5, 1)) == (
        "(EXTRACT(EPOCH FROM (a - b)) / 3600.0)"
    )
