"""The metric explorer at /metrics/<code>/: a funnel plot of one metric across the forces for
a month, quarter or year, and a table in name or region order; a PCC sees only their own
point, the limits and the national figure."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from forces.models import Force
from metrics.catalogue import METRICS, METRICS_BY_CODE, PRIORITY_AREAS
from metrics.observations.models import Observation
from oversight.explorer import period_in
from tests.metrics.factories import ObservationFactory

pytestmark = pytest.mark.django_db
Level = Observation.Level
MONTHS = [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def _load(
    forces, months=MONTHS, metric="knife_crime_rate", outlier=None, numerator=40.0, national=True
):
    for i, force in enumerate(forces):
        for period in months:
            n = 400.0 if force == outlier else numerator + i % 4
            ObservationFactory(
                force=force, metric=metric, period=period, numerator=n, denominator=600_000.0
            )
    for period in months if national else ():
        ObservationFactory(
            level=Level.NATIONAL, force=None, metric=metric, period=period, value=7.0
        )


def _funnel(page: str) -> dict | None:
    found = re.search(r'<script id="funnel-chart" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1)) if found else None


def _points(figure: dict) -> list[str]:
    return next(t for t in figure["data"] if t["name"] == "forces")["text"]


@pytest.fixture
def forces(reference_data):
    return list(Force.objects.order_by("name")[:12])


def test_analyst_sees_every_force_in_the_funnel_and_in_name_order(client, analyst, forces):
    _load(forces, outlier=forces[3])
    client.force_login(analyst)
    response = client.get("/metrics/knife_crime_rate/")
    page = response.content.decode()
    figure = _funnel(page)
    assert sorted(_points(figure)) == sorted(f.name for f in forces)
    names = {t["name"] for t in figure["data"]}
    assert {"95% limits", "99.8% limits", "national"} <= names
    rows = response.context["explorer"].rows
    assert [r.force.name for r in rows if r.value is not None] == [f.name for f in forces]
    assert {r.force: r.category for r in rows}[forces[3]] == "high_998"
    assert "Above the 99.8% limit" in page
    assert response.context["explorer"].label == "2024-03"  # the latest month by default


def test_region_order_groups_the_forces_by_region(client, analyst, forces):
    _load(forces)
    client.force_login(analyst)
    rows = client.get("/metrics/knife_crime_rate/?sort=region").context["explorer"].rows
    keys = [(r.force.region.name, r.force.name) for r in rows]
    assert keys == sorted(keys)


def test_a_quarter_adds_up_its_months_and_leaves_out_a_force_missing_one(client, analyst, forces):
    _load(forces[:11])
    _load([forces[11]], months=MONTHS[:2], national=False)
    client.force_login(analyst)
    explorer = client.get("/metrics/knife_crime_rate/?frequency=quarter").context["explorer"]
    assert explorer.label == "2024-Q1"
    by_force = {r.force: r for r in explorer.rows}
    assert by_force[forces[0]].numerator == 120.0  # three months of 40
    assert by_force[forces[11]].value is None
    assert forces[11].name not in _points(explorer.figure())


def test_a_quarterly_measure_has_its_quarters_and_years_from_one_figure_a_quarter(
    client, analyst, forces
):
    quarters = [date(2024, 1, 1), date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1)]
    for i, force in enumerate(forces):
        for period in quarters:
            share = 60.0 + i
            ObservationFactory(
                force=force,
                metric="public_confidence",
                period=period,
                numerator=share * 5,
                denominator=500.0,
                value=share,
            )
    for period in quarters:
        ObservationFactory(
            level=Level.NATIONAL, force=None, metric="public_confidence", period=period, value=65.0
        )
    client.force_login(analyst)
    quarter = client.get("/metrics/public_confidence/?frequency=quarter").context["explorer"]
    assert quarter.label == "2024-Q4" and quarter.figure() is not None
    assert {r.force: r.value for r in quarter.rows}[forces[2]] == pytest.approx(62.0)
    year = client.get("/metrics/public_confidence/?frequency=year").context["explorer"]
    assert year.label == "2024"
    assert {r.force: r.denominator for r in year.rows}[forces[0]] == 2000.0


def test_changing_the_frequency_keeps_the_place_in_time(client, analyst, forces):
    _load(forces)
    client.force_login(analyst)
    response = client.get("/metrics/knife_crime_rate/?frequency=quarter&period=2024-02")
    assert response.context["explorer"].label == "2024-Q1"


def test_a_month_of_an_unfinished_quarter_opens_the_quarter_before(client, analyst, forces):
    _load(forces, months=[*MONTHS, date(2024, 4, 1)])
    client.force_login(analyst)
    response = client.get("/metrics/knife_crime_rate/?frequency=quarter&period=2024-04")
    assert response.context["explorer"].label == "2024-Q1"


def test_period_in():
    assert period_in("2024-06", "quarter") == "2024-Q2"
    assert period_in("2024-Q3", "month") == "2024-09"
    assert period_in("2024", "quarter") == "2024-Q4"
    with pytest.raises(ValueError, match="not a month"):
        period_in("June", "month")


def test_a_period_without_figures_is_a_clear_error(client, analyst, forces):
    _load(forces)
    client.force_login(analyst)
    response = client.get("/metrics/knife_crime_rate/?period=2019-01")
    assert response.status_code == 400
    name = METRICS_BY_CODE["knife_crime_rate"].name
    assert f"There are no complete figures of {name} for 2019-01" in response.content.decode()
    assert client.get("/metrics/no_such_metric/").status_code == 404


def test_too_few_forces_give_no_funnel_but_the_table(client, analyst, forces):
    _load(forces[:9])
    client.force_login(analyst)
    page = client.get("/metrics/knife_crime_rate/").content.decode()
    assert _funnel(page) is None
    assert "Too few forces" in page and forces[0].name in page


def test_pcc_sees_only_their_own_point_with_the_limits(client, pcc_a, force_a, forces):
    _load(forces, outlier=forces[3])
    client.force_login(pcc_a)
    response = client.get("/metrics/knife_crime_rate/")
    figure = _funnel(response.content.decode())
    assert _points(figure) == [force_a.name]
    assert {"95% limits", "99.8% limits", "national"} <= {t["name"] for t in figure["data"]}
    assert [r.force for r in response.context["explorer"].rows] == [force_a]
    assert forces[3].name not in response.content.decode()


def test_a_pccs_funnel_shows_the_limits_about_their_point_on_an_axis_from_zero(
    client, pcc_a, force_a, forces
):
    _load(forces, outlier=forces[3])
    client.force_login(pcc_a)
    response = client.get("/metrics/knife_crime_rate/")
    figure = _funnel(response.content.decode())
    low, high = figure["layout"]["yaxis"]["range"]
    upper = next(t for t in figure["data"] if t["name"] == "99.8% limits")
    nearest = min(zip(upper["x"], upper["y"], strict=True), key=lambda p: abs(p[0] - 600_000))
    assert low <= 0 and high >= nearest[1]  # a rate's axis from zero, the limits in view
    row = response.context["explorer"].rows[0]
    words = response.context["explorer"].compared()
    gap = (row.value - 7.0) / 7.0 * 100
    assert words.startswith(f"{force_a.name}: {row.value:.2f} per 100,000 residents, ")
    assert f"{abs(gap):.0f}% {'above' if gap >= 0 else 'below'} England and Wales (7.00)" in words
    assert words in response.content.decode().replace("&#x27;", "'")


def test_a_pcc_is_told_when_their_figure_cannot_be_judged_yet(client, pcc_a, force_a, forces):
    _load(forces, national=False)
    client.force_login(pcc_a)
    response = client.get("/metrics/knife_crime_rate/")
    words = response.context["explorer"].compared()
    assert "is not yet final, so how far this is from it cannot be judged yet" in words


def test_pcc_does_not_see_their_own_small_count(client, pcc_a, force_a, forces):
    others = [f for f in forces if f != force_a]
    _load(others, metric="csa_rate", numerator=30.0)
    _load([force_a], metric="csa_rate", numerator=2.0, national=False)
    client.force_login(pcc_a)
    response = client.get("/metrics/csa_rate/")
    (row,) = response.context["explorer"].rows
    assert row.suppressed and row.value is None and row.category == ""
    figure = _funnel(response.content.decode())
    assert figure is None or _points(figure) == []


def test_force_data_officer_cannot_open_the_explorer(client, officer_a):
    client.force_login(officer_a)
    assert client.get("/metrics/knife_crime_rate/").status_code == 404
    assert client.get("/metrics/").status_code == 404


@pytest.mark.parametrize("persona", ["analyst", "pcc_a"])
def test_explorer_runs_the_same_queries_whatever_the_number_of_forces_and_months(
    client, request, persona, forces
):
    url = "/metrics/knife_crime_rate/?frequency=quarter&period=2024-Q1"
    _load(forces)
    client.force_login(request.getfixturevalue(persona))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _load(Force.objects.exclude(pk__in=[f.pk for f in forces]), national=False)
    _load(Force.objects.all(), months=[date(2022 + i // 12, i % 12 + 1, 1) for i in range(24)])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_measures_are_listed_by_area(client, analyst):
    client.force_login(analyst)
    page = client.get("/metrics/").content.decode()
    for area in PRIORITY_AREAS:
        assert f'id="{slugify(area)}"' in page
    at = {area: page.index(f'id="{slugify(area)}"') for area in PRIORITY_AREAS}
    for metric in METRICS:  # each under its own area's heading
        link = page.index(f'href="/metrics/{metric.code}/"')
        following = [a for a in PRIORITY_AREAS if at[a] > at[metric.priority_area]]
        assert at[metric.priority_area] < link < min((at[a] for a in following), default=len(page))
    assert f"{len(METRICS)} measures in {len(PRIORITY_AREAS)} priority areas" in page
