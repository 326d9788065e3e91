"""Thin Celery tasks about Engage."""

from datetime import date

from celery import shared_task

from engage.section55 import section_55_reminders_send


@shared_task
def send_section_55_reminders(today: str | None = None) -> int:
    """The daily run: remind PCCs of section 55 responses coming due. `today` (ISO date) is
    for tests and catching up."""
    return section_55_reminders_send(today=date.fromisoformat(today) if today else None)
