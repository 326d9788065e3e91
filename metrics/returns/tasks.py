"""Thin Celery tasks about returns; each calls a service."""

from datetime import date

from celery import shared_task
from django.db import close_old_connections

from metrics.returns import reminders, services


@shared_task(name=services.PROCESS_RETURN_TASK, bind=True, acks_late=True, max_retries=120)
def process_return(self, return_id: int, aggregates: bool = True) -> str | None:
    try:
        ret = services.return_process(return_id=return_id, aggregates=aggregates)
    except services.ReturnBusy as busy:
        # Another worker holds it, or a killed worker's connection is still closing.
        raise self.retry(countdown=5) from busy
    except Exception:
        # Even settling failed (the database connection broke, say): settle on a new one.
        close_old_connections()
        services.return_settle_after_fault(return_id)
        raise
    return ret.status if ret else None


@shared_task
def process_received_returns() -> int:
    """The overnight run."""
    return services.returns_queue_received()


@shared_task
def send_return_reminders(today: str | None = None) -> int:
    """The daily run: remind forces of returns coming due and overdue. `today` (ISO date) is
    for tests and catching up; by default it is today in London."""
    return reminders.return_reminders_send(today=date.fromisoformat(today) if today else None)
