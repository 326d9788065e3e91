"""Reminders to forces about returns coming due and returns overdue (DESIGN section 5)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from forces.models import Force
from kit.periods import Month
from metrics.datasets import DATASETS
from metrics.returns.completeness import (
    Cell,
    Status,
    completeness_cells,
    london_today,
)
from metrics.returns.models import ReturnReminder
from metrics.returns.notifications import data_officers_of

NOT_IN_YET = {Status.NOT_DUE, Status.MISSING, Status.REJECTED}


def reminder_kind(cell: Cell, *, today: date) -> str | None:
    """Which reminder the cell is owed today, if any. Before: from REMINDER_DAYS_BEFORE days
    before the due date until the due day, while nothing has loaded or waits. After: once the
    due date has passed with the return missing or rejected, for REMINDER_LOOKBACK_DAYS days
    (so that a first run, or one after an outage, does not write about months long gone)."""
    if cell.status not in NOT_IN_YET:
        return None
    days_to_due = (cell.due_date - today).days
    if 0 <= days_to_due <= settings.REMINDER_DAYS_BEFORE:
        return ReturnReminder.Kind.BEFORE
    if -settings.REMINDER_LOOKBACK_DAYS <= days_to_due < 0:
        return ReturnReminder.Kind.AFTER
    return None


def _candidate_periods(today: date) -> list[date]:
    """Months whose due date could fall in either reminder window (a quarter's return is due
    after its last month)."""
    reach = settings.REMINDER_LOOKBACK_DAYS + max(
        d.due_day + 31 * d.months_per_period for d in DATASETS.values()
    )
    first = Month.of(today - timedelta(days=reach))
    return [m.first_day for m in Month.between(first, Month.of(today))]


def return_reminders_send(*, today: date | None = None) -> int:
    """Email each force's data officers about every return they owe a reminder for today,
    each reminder once only. Safe to run twice, even at once. Returns how many were sent."""
    today = today or london_today()
    cells = completeness_cells(Force.objects.all(), periods=_candidate_periods(today), today=today)
    owed = [(cell, kind) for cell in cells if (kind := reminder_kind(cell, today=today))]
    sent = 0
    recipients_of = {}
    for cell, kind in owed:
        if cell.force.pk not in recipients_of:
            recipients_of[cell.force.pk] = data_officers_of(cell.force)
        sent += _send_once(cell, kind, recipients_of[cell.force.pk])
    return sent


def _send_once(cell: Cell, kind: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    # The row claims the reminder; if the email fails, the claim rolls back with it.
    with transaction.atomic():
        _, created = ReturnReminder.objects.get_or_create(
            force=cell.force,
            dataset=cell.dataset,
            period=cell.period,
            kind=kind,
            defaults={"status": cell.status, "recipients": recipients},
        )
        if not created:
            return 0
        subject, body = reminder_message(cell, kind)
        send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
    return 1


def reminder_message(cell: Cell, kind: str) -> tuple[str, str]:
    dataset = DATASETS[cell.dataset]
    month, due = f"{cell.period:%B %Y}", f"{cell.due_date:%-d %B %Y}"
    if dataset.cadence == "quarterly":
        month = f"the quarter beginning {month}"
    what = f"{cell.force.name}'s {dataset.name} return for {month}"
    if kind == ReturnReminder.Kind.BEFORE:
        subject = f"Return due {due}: {cell.force.name} {cell.dataset} {cell.period:%Y-%m}"
        opening = f"{what} is due by the end of {due}."
        if cell.status == Status.REJECTED:
            opening += " The version sent so far was rejected; please send a corrected file."
    else:
        subject = f"Return overdue: {cell.force.name} {cell.dataset} {cell.period:%Y-%m}"
        state = "was rejected" if cell.status == Status.REJECTED else "has not been received"
        opening = f"{what} was due by the end of {due} and {state}. Please send it as soon as"
        opening += " you can."
    lines = [
        opening,
        "",
        f"Send it through the API or the form: {settings.SITE_URL}{reverse('return-new')}",
        f"Its schema: {settings.SITE_URL}{reverse('api:dataset-detail', args=[cell.dataset])}",
    ]
    return subject, "\n".join(lines)
