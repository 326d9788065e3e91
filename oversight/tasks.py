from datetime import date

from celery import shared_task

from oversight.reminders import return_reminders_send


@shared_task
def send_return_reminders(today: str | None = None) -> int:
    """The daily run: remind forces of returns coming due and overdue. `today` (ISO date) is
    for tests and catching up; by default it is today in London."""
    return return_reminders_send(today=date.fromisoformat(today) if today else None)


@shared_task
def nightly_analysis() -> dict:
    """After the overnight load: refresh observations, raise flags, send the digest. A
    singleton under a PostgreSQL advisory lock."""
    from oversight.nightly import nightly_run

    return nightly_run()
