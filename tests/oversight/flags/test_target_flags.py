"""Targets through assurance: a flag opens when a force's process will consistently fail the
metric's target (or hits and misses it with a special cause of concern in its latest month),
stays one flag while that holds, and closes itself, with a note, when the assurance improves."""

from datetime import date

import pytest

from forces.models import Force
from kit.periods import Month
from metrics.models import Observation
from oversight.flags.models import Flag, FlagComment
from oversight.flags.nightly import nightly_run
from tests.metrics.factories import ObservationFactory

pytestmark = pytest.mark.django_db
FIRST = Month(2025, 1)
CALLS = 20_000.0


def month(i: int) -> date:
    return (FIRST + i).first_day


def answered(force, i: int, share: float) -> Observation:
    return ObservationFactory(
        force=force,
        metric="calls_answered_10s",
        period=month(i),
        numerator=share / 100 * CALLS,
        denominator=CALLS,
        value=share,
    )


def wobble(i: int) -> float:
    return (-1.0, 0.5, 1.0, -0.5, 0.0)[i % 5]


def night(i: int) -> dict:
    return nightly_run(today=(FIRST + i + 1).first_day.replace(day=20))


def standard_flags(force):
    return Flag.objects.filter(force=force, rule=Flag.Rule.TARGET_MISSED)


@pytest.fixture
def durham(reference_data):
    return Force.objects.get(slug="durham")


def test_a_process_that_keeps_failing_has_one_flag_not_one_a_month(durham):
    for i in range(20):
        answered(durham, i, 65 + wobble(i))
    night(19)
    (flag,) = standard_flags(durham)
    assert flag.detail["assurance"] == "fail"
    assert flag.detail["target"] == 90 and flag.detail["upl"] < 90
    assert "consistently fails the target of 90" in flag.summary
    for i in range(20, 24):  # four more nights, each with a month still failing
        answered(durham, i, 65 + wobble(i))
        night(i)
    assert standard_flags(durham).count() == 1
    assert standard_flags(durham).get().status == Flag.Status.NEW


def test_the_flag_closes_itself_with_a_note_when_the_assurance_improves(durham):
    for i in range(20):
        answered(durham, i, 65 + wobble(i))
    night(19)
    # The force's figures are restated: the process hits and misses 90, in common cause.
    for o in Observation.objects.filter(force=durham, metric="calls_answered_10s"):
        o.value = 90 + 2 * wobble(o.period.month)
        o.save()
    result = night(19)
    flag = standard_flags(durham).get()
    assert flag.status == Flag.Status.CLOSED and result["settled_flags"] >= 1
    note = FlagComment.objects.get(flag=flag).text
    assert note.startswith("Closed by the nightly run: the process no longer consistently fails")


def test_a_flag_someone_closed_is_not_raised_again_while_the_process_still_fails(durham, analyst):
    for i in range(20):
        answered(durham, i, 65 + wobble(i))
    night(19)
    flag = standard_flags(durham).get()
    flag.status, flag.status_changed_by = Flag.Status.CLOSED, analyst
    flag.save()
    answered(durham, 20, 65)
    night(20)
    assert standard_flags(durham).count() == 1


def test_hit_and_miss_flags_only_a_latest_month_of_concern(durham):
    for i in range(19):
        answered(durham, i, 90 + 2 * wobble(i))
    night(18)
    assert not standard_flags(durham).exists()  # hits and misses, in common cause
    answered(durham, 19, 70)  # far below the lower limit: a special cause of concern
    night(19)
    (flag,) = standard_flags(durham)
    assert flag.detail["assurance"] == "inconsistent"
    assert flag.detail["latest_special_cause"] is True
    assert flag.period == month(19)


def test_short_series_raise_no_standard_flag(durham):
    for i in range(11):  # trial limits: the process is not yet known
        answered(durham, i, 60)
    night(10)
    assert not standard_flags(durham).exists()
