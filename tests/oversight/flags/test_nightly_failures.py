"""A night that survives a bad metric: the failure is logged and recorded, and everything
else still runs (the other metrics, return flags, the digest)."""

from datetime import date

import pytest
from django.core import mail

from accounts.roles import Role
from kit.periods import Month
from oversight.assessments.models import Assessment
from oversight.flags.models import Flag, NightlyRun
from oversight.flags.nightly import nightly_run
from tests.accounts.factories import user_with_role
from tests.metrics.factories import ObservationFactory

pytestmark = pytest.mark.django_db

MONTHS = Month.between(Month(2023, 3), Month(2024, 4))  # 14 months


def _series(force, metric, values):
    for month, value in zip(MONTHS, values, strict=True):
        ObservationFactory(
            force=force,
            metric=metric,
            period=month.first_day,
            numerator=value * 10,
            denominator=1000,
            value=value,
        )


def test_a_failing_metric_is_recorded_and_the_rest_of_the_night_runs(force_a, caplog):
    user_with_role(Role.ANALYST, username="digest-reader")
    # A figure that is not a number: the SPC of this metric cannot be computed.
    _series(force_a, "calls_answered_10s", [70.0] * 13 + [float("inf")])
    # A real signal on another metric: knife crime far above its limits in the last month.
    _series(force_a, "knife_crime_rate", [5.0, 5.2, 4.9, 5.1, 5.0, 4.8, 5.1] * 2)
    ObservationFactory(
        force=force_a, metric="knife_crime_rate", period=date(2024, 5, 1), value=12.0
    )

    result = nightly_run(since=None, today=date(2024, 6, 20))

    assert [(f["step"], f["metric"]) for f in result["failures"]] == [
        ("spc", "calls_answered_10s"),
        ("target", "calls_answered_10s"),
        ("assessments", "calls_answered_10s"),
    ]
    assert "infinite" in result["failures"][0]["error"] or "NaN" in result["failures"][0]["error"]
    assert "calls_answered_10s" in caplog.text
    flags = Flag.objects.filter(force=force_a)
    assert flags.filter(metric="knife_crime_rate", rule=Flag.Rule.OUTSIDE_LIMITS).exists()
    assert flags.filter(rule=Flag.Rule.MISSING).exists()  # return flags still ran
    assert len(mail.outbox) == 1  # and so did the digest
    # The other metrics were assessed.
    assert Assessment.objects.filter(metric="knife_crime_rate", force=force_a).exists()
    assert not Assessment.objects.filter(metric="calls_answered_10s").exists()
    assert NightlyRun.objects.get().result["failures"] == result["failures"]


def test_no_spc_flag_on_trial_limits_of_the_latest_group(force_a):
    from metrics.models import RecordingChange

    # 20 months, but an accepted change 6 months ago leaves 6 points in the latest group.
    months = Month.between(Month(2022, 9), Month(2024, 4))
    for month, value in zip(months, [5.0, 5.1, 4.9] * 6 + [5.0, 20.0], strict=True):
        ObservationFactory(
            force=force_a, metric="knife_crime_rate", period=month.first_day, value=value
        )
    RecordingChange.objects.create(
        force=force_a,
        dataset="recorded_crime",
        effective_from=date(2023, 11, 1),
        description="New crime recording system",
        status=RecordingChange.Status.ACCEPTED,
    )
    nightly_run(since=None, today=date(2024, 5, 2))
    assert not Flag.objects.filter(metric="knife_crime_rate", rule__in=Flag.SPC_RULES).exists()


def test_spc_flag_names_the_missing_months(force_a):
    months = [m for m in Month.between(Month(2023, 1), Month(2024, 3)) if m != Month(2023, 6)]
    values = [5.0, 5.1, 4.9, 5.0, 5.2, 4.8, 5.1, 5.0, 4.9, 5.1, 5.0, 4.9, 5.0, 15.0]
    for month, value in zip(months, values, strict=True):
        ObservationFactory(
            force=force_a, metric="knife_crime_rate", period=month.first_day, value=value
        )
    nightly_run(since=None, today=date(2024, 4, 2))
    flag = Flag.objects.get(metric="knife_crime_rate", rule=Flag.Rule.OUTSIDE_LIMITS)
    assert flag.detail["missing_months"] == ["2023-06"]
    assert flag.detail["points_in_group"] == 14
    # The month's counts travel with the flag, so disclosure can judge it without a query.
    assert flag.detail["numerator"] == 40.0 and flag.detail["denominator"] == 618806.0


def test_no_missing_return_flag_before_a_collection_starts(force_a):
    from metrics.datasets import DATASETS
    from metrics.models import CollectionStart

    for dataset in DATASETS:
        CollectionStart.objects.create(
            force=force_a, dataset=dataset, first_period=date(2024, 5, 1)
        )
    nightly_run(since=None, today=date(2024, 6, 20))  # looks at March, April and May
    missing = Flag.objects.filter(force=force_a, rule=Flag.Rule.MISSING)
    assert {f.period for f in missing} == {date(2024, 5, 1)}


def test_a_quarterly_measure_is_charted_quarter_on_quarter_not_as_gaps(force_a):
    # Fourteen quarters of public confidence, one quarter (July 2024) not sent, the latest
    # far below: the months inside each quarter are no gaps, the missing quarter is one.
    quarters = [
        Month(2022, 1) + 3 * i for i in range(15) if Month(2022, 1) + 3 * i != Month(2024, 7)
    ]
    values = [66.0, 67.1, 65.8, 66.4, 66.9, 65.9, 66.2, 66.7, 66.1, 65.7, 66.5, 66.3, 66.0, 52.0]
    for quarter, value in zip(quarters, values, strict=True):
        ObservationFactory(
            force=force_a,
            metric="public_confidence",
            period=quarter.first_day,
            value=value,
            numerator=value * 8,
            denominator=800.0,
        )
    nightly_run(since=None, today=date(2025, 8, 2))
    flag = Flag.objects.get(metric="public_confidence", rule=Flag.Rule.OUTSIDE_LIMITS)
    assert flag.period == date(2025, 7, 1)
    assert flag.detail["missing_months"] == ["2024-07"]
    assert flag.detail["points_in_group"] == 14
