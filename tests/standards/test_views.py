"""The standards pages and their downloads, for each role, the denied side first."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from tests.oversight.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

TABLES = ("ageing", "outcomes", "timeliness", "vetting", "barred-list")
NUMERIC_CELL = re.compile(r'govuk-table__cell--numeric">\s*(\d+)\s*<')


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _small_counts(rows) -> list:
    """Whole numbers under 5 in the cells of a download's rows (headings apart)."""
    found = []
    for row in rows[1:]:
        for cell in row:
            text = str(cell) if cell is not None else ""
            if re.fullmatch(r"\d+", text) and int(text) < 5:
                found.append(text)
    return found


def test_a_data_officer_reaches_no_standards_page(client, officer_a, force_a):
    client.force_login(officer_a)
    assert client.get("/standards/").status_code == 404
    assert client.get("/standards/durham/").status_code == 404
    assert client.get("/standards/durham/?format=csv").status_code == 404


def test_a_pcc_reaches_no_other_forces_standards(client, pcc_a, force_b):
    client.force_login(pcc_a)
    assert client.get("/standards/cumbria/").status_code == 404
    assert client.get("/standards/cumbria/?format=csv&table=ageing").status_code == 404


def test_a_pcc_is_sent_from_the_national_page_to_their_own_forces(client, pcc_a):
    client.force_login(pcc_a)
    response = client.get("/standards/?table=ageing&format=csv")
    assert response.status_code == 302
    assert response["Location"] == "/standards/durham/?table=ageing&format=csv"


def test_a_pccs_page_shows_no_case_reference_and_no_count_under_5(client, pcc_a, standards_a):
    client.force_login(pcc_a)
    page = client.get("/standards/durham/").content.decode()

    assert "REF-" not in page
    assert "Oldest open cases" not in page
    assert [n for n in NUMERIC_CELL.findall(page) if int(n) < 5] == []
    assert "suppressed" in page and "Counts under 5 are not shown" in page


@pytest.mark.parametrize("table", TABLES)
def test_a_pccs_downloads_hold_no_case_reference_and_no_count_under_5(
    client, pcc_a, standards_a, table
):
    client.force_login(pcc_a)
    for fmt, read in (("csv", _csv), ("xlsx", _xlsx)):
        response = client.get("/standards/durham/", {"format": fmt, "table": table})
        assert response.status_code == 200, (table, fmt)
        rows = read(response)
        assert not any("REF-" in str(cell) for row in rows for cell in row), (table, fmt)
        assert _small_counts(rows) == [], (table, fmt)


def test_a_pcc_cannot_download_the_tables_of_case_references(client, pcc_a, standards_a):
    client.force_login(pcc_a)
    assert client.get("/standards/durham/?format=csv&table=oldest").status_code == 404


def test_an_analyst_sees_the_oldest_cases_and_the_dismissals_not_notified(
    client, analyst, standards_a
):
    client.force_login(analyst)
    page = client.get("/standards/durham/").content.decode()

    assert "REF-202101-0" in page and "REF-DISMISSED" in page
    assert 'data-chart="chart-ageing"' in page and "<figcaption" in page
    oldest = _csv(client.get("/standards/durham/?format=csv&table=oldest"))
    assert oldest[0][0] == "Case reference" and oldest[1][:3] == [
        "REF-202101-0",
        "2021-01-01",
        "38",
    ]
    ageing = _csv(client.get("/standards/durham/?format=csv"))
    assert ageing[1][3:9] == ["6", "2", "7", "8", "9", "32"]
    barred = _csv(client.get("/standards/durham/?format=csv&table=barred-list"))
    assert barred[1] == ["REF-DISMISSED", "2024-03-01", "30", "Yes"]


def test_an_administrator_reads_the_standards_without_case_references(
    client, administrator, standards_a
):
    client.force_login(administrator)
    page = client.get("/standards/durham/").content.decode()
    assert "REF-" not in page
    assert client.get("/standards/durham/?format=csv&table=oldest").status_code == 404


def test_an_unknown_table_is_not_found(client, analyst, force_a):
    client.force_login(analyst)
    assert client.get("/standards/?format=csv&table=nothing").status_code == 404
    assert client.get("/standards/?format=pdf").status_code == 400


def test_the_national_page_shows_each_forces_measures_ageing_and_funnels(
    client, inspector, standards_a, force_a
):
    AssessmentFactory(force=force_a, metric="dismissals_per_1000", value=5.45)
    client.force_login(inspector)
    page = client.get("/standards/").content.decode()

    row = '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/standards/'
    assert page.count(row + 'durham/"') == 2  # in the grid and the ageing table
    assert "5.5" in page  # the assessment's value, as the overview writes it
    assert "Funnel plot" in page or "Too few forces" in page or "no figures" in page
    ageing = _csv(client.get("/standards/?format=csv&table=ageing"))
    durham = next(row for row in ageing if row[0] == force_a.name)
    assert durham[3:9] == ["6", "2", "7", "8", "9", "32"]
    figures = _csv(client.get("/standards/?format=csv"))
    assert len(figures) == 44  # the headings and 43 forces
    for name in ("outcomes", "vetting", "funnel-misconduct_cases_per_1000"):
        assert client.get(f"/standards/?format=xlsx&table={name}").status_code == 200


def test_the_profile_links_to_the_forces_standards_for_those_who_read_them(
    client, analyst, pcc_a, officer_a, force_a
):
    for user, linked in ((analyst, True), (pcc_a, True), (officer_a, False)):
        client.force_login(user)
        page = client.get("/forces/durham/").content.decode()
        assert ('href="/standards/durham/"' in page) is linked, user.username
