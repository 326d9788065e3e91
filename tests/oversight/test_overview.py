"""The national overview: forces × priority areas from the stored assessments, in name order,
for those who see every force; a PCC and a force data officer never get it."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forces.models import Force
from tests.oversight.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def _assess(force, metric="knife_crime_rate", **fields):
    return AssessmentFactory(force=force, metric=metric, **fields)


def _map(page: str) -> dict:
    found = re.search(r'<script id="overview-map" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def test_analyst_sees_each_forces_headline_verdicts_in_name_order(client, analyst, force_a):
    _assess(force_a, funnel_category="high_998")
    client.force_login(analyst)
    page = client.get("/").content.decode()
    assert "National overview" in page
    page = page.split("Forces by priority area</h2>")[1]  # the grid, after the map
    # Each verdict is an icon with its words as its text alternative.
    assert 'alt="Special cause: concern (high)"' in page
    assert 'alt="Above the 99.8% limit"' in page
    assert "/forces/durham/metrics/knife_crime_rate/" in page
    # Each area's heading leads to every measure of the area.
    assert '/metrics/#knife-crime"' in page and '/metrics/#misconduct-and-vetting"' in page
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


def test_the_map_colours_each_force_area_by_the_chosen_measure(client, analyst, force_a, force_b):
    _assess(force_a, variation="concern", funnel_category="high_998")
    _assess(force_b, variation="common_cause", side="", funnel_category="within")
    client.force_login(analyst)
    figure = _map(client.get("/?map=knife_crime_rate").content.decode())
    traces = {t["name"]: t["locations"] for t in figure["data"]}
    assert traces["Special cause: concern"] == [force_a.ons_code]
    assert traces["Common cause variation"] == [force_b.ons_code]
    assert sum(len(codes) for codes in traces.values()) == Force.objects.count()
    assert all(t["geojson"].endswith("police_force_areas.geojson") for t in figure["data"])
    by_funnel = _map(client.get("/?map=knife_crime_rate&by=funnel").content.decode())
    traces = {t["name"]: t["locations"] for t in by_funnel["data"]}
    assert traces["Above the 99.8% limit"] == [force_a.ons_code]


def test_a_measure_not_on_the_overview_is_a_clear_error(client, analyst):
    client.force_login(analyst)
    response = client.get("/?map=no_such_metric")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_cell_short_of_the_latest_month_due_says_so(client, analyst, force_a):
    _assess(force_a, period=date(2024, 1, 1))
    client.force_login(analyst)
    grid = client.get("/").content.decode().split("Forces by priority area</h2>")[1]
    assert "not in</strong>" in grid.split("Durham")[1].split("</tr>")[0]


def test_the_boundaries_name_every_force_by_its_ons_code(reference_data):
    from django.contrib.staticfiles import finders

    with open(finders.find("geo/police_force_areas.geojson")) as boundaries:
        codes = {f["properties"]["id"] for f in json.load(boundaries)["features"]}
    assert codes == set(Force.objects.values_list("ons_code", flat=True))
