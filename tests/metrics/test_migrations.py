"""Recording changes and return reminders moved from oversight to metrics (metrics 0005,
oversight 0003) in state only: migrating forward keeps every row, loaded returns included."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from metrics.models import EmergencyCallRecord, RecordingChange, Return, ReturnReminder
from metrics.returns.services import return_process
from tests.conftest import ensure_reference_data
from tests.metrics.conftest import emergency_calls_file, upload

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BEFORE_THE_MOVE = [("metrics", "0004_observation_page_index"), ("oversight", "0002_flags")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_migrating_forward_keeps_loaded_returns_changes_and_reminders(api_as, officer_a):
    ensure_reference_data()
    rid = upload(api_as(officer_a), emergency_calls_file()).json()["id"]
    return_process(return_id=rid)
    assert Return.objects.get(pk=rid).status == Return.Status.LOADED

    old = _migrate(BEFORE_THE_MOVE)
    force = old.get_model("forces", "Force").objects.get(slug="durham")
    old.get_model("oversight", "RecordingChange").objects.create(
        force=force,
        dataset="emergency_calls",
        effective_from=date(2024, 3, 1),
        description="New command-and-control system",
    )
    old.get_model("oversight", "ReturnReminder").objects.create(
        force=force, dataset="workforce", period=date(2024, 3, 1), kind="after", status="missing"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    change = RecordingChange.objects.get()
    assert (change.force.slug, change.dataset, change.effective_from) == (
        "durham",
        "emergency_calls",
        date(2024, 3, 1),
    )
    assert ReturnReminder.objects.get().kind == "after"
    assert Return.objects.get(pk=rid).status == Return.Status.LOADED
    assert EmergencyCallRecord.objects.filter(source_return_id=rid).count() == 3
