"""Celery beat: each scheduled job, its default time (Europe/London) and its settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def beat_schedule(entry: str, **env) -> str:
    code = (
        f"from django.conf import settings; s = settings.CELERY_BEAT_SCHEDULE['{entry}'];"
        " print(s['task'], sorted(s['schedule'].hour), sorted(s['schedule'].minute),"
        " settings.CELERY_TIMEZONE)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "entry, task, default, setting",
    [
        (
            "overnight-returns",
            "metrics.returns.tasks.process_received_returns",
            "[2] [0]",
            "OVERNIGHT_RUN",
        ),
        (
            "nightly-analysis",
            "oversight.flags.tasks.nightly_analysis",
            "[4] [0]",
            "NIGHTLY_ANALYSIS",
        ),
        (
            "return-reminders",
            "metrics.returns.tasks.send_return_reminders",
            "[7] [0]",
            "REMINDER_RUN",
        ),
    ],
)
def test_beat_jobs_run_at_their_default_time_and_can_be_moved(entry, task, default, setting):
    assert beat_schedule(entry) == f"{task} {default} Europe/London"
    moved = beat_schedule(entry, **{f"{setting}_HOUR": "23", f"{setting}_MINUTE": "30"})
    assert moved == f"{task} [23] [30] Europe/London"
