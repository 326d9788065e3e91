"""SPC limits are recalculated from a declared recording change, on charts and for flags;
and the nightly run is a singleton."""

from datetime import date

import pandas as pd
import pytest
from django.db import connection

from kit.locks import LockNamespace
from metrics.models import Observation
from metrics.returns.models import RecordingChange
from oversight.flags.detectors import spc_candidates
from oversight.flags.nightly import nightly_run

pytestmark = pytest.mark.django_db

# 14 months of 999 answering at about 80%, dropping to about 60% from the ninth month, as a
# new command-and-control system counts calls differently.
VALUES = [80, 81, 79, 80, 82, 78, 80, 81, 60, 61, 59, 60, 62, 61]
PERIODS = [date(2023 + (i + 2) // 12, (i + 2) % 12 + 1, 1) for i in range(14)]


def frame(force_id):
    return pd.DataFrame(
        {
            "force_id": force_id,
            "metric": "calls_answered_10s",
            "period": PERIODS,
            "numerator": None,
            "denominator": None,
            "value": VALUES,
        }
    )


def test_a_step_is_a_concern_without_a_declared_change(force_a):
    found = spc_candidates(frame(force_a.pk), {})
    assert len(found) == 1
    assert found[0].rule in {"outside_limits", "run", "two_of_three"}
    assert found[0].period == PERIODS[-1]


def test_limits_recalculated_from_a_recording_change_leave_no_signal(force_a):
    changes = {(force_a.pk, "emergency_calls"): [PERIODS[8]]}
    assert spc_candidates(frame(force_a.pk), changes) == []


def test_force_metric_page_annotates_the_change_and_recalculates(client, analyst, force_a):
    for period, value in zip(PERIODS, VALUES, strict=True):
        Observation.objects.create(
            force=force_a,
            metric="calls_answered_10s",
            period=period,
            numerator=value,
            denominator=100,
            value=value,
        )
    RecordingChange.objects.create(
        force=force_a,
        dataset="emergency_calls",
        effective_from=PERIODS[8],
        description="New CAD system",
        status=RecordingChange.Status.ACCEPTED,
    )
    client.force_login(analyst)
    page = client.get("/forces/durham/metrics/calls_answered_10s/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "recording change" in html and "limits are recalculated" in html
    points = page.context["points"]
    assert points[7][1].mean == pytest.approx(80.125)  # the group before the change
    assert points[8][1].mean == pytest.approx(60.5)  # the group after it
    assert not any(p.special_cause for _, p, *_ in points)
    assert 'id="metric-chart"' in html and "plotly.min.js" in html


def test_pcc_cannot_see_another_forces_chart(client, pcc_b):
    client.force_login(pcc_b)
    assert client.get("/forces/durham/metrics/calls_answered_10s/").status_code == 404
    assert client.get("/forces/cumbria/metrics/no_such_metric/").status_code == 404


def test_nightly_run_is_a_singleton():
    import psycopg

    db = connection.settings_dict
    other = psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s, 0)", [int(LockNamespace.NIGHTLY_RUN)])
        assert nightly_run(today=date(2024, 5, 1)) == {"skipped": True}
        # Released at once, not when the server gets round to ending the closed session.
        other.execute("SELECT pg_advisory_unlock(%s, 0)", [int(LockNamespace.NIGHTLY_RUN)])
    finally:
        other.close()
    assert "new_flags" in nightly_run(today=date(2024, 5, 1))
