"""The national overview: forces × priority areas from the stored assessments, in name order,
for those who see every force; a PCC and a force data officer never get it."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forces.models import Force
from oversight.assessments.models import Assessment

pytestmark = pytest.mark.django_db


def _assess(force, metric="knife_crime_rate", **fields):
    defaults = {
        "period": date(2026, 10, 1),
        "numerator": 40.0,
        "denominator": 600_000.0,
        "value": 6.7,
        "points": 24,
        "variation": "concern",
        "side": "high",
    }
    return Assessment.objects.create(force=force, metric=metric, **{**defaults, **fields})


def test_analyst_sees_each_forces_headline_verdicts_in_name_order(client, analyst, force_a):
    _assess(force_a, funnel_category="high_998")
    client.force_login(analyst)
    page = client.get("/").content.decode()
    assert "National overview" in page
    assert "Special cause: concern (high)" in page
    assert "Above the 99.8% limit" in page
    assert "/forces/durham/metrics/knife_crime_rate/" in page
    names = [f.name for f in Force.objects.order_by("name")]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)  # alphabetical, never ranked


def test_force_data_officer_is_sent_to_their_returns(client, officer_a):
    client.force_login(officer_a)
    assert client.get("/")["Location"] == "/returns/"


def test_overview_runs_the_same_queries_whatever_the_number_of_assessments(client, analyst):
    client.force_login(analyst)
    forces = list(Force.objects.all())
    _assess(forces[0])
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for force in forces[1:]:
        for metric in ("knife_crime_rate", "crime_rate", "vawg_rate", "csa_rate"):
            _assess(force, metric=metric)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
