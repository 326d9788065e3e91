"""A force's history in one step: one aggregate file of many months, split into monthly
aggregate returns and loaded; a bad month sends nothing."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from metrics.datasets import DATASETS
from metrics.models import Observation, Return
from tests.metrics.conftest import csv_bytes

pytestmark = pytest.mark.django_db
HEADER = DATASETS["emergency_calls"].aggregate.versions[0].headers


def history(rows) -> bytes:
    return csv_bytes(HEADER, rows)


def load(tmp_path, content: bytes, *args):
    path = tmp_path / "history.csv"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("load_history", "durham", "emergency_calls", str(path), *args, stdout=out)
    return out.getvalue()


def test_history_is_split_into_monthly_returns_and_loaded(tmp_path, administrator, force_a):
    rows = [
        ["durham", month, "true", "0-10", n]
        for month, n in (("2024-01", 70), ("2024-02", 80), ("2024-03", 90))
    ]
    rows += [["durham", month, "false", "", 10] for month in ("2024-01", "2024-02", "2024-03")]
    said = load(tmp_path, history(rows), "--user", administrator.username)
    assert "sent 3 monthly aggregate returns, 2024-01 to 2024-03" in said
    assert "3 loaded" in said
    returns = Return.objects.filter(force=force_a).order_by("period")
    assert [(r.period_label, r.kind, r.version, r.rows_total) for r in returns] == [
        ("2024-01", "aggregate", 1, 2),
        ("2024-02", "aggregate", 1, 2),
        ("2024-03", "aggregate", 1, 2),
    ]
    shares = Observation.objects.filter(
        metric="calls_answered_10s", level="force", force=force_a
    ).order_by("period")
    assert [round(o.value, 1) for o in shares] == [87.5, 88.9, 90.0]


def test_a_row_whose_month_cannot_be_read_sends_nothing(tmp_path, administrator, force_a):
    rows = [["durham", "2024-01", "true", "0-10", 70], ["durham", "Feb-24", "true", "0-10", 7]]
    with pytest.raises(CommandError, match="Row 3: month must be"):
        load(tmp_path, history(rows), "--user", administrator.username)
    assert not Return.objects.exists()


def test_a_months_history_cannot_be_sent_for_another_force(tmp_path, officer_b, force_a):
    rows = [["durham", "2024-01", "true", "0-10", 70]]
    with pytest.raises(CommandError, match="may not send returns for Durham"):
        load(tmp_path, history(rows), "--user", officer_b.username)
    assert not Return.objects.exists()


def test_history_later_leaves_the_returns_to_the_overnight_run(tmp_path, administrator):
    rows = [["durham", "2024-01", "true", "0-10", 70]]
    load(tmp_path, history(rows), "--user", administrator.username, "--later")
    assert Return.objects.get().status == "received"
    assert Return.objects.get().period == date(2024, 1, 1)
