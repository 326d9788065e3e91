"""The overview, the force profile, the metric explorer and the full chart download as CSV
and XLSX what the page shows that user: scoped, suppressed, audited."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from accounts.models import AuditEvent
from forces.models import Force
from metrics.catalogue import METRICS_BY_CODE
from tests.oversight.factories import AssessmentFactory
from tests.oversight.test_explorer import MONTHS, _load

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def forces(reference_data):
    return list(Force.objects.order_by("name")[:12])


def test_overview_downloads_its_grid_and_is_audited(client, analyst, force_a):
    AssessmentFactory(force=force_a, variation="concern")
    client.force_login(analyst)
    rows = _csv(client.get("/?format=csv"))
    assert rows[0][:3] == ["Force", "Region", rows[0][2]]
    assert len(rows) == 1 + Force.objects.count()
    durham = next(r for r in rows if r[0] == force_a.name)
    assert "Special cause: concern" in durham
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.detail["page"] == "/" and event.detail["rows"] == Force.objects.count()


def test_explorer_downloads_the_forces_it_shows_as_xlsx(client, analyst, forces):
    _load(forces)
    client.force_login(analyst)
    response = client.get("/metrics/knife_crime_rate/?format=xlsx&sort=region")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert set(forces) and {f.name for f in forces} <= set(names)
    assert names[-1] == "England and Wales"
    assert isinstance(list(sheet.iter_rows(min_row=2, values_only=True))[0][2], float)


def test_pcc_explorer_download_holds_only_their_own_force(client, pcc_a, force_a, forces):
    _load(forces)
    client.force_login(pcc_a)
    rows = _csv(client.get("/metrics/knife_crime_rate/?format=csv&period=2024-01"))
    assert [r[0] for r in rows[1:]] == [force_a.name, "England and Wales"]


def test_pcc_profile_download_leaves_out_small_counts(client, pcc_a, analyst, force_a):
    _load([force_a], metric="csa_rate", numerator=2.0, national=False)
    _load([force_a], metric="knife_crime_rate", national=False)
    client.force_login(pcc_a)
    measures = {r[1] for r in _csv(client.get("/forces/durham/?format=csv"))[1:]}
    assert measures == {METRICS_BY_CODE["knife_crime_rate"].name}
    client.force_login(analyst)
    assert len({r[1] for r in _csv(client.get("/forces/durham/?format=csv"))[1:]}) == 2


def test_full_chart_downloads_its_months_and_not_another_forces(client, pcc_a, force_a, force_b):
    _load([force_a, force_b], months=[*MONTHS, date(2024, 4, 1)])
    client.force_login(pcc_a)
    rows = _csv(client.get("/forces/durham/metrics/knife_crime_rate/?format=csv"))
    assert [r[0] for r in rows[1:]] == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
    assert client.get("/forces/cumbria/metrics/knife_crime_rate/?format=csv").status_code == 404
    assert not AuditEvent.objects.filter(detail__page__startswith="/forces/cumbria/").exists()


def test_an_unknown_format_is_a_clear_error(client, analyst):
    client.force_login(analyst)
    response = client.get("/metrics/knife_crime_rate/?format=pdf")
    assert response.status_code == 400
    assert "format=csv or format=xlsx" in response.content.decode()
