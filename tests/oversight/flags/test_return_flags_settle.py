"""A missing or rejected return flag is closed by the nightly run once a return for its month
loads, with a note and an audit entry; a late flag, and a flag whose return still fails, stay."""

from datetime import date

import pytest

from accounts.models import AuditEvent
from metrics.models import Return
from oversight.flags.models import Flag
from oversight.flags.nightly import nightly_run, return_flags_settle
from tests.metrics.factories import ReturnFactory, london
from tests.oversight.factories import ReturnFlagFactory

pytestmark = pytest.mark.django_db

MARCH, TODAY = date(2024, 3, 1), date(2024, 6, 20)


def _flag(force, rule, status=Flag.Status.NEW):
    return ReturnFlagFactory(force=force, dataset="emergency_calls", period=MARCH, rule=rule,
                             status=status)  # fmt: skip


def test_a_missing_flag_closes_once_its_return_loads(force_a):
    flag = _flag(force_a, Flag.Rule.MISSING, status=Flag.Status.ACKNOWLEDGED)
    ReturnFactory(force=force_a, period=MARCH, submitted_at=london(2024, 6, 1, 9, 0))
    assert return_flags_settle(today=TODAY) == 1
    flag.refresh_from_db()
    assert flag.status == Flag.Status.CLOSED and flag.status_changed_by is None
    assert flag.comments.get().text == (
        "Closed by the nightly run: the return for March 2024 is now late."
    )
    assert AuditEvent.objects.filter(object_id=str(flag.pk), detail__status="closed").exists()


def test_a_rejected_flag_closes_once_a_corrected_version_loads(force_a):
    flag = _flag(force_a, Flag.Rule.REJECTED)
    ReturnFactory(force=force_a, period=MARCH, status=Return.Status.REJECTED)
    assert return_flags_settle(today=TODAY) == 0
    ReturnFactory(force=force_a, period=MARCH, submitted_at=london(2024, 4, 3, 9, 0))
    assert nightly_run(today=TODAY)["settled_flags"] == 1
    flag.refresh_from_db()
    assert flag.status == Flag.Status.CLOSED


@pytest.mark.parametrize("status", [Return.Status.REJECTED, Return.Status.RECEIVED])
def test_a_flag_stays_while_its_month_has_no_loaded_return(force_a, status):
    flag = _flag(force_a, Flag.Rule.MISSING)
    ReturnFactory(force=force_a, period=MARCH, status=status)
    assert return_flags_settle(today=TODAY) == 0
    flag.refresh_from_db()
    assert flag.status == Flag.Status.NEW and not flag.comments.exists()


def test_a_late_flag_stays_true_after_the_return_loads(force_a):
    flag = _flag(force_a, Flag.Rule.LATE)
    ReturnFactory(force=force_a, period=MARCH, submitted_at=london(2024, 6, 1, 9, 0))
    assert return_flags_settle(today=TODAY) == 0
    flag.refresh_from_db()
    assert flag.status == Flag.Status.NEW


def test_another_forces_return_settles_nothing(force_a, force_b):
    flag = _flag(force_a, Flag.Rule.MISSING)
    ReturnFactory(force=force_b, period=MARCH)
    assert return_flags_settle(today=TODAY) == 0
    flag.refresh_from_db()
    assert flag.status == Flag.Status.NEW
