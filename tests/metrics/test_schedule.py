"""The overnight run's schedule."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def beat_schedule(**env) -> str:
    code = (
        "from django.conf import settings; s = settings.CELERY_BEAT_SCHEDULE['overnight-returns'];"
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


def test_overnight_run_defaults_to_two_in_the_morning_london_time():
    assert beat_schedule() == "metrics.tasks.process_received_returns [2] [0] Europe/London"


def test_overnight_run_time_is_configurable():
    out = beat_schedule(OVERNIGHT_RUN_HOUR="23", OVERNIGHT_RUN_MINUTE="30")
    assert out == "metrics.tasks.process_received_returns [23] [30] Europe/London"
