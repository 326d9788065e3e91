"""The completeness heatmap page."""

import csv
import io
import re
from datetime import date

import openpyxl
import pytest

from accounts.models import AuditEvent
from metrics.models import Return
from tests.metrics.factories import ReturnFactory, london

pytestmark = pytest.mark.django_db

MARCH = {"dataset": "emergency_calls", "period_from": "2024-03", "period_to": "2024-03"}


def durham_row(page: str) -> str:
    return re.search(r"Durham Constabulary</th>(.*?)</tr>", page, re.S).group(1)


def test_page_needs_sign_in(client):
    response = client.get("/completeness/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_heatmap_shows_each_status_as_a_tag_with_hidden_full_text(client, analyst, force_a):
    ReturnFactory(submitted_at=london(2024, 4, 13, 0, 30))  # 12 April, 23:30 UTC
    client.force_login(analyst)
    page = client.get("/completeness/", MARCH).content.decode()
    assert "999 calls: returns by force and month" in page
    assert '<th scope="col" class="govuk-table__header">Mar 2024</th>' in page
    assert durham_row(page).strip() == (
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--yellow">'
        '<span aria-hidden="true">Late</span><span class="govuk-visually-hidden">Late, sent '
        "13 April 2024, due 10 April 2024</span></strong></td>"
    )
    assert page.count("govuk-tag--red") == 42 + 1  # the other forces are missing, and the key


@pytest.mark.parametrize(
    ("status", "tag"),
    [
        (Return.Status.LOADED, "govuk-tag govuk-tag--green"),
        (Return.Status.REJECTED, "govuk-tag govuk-tag--orange"),
        (Return.Status.RECEIVED, "govuk-tag "),
    ],
)
def test_heatmap_tag_colours(client, analyst, force_a, status, tag):
    ReturnFactory(status=status)
    client.force_login(analyst)
    page = client.get("/completeness/", MARCH).content.decode()
    assert f'<strong class="{tag}">' in durham_row(page)


def test_not_due_months_are_grey(client, officer_a):
    client.force_login(officer_a)
    page = client.get("/completeness/", {"period_from": "2099-01", "period_to": "2099-01"})
    assert '<strong class="govuk-tag govuk-tag--grey"><span aria-hidden="true">–' in (
        page.content.decode()
    )


def test_force_officer_sees_only_their_own_force(client, officer_b, force_a):
    client.force_login(officer_b)
    page = client.get("/completeness/", MARCH).content.decode()
    assert "Cumbria Constabulary" in page and "Durham Constabulary" not in page


def test_page_defaults_to_the_first_dataset_and_twelve_months(client, pcc_a):
    client.force_login(pcc_a)
    response = client.get("/completeness/")
    assert response.context["dataset"].code == "street_crime"
    assert len(response.context["periods"]) == 12
    assert '<option value="street_crime" selected>' in response.content.decode()


def test_page_opens_on_the_latest_twelve_months_already_due(client, analyst):
    from metrics.returns.completeness import due_date, london_today

    client.force_login(analyst)
    periods = client.get("/completeness/", {"dataset": "workforce"}).context["periods"]
    today = london_today()
    assert all(due_date("workforce", p) < today for p in periods)
    after = date(periods[-1].year + periods[-1].month // 12, periods[-1].month % 12 + 1, 1)
    assert due_date("workforce", after) >= today  # the next month is not yet due


def test_latest_due_months_steps_back_over_months_not_yet_due():
    from metrics.returns.completeness import latest_due_months

    # On 5 April 2024 emergency_calls for March (due 10 April) is not due; February is.
    months = latest_due_months("emergency_calls", 3, today=date(2024, 4, 5))
    assert months == [date(2023, 12, 1), date(2024, 1, 1), date(2024, 2, 1)]
    assert latest_due_months("emergency_calls", 1, today=date(2024, 4, 11)) == [date(2024, 3, 1)]


def test_bad_choices_show_the_error_summary(client, analyst):
    client.force_login(analyst)
    response = client.get("/completeness/", {"dataset": "knife", "period_from": "2024-13"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "<title>Error: " in page
    assert "Select a valid choice. knife is not one of the available choices." in page
    assert "Enter a month as YYYY-MM" in page
    assert "table_html" not in response.context and "<table" not in page


def test_page_has_no_inline_scripts_or_styles(client, analyst):
    client.force_login(analyst)
    page = client.get("/completeness/").content.decode()
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", page))
    assert " style=" not in page


@pytest.mark.parametrize("persona", ["analyst", "pcc_a"])
def test_page_makes_a_fixed_number_of_queries_whatever_the_forces_and_months(
    client, request, reference_data, django_assert_max_num_queries, persona
):
    for period in (date(2023, 1, 1), date(2024, 2, 1), date(2024, 3, 1)):
        ReturnFactory(period=period)
    client.force_login(request.getfixturevalue(persona))
    client.get("/completeness/", MARCH)  # the session settles on the first request
    counts = []
    for period_from in ("2024-03", "2019-04"):
        with django_assert_max_num_queries(10) as captured:
            response = client.get("/completeness/", {**MARCH, "period_from": period_from})
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert len(response.context["periods"]) == 60
    assert len(response.context["rows"]) == (43 if persona == "analyst" else 1)


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_csv_export_is_the_grid_the_page_shows(client, analyst, force_a):
    ReturnFactory(submitted_at=london(2024, 4, 12, 9))
    client.force_login(analyst)
    response = client.get("/completeness/", {**MARCH, "period_from": "2024-02", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="completeness-emergency_calls-2024-02-to-2024-03.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == ["Force", "Feb 2024", "Mar 2024"]
    assert ["Durham Constabulary", "Missing", "Late"] in rows
    assert len(rows) == 1 + 43
    assert rows[1] == ["Avon and Somerset Constabulary", "Missing", "Missing"]


def test_xlsx_export_opens_on_the_same_months_as_the_page(client, analyst, force_a):
    client.force_login(analyst)
    periods = client.get("/completeness/", {"dataset": "workforce"}).context["periods"]
    response = client.get("/completeness/", {"dataset": "workforce", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Force", *(f"{p:%b %Y}" for p in periods))
    assert sheet.title == "Workforce and officer time"
    assert len(rows) == 1 + 43 and sheet["A1"].font.bold


def test_export_is_audited_with_the_filters(client, analyst):
    client.force_login(analyst)
    client.get("/completeness/", {**MARCH, "format": "xlsx"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.user == analyst
    assert event.detail == {
        "page": "/completeness/",
        "table": "999 calls: returns by force and month",
        "format": "xlsx",
        "rows": 43,
        "query": "dataset=emergency_calls&period_from=2024-03&period_to=2024-03&format=xlsx",
        "filename": "completeness-emergency_calls-2024-03-to-2024-03.xlsx",
    }


@pytest.mark.parametrize(
    ("persona", "force"),
    [("pcc_a", "Durham Constabulary"), ("officer_b", "Cumbria Constabulary")],
)
def test_a_force_users_export_holds_only_their_own_force(client, request, persona, force):
    ReturnFactory()  # Durham's
    client.force_login(request.getfixturevalue(persona))
    rows = read_csv(client.get("/completeness/", {**MARCH, "format": "csv"}))
    assert rows == [["Force", "Mar 2024"], [force, "On time" if "Durham" in force else "Missing"]]
    response = client.get("/completeness/", {**MARCH, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Force", force]


def test_export_needs_sign_in(client):
    response = client.get("/completeness/", {"format": "csv"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_an_unknown_format_is_a_400_that_names_the_formats(client, analyst):
    client.force_login(analyst)
    response = client.get("/completeness/", {**MARCH, "format": "pdf"})
    assert response.status_code == 400
    assert "Unknown download format &#x27;pdf&#x27;: use format=csv or format=xlsx." in (
        response.content.decode()
    )


def test_bad_choices_with_a_format_show_the_page_and_export_nothing(client, analyst):
    client.force_login(analyst)
    response = client.get("/completeness/", {"period_from": "2024-13", "format": "csv"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_page_links_to_its_export_keeping_the_filters(client, analyst):
    client.force_login(analyst)
    page = client.get("/completeness/", MARCH).content.decode()
    query = "dataset=emergency_calls&amp;period_from=2024-03&amp;period_to=2024-03"
    assert (
        f'<a class="govuk-link" href="?{query}&amp;format=csv">Download<span '
        'class="govuk-visually-hidden"> completeness table</span> as CSV</a>'
    ) in page
    assert f'href="?{query}&amp;format=xlsx">' in page
