"""The force profile at /forces/<slug>/: every metric by priority area with a small XmR chart,
the latest month against the similar group and national figures, the nightly verdicts, open
flags and returns; for a PCC it is their start page, and no other force's."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forces.models import Force
from metrics.catalogue import METRICS_BY_CODE
from metrics.observations.models import Observation
from tests.engage.factories import CaseFactory, CauseFactory, PeelGradeFactory
from tests.metrics.factories import ObservationFactory
from tests.oversight.factories import AssessmentFactory, FlagFactory

pytestmark = pytest.mark.django_db
Level = Observation.Level


def _months(force, count, metric="knife_crime_rate", numerator=40.0, start=date(2024, 1, 1)):
    for i in range(count):
        period = date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        ObservationFactory(force=force, metric=metric, period=period, numerator=numerator + i % 3)


def _aggregates(force, period, metric="knife_crime_rate"):
    ObservationFactory(
        level=Level.SIMILAR_GROUP, force=force, metric=metric, period=period, value=5.5
    )
    ObservationFactory(level=Level.NATIONAL, force=None, metric=metric, period=period, value=7.25)


def _charts(page: str) -> dict:
    found = re.findall(r'<script id="(chart-[\w]+)" type="application/json">(.*?)</script>', page)
    return {name: json.loads(body) for name, body in found}


def test_analyst_sees_each_metric_with_its_chart_comparisons_and_verdicts(client, analyst, force_a):
    _months(force_a, 14)
    _aggregates(force_a, date(2025, 2, 1))
    AssessmentFactory(force=force_a, period=date(2025, 2, 1), funnel_category="high_95")
    client.force_login(analyst)
    page = client.get("/forces/durham/").content.decode()
    assert "Knife crime" in page and "Violence against women and girls" in page
    charts = _charts(page)
    assert set(charts) == {"chart-knife_crime_rate"}  # only metrics with figures are drawn
    assert len(charts["chart-knife_crime_rate"]["data"][0]["x"]) == 14
    assert "5.50" in page and "7.25" in page  # similar forces and England and Wales
    assert 'alt="Above the 95% limit"' in page  # the funnel's icon, its words as its alt
    assert 'alt="Common cause variation"' in page  # the chart's own verdict
    assert "/forces/durham/metrics/knife_crime_rate/" in page


def test_each_charts_data_table_has_a_row_per_month_in_lean_markup(client, analyst, force_a):
    _months(force_a, 3)
    client.force_login(analyst)
    page = client.get("/forces/durham/").content.decode()
    start = page.index(
        '<table class="govuk-table govuk-table--small-text-until-tablet app-data-table">'
    )
    table = page[start : page.index("</table>", start)]
    rows = re.findall(r"<tr><td>(\d{4}-\d\d)</td><td>[\d.]+</td><td>[\d.]+</td><td>", table)
    assert rows == ["2024-01", "2024-02", "2024-03"]  # the cells carry no classes of their own


def test_a_verdict_of_another_month_is_not_shown_as_the_latest(client, analyst, force_a):
    _months(force_a, 3)
    AssessmentFactory(force=force_a, period=date(2023, 1, 1), funnel_category="high_998")
    client.force_login(analyst)
    assert 'alt="Above the 99.8% limit"' not in client.get("/forces/durham/").content.decode()


def test_open_flags_are_listed_and_closed_ones_are_not(client, analyst, force_a):
    FlagFactory(force=force_a, period=date(2025, 1, 1))
    FlagFactory(force=force_a, period=date(2025, 2, 1), status="closed")
    client.force_login(analyst)
    page = client.get("/forces/durham/").content.decode()
    assert "1 open flag" in page


def test_pcc_start_page_is_their_own_profile(client, pcc_a, force_a, force_b):
    _months(force_a, 3)
    _months(force_b, 3)
    client.force_login(pcc_a)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["force"] == force_a
    assert "Durham" in response.content.decode()


def test_pcc_cannot_open_another_forces_profile_or_chart(client, pcc_a, force_b):
    _months(force_b, 3)
    client.force_login(pcc_a)
    assert client.get("/forces/cumbria/").status_code == 404
    assert client.get("/forces/cumbria/metrics/knife_crime_rate/").status_code == 404


def test_pcc_sees_no_named_similar_forces(client, pcc_a, analyst, force_a):
    client.force_login(pcc_a)
    assert "Similar forces</h2>" not in client.get("/forces/durham/").content.decode()


def test_pcc_does_not_see_small_counts_of_a_sensitive_metric(client, pcc_a, analyst, force_a):
    _months(force_a, 4, metric="csa_rate", numerator=2.0)  # 2 to 4 offences a month
    client.force_login(pcc_a)
    page = client.get("/forces/durham/").content.decode()
    assert "chart-csa_rate" not in _charts(page)
    client.force_login(analyst)
    assert "chart-csa_rate" in _charts(client.get("/forces/durham/").content.decode())


def test_force_data_officer_sees_the_force_but_not_its_figures(client, officer_a, force_a):
    _months(force_a, 3)
    client.force_login(officer_a)
    response = client.get("/forces/durham/")
    assert response.status_code == 200
    assert _charts(response.content.decode()) == {}
    assert "Police force area" in response.content.decode()


def test_profile_runs_the_same_queries_whatever_the_number_of_months(client, analyst, force_a):
    _months(force_a, 3)
    client.force_login(analyst)
    client.get("/forces/durham/")
    with CaptureQueriesContext(connection) as few:
        client.get("/forces/durham/")
    for metric in ("crime_rate", "vawg_rate", "csa_rate"):
        _months(force_a, 30, metric=metric)
    _months(force_a, 30, start=date(2020, 1, 1))
    for period in (date(2024, 3, 1), date(2022, 6, 1)):
        _aggregates(force_a, period)
    for force in Force.objects.exclude(pk=force_a.pk)[:10]:
        _months(force, 5)
    FlagFactory.create_batch(5, force=force_a)
    AssessmentFactory(force=force_a, period=date(2024, 3, 1))
    with CaptureQueriesContext(connection) as many:
        client.get("/forces/durham/")
    assert len(many) == len(few)


def test_pcc_profile_runs_the_same_queries_whatever_the_number_of_months(client, pcc_a, force_a):
    _months(force_a, 3)
    _aggregates(force_a, date(2024, 3, 1))
    client.force_login(pcc_a)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    _months(force_a, 30, metric="vawg_rate")
    _aggregates(force_a, date(2026, 6, 1), metric="vawg_rate")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_profile_shows_the_engage_state_open_causes_and_latest_peel_grades(
    client, inspector, officer_a, pcc_b, force_a
):
    exited = CaseFactory(force=force_a, closed=True, reference="case-exited")
    CauseFactory(case=exited, title="Call handling still slow")
    CaseFactory(force=force_a, state="ppog", reference="case-open")
    PeelGradeFactory(force=force_a, framework="2021/22", year=2022, grade="good")
    PeelGradeFactory(force=force_a, framework="2025-27", year=2026, grade="inadequate")
    client.force_login(inspector)
    page = client.get("/forces/durham/").content.decode()
    assert "PPOG oversight" in page and "case-open" in page
    assert "Call handling still slow" in page and "the case has exited" in page
    assert "Inadequate" in page and ">Good<" not in page  # only the latest grades
    client.force_login(officer_a)
    assert "Open causes of concern" not in client.get("/forces/durham/").content.decode()


def test_engage_status_keeps_the_profiles_query_count_fixed(client, inspector, force_a):
    client.force_login(inspector)
    client.get("/forces/durham/")
    with CaptureQueriesContext(connection) as few:
        client.get("/forces/durham/")
    case = CaseFactory(force=force_a)
    CauseFactory.create_batch(4, case=case)
    for year in (2022, 2024, 2026):
        PeelGradeFactory(force=force_a, year=year)
    with CaptureQueriesContext(connection) as many:
        client.get("/forces/durham/")
    assert len(many) == len(few)


def test_a_breakdown_is_a_row_of_its_areas_further_measures_not_a_chart(client, analyst, force_a):
    """A measure declared without a profile chart is listed with its latest month and linked to
    its full chart; one with a chart is drawn."""
    _months(force_a, 14, metric="charge_rate")
    _months(force_a, 14, metric="charge_rate_burglary", numerator=12.0)
    client.force_login(analyst)
    page = client.get("/forces/durham/").content.decode()
    charts = _charts(page)
    assert "chart-charge_rate" in charts and "chart-charge_rate_burglary" not in charts
    further = page[page.index("Further measures") :]
    row = further[further.index("/forces/durham/metrics/charge_rate_burglary/") :]
    assert "Charge or summons rate: burglary" in row[:200]
    assert "2025-02" in row[: row.index("</tr>")]
    assert not METRICS_BY_CODE["charge_rate_burglary"].profile_chart


def test_a_breakdown_hidden_from_a_pcc_says_so_rather_than_no_figures(client, pcc_a, force_a):
    _months(force_a, 3, metric="final_written_warnings_per_1000", numerator=2.0)
    client.force_login(pcc_a)
    page = client.get("/forces/durham/").content.decode()
    further = page[page.index("/forces/durham/metrics/final_written_warnings_per_1000/") :]
    row = further[: further.index("</tr>")]
    assert "not shown: fewer than 5 cases" in row and "no figures yet" not in row
