"""Reminders to force data officers before and after a return's due date.

On 7 April 2024 the March returns of emergency_calls and incident_response (due 10 April)
are 3 days from due; nothing else is in either window: street_crime and recorded_crime are due
15 April, the others 20 April, and February's last due date (20 March) is 18 days gone.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail

from metrics.models import Return
from metrics.returns.models import ReturnReminder
from metrics.returns.reminders import return_reminders_send
from metrics.returns.tasks import send_return_reminders
from tests.metrics.factories import ReturnFactory, london

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
MARCH = date(2024, 3, 1)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.REMINDER_DAYS_BEFORE = 3
    settings.REMINDER_LOOKBACK_DAYS = 14


def sent() -> list[tuple[list[str], str]]:
    return sorted((message.to, message.subject) for message in mail.outbox)


def test_first_reminder_goes_n_days_before_to_each_forces_officers_only(
    officer_a, officer_b, force_b, pcc_a, analyst
):
    ReturnFactory(dataset="incident_response")  # durham's is loaded
    ReturnFactory(force=force_b, status=Return.Status.RECEIVED)  # cumbria's waits
    assert return_reminders_send(today=date(2024, 4, 7)) == 2
    assert sent() == [
        (
            [officer_a.email],
            "Return due 10 April 2024: Durham Constabulary emergency_calls 2024-03",
        ),
        (
            [officer_b.email],
            "Return due 10 April 2024: Cumbria Constabulary incident_response 2024-03",
        ),
    ]
    durham = next(m for m in mail.outbox if "Durham" in m.subject)
    assert durham.body.startswith(
        "Durham Constabulary's 999 calls return for March 2024 is due by the end of 10 April 2024."
    )


def test_no_reminder_earlier_than_n_days_before(officer_a):
    assert return_reminders_send(today=date(2024, 4, 6)) == 0
    assert mail.outbox == []


def test_days_before_is_a_setting(officer_a, settings):
    settings.REMINDER_DAYS_BEFORE = 4
    assert return_reminders_send(today=date(2024, 4, 6)) == 2


def test_a_reminder_is_never_sent_twice(officer_a):
    for day in range(7, 11):
        return_reminders_send(today=date(2024, 4, day))
    return_reminders_send(today=date(2024, 4, 10))
    assert len(mail.outbox) == 2
    assert ReturnReminder.objects.filter(kind="before").count() == 2


def test_second_reminder_goes_once_the_due_date_has_passed(officer_a):
    assert return_reminders_send(today=date(2024, 4, 10)) == 2
    assert return_reminders_send(today=date(2024, 4, 11)) == 2
    assert return_reminders_send(today=date(2024, 4, 11)) == 0
    return_reminders_send(today=date(2024, 4, 12))  # street and recorded crime come due
    overdue = [m for m in mail.outbox if m.subject.startswith("Return overdue")]
    assert sorted(m.subject for m in overdue) == [
        "Return overdue: Durham Constabulary emergency_calls 2024-03",
        "Return overdue: Durham Constabulary incident_response 2024-03",
    ]
    assert "was due by the end of 10 April 2024 and has not been received" in overdue[0].body


def test_rejected_return_is_reminded_before_and_after(officer_a):
    ReturnFactory(submitted_at=london(2024, 4, 2), status=Return.Status.REJECTED)
    return_reminders_send(today=date(2024, 4, 7))
    return_reminders_send(today=date(2024, 4, 11))
    reminders = ReturnReminder.objects.filter(dataset="emergency_calls")
    assert sorted(reminders.values_list("kind", "status")) == [
        ("after", "rejected"),
        ("before", "rejected"),
    ]
    overdue = next(m for m in mail.outbox if "overdue" in m.subject and "emergency" in m.subject)
    assert "was due by the end of 10 April 2024 and was rejected" in overdue.body


@pytest.mark.parametrize(
    "status", [Return.Status.LOADED, Return.Status.RECEIVED, Return.Status.VALIDATING]
)
def test_loaded_or_waiting_returns_get_no_reminder(officer_a, status):
    ReturnFactory(status=status)
    return_reminders_send(today=date(2024, 4, 7))
    return_reminders_send(today=date(2024, 4, 11))
    assert not ReturnReminder.objects.filter(dataset="emergency_calls").exists()


def test_a_month_of_daily_runs_sends_one_before_and_one_after_per_return(officer_a):
    day = date(2024, 4, 1)
    while day <= date(2024, 4, 30):
        return_reminders_send(today=day)
        day += timedelta(days=1)
    reminders = ReturnReminder.objects.all()
    # March: each of the 11 monthly datasets before and after (the quarterly surveys expect no
    # return for March). February: the six due 20 March are still within 14 days of it on 1
    # April. The surveys' first quarter, due 30 April: before only.
    assert reminders.filter(period=MARCH, kind="before").count() == 11
    assert reminders.filter(period=MARCH, kind="after").count() == 11
    assert sorted(reminders.filter(period=date(2024, 2, 1)).values_list("dataset", "kind")) == [
        ("misconduct_cases", "after"),
        ("neighbourhood_coverage", "after"),
        ("neighbourhood_queries", "after"),
        ("use_of_force", "after"),
        ("vetting_decisions", "after"),
        ("workforce", "after"),
    ]
    assert list(reminders.filter(period=date(2024, 1, 1)).values_list("dataset", "kind")) == [
        ("confidence_surveys", "before")
    ]
    assert reminders.count() == len(mail.outbox) == 29
    assert {tuple(m.to) for m in mail.outbox} == {(officer_a.email,)}


def test_force_without_data_officers_gets_nothing_and_nothing_is_recorded(force_a, pcc_a):
    assert return_reminders_send(today=date(2024, 4, 7)) == 0
    assert mail.outbox == [] and not ReturnReminder.objects.exists()


def test_task_sends_reminders_for_the_date_given(officer_a):
    assert send_return_reminders.delay("2024-04-07").get() == 2
    assert send_return_reminders.delay("2024-04-07").get() == 0
