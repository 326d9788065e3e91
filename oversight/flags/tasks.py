"""Thin Celery tasks about flags."""

from celery import shared_task

from oversight.flags.nightly import nightly_run


@shared_task
def nightly_analysis() -> dict:
    """After the overnight load: refresh observations, raise flags, send the digest. A
    singleton under a PostgreSQL advisory lock."""
    return nightly_run()
