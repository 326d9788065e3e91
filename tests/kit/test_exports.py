"""Tables as CSV and XLSX downloads (kit/exports.py)."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from accounts.models import AuditEvent
from kit.exports import Table, UnknownExportFormat, export_format, export_response

pytestmark = pytest.mark.django_db

TABLE = Table(
    title="Test table: things",
    headings=["Force", "Month", "Value", "Note"],
    rows=[
        ["Durham Constabulary", date(2024, 3, 1), 12, "suppressed"],
        ["Cumbria Constabulary", date(2024, 3, 1), -3.5, None],
        ['=HYPERLINK("http://x")', date(2024, 4, 1), Decimal("0.25"), "-1+1"],
    ],
)


def export(user, table=TABLE, **query):
    request = RequestFactory().get("/things/", query)
    request.user = user
    return export_response(request, table, filename="things-2024-03")


def xlsx_rows(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def csv_text(response) -> str:
    return response.content.decode("utf-8")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_export_format_reads_the_query(rf):
    assert export_format(rf.get("/")) is None
    assert export_format(rf.get("/", {"format": ""})) is None
    assert export_format(rf.get("/", {"format": "csv"})) == "csv"
    assert export_format(rf.get("/", {"format": "XLSX"})) == "xlsx"


def test_export_format_refuses_an_unknown_format_naming_the_allowed_ones(rf):
    with pytest.raises(UnknownExportFormat) as raised:
        export_format(rf.get("/", {"format": "pdf"}))
    assert str(raised.value) == "Unknown download format 'pdf': use format=csv or format=xlsx."


def test_csv_export_has_a_bom_headings_rows_and_an_attachment_name(analyst):
    response = export(analyst, format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="things-2024-03.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert csv_text(response) == (
        "\ufeffForce,Month,Value,Note\r\n"
        "Durham Constabulary,2024-03-01,12,suppressed\r\n"
        "Cumbria Constabulary,2024-03-01,-3.5,\r\n"
        '"\'=HYPERLINK(""http://x"")",2024-04-01,0.25,\'-1+1\r\n'
    )


def test_xlsx_export_has_bold_headings_numbers_as_numbers_and_dates_as_dates(analyst):
    response = export(analyst, format="xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="things-2024-03.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet.title == "Test table things"
    assert [cell.font.bold for cell in sheet[1]] == [True] * 4
    assert sheet["A2"].font.bold is not True
    assert xlsx_rows(response) == [
        ("Force", "Month", "Value", "Note"),
        ("Durham Constabulary", datetime(2024, 3, 1), 12, "suppressed"),
        ("Cumbria Constabulary", datetime(2024, 3, 1), -3.5, None),
        ('\'=HYPERLINK("http://x")', datetime(2024, 4, 1), 0.25, "'-1+1"),
    ]
    assert sheet["C3"].data_type == "n" and sheet["A4"].data_type == "s"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_like_text_is_escaped_with_a_quote_in_both_formats(analyst, start):
    table = Table(title="t", headings=["Text"], rows=[[f"{start}SUM(A1:A9)"]])
    assert csv_rows(export(analyst, table, format="csv"))[1] == [f"'{start}SUM(A1:A9)"]
    written = xlsx_rows(export(analyst, table, format="xlsx"))[1][0]
    # XML parsers read a carriage return back as a line feed.
    assert written == f"'{start}SUM(A1:A9)".replace("\r", "\n")


def test_a_negative_number_stays_a_number_and_text_inside_is_left_alone(analyst):
    table = Table(title="t", headings=["Value", "Text"], rows=[[-7, "a=b-c"], [-0.5, "x@y"]])
    assert csv_text(export(analyst, table, format="csv")).splitlines()[1:] == [
        "-7,a=b-c",
        "-0.5,x@y",
    ]
    response = export(analyst, table, format="xlsx")
    assert xlsx_rows(response)[1:] == [(-7, "a=b-c"), (-0.5, "x@y")]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].data_type == "n"


def test_empty_not_a_number_and_yes_no_cells(analyst):
    table = Table(title="t", headings=["a", "b", "c"], rows=[[None, float("nan"), True]])
    assert csv_text(export(analyst, table, format="csv")).splitlines()[1] == ",,Yes"
    assert xlsx_rows(export(analyst, table, format="xlsx"))[1] == (None, None, "Yes")


def test_aware_datetimes_are_written_in_london_time(analyst):
    sent = datetime(2024, 6, 1, 8, 30, tzinfo=ZoneInfo("UTC"))
    table = Table(title="t", headings=["Sent"], rows=[[sent]])
    assert csv_text(export(analyst, table, format="csv")).splitlines()[1] == (
        "2024-06-01T09:30:00+01:00"
    )
    assert xlsx_rows(export(analyst, table, format="xlsx"))[1] == (datetime(2024, 6, 1, 9, 30),)


def test_every_export_is_audited_with_page_table_format_rows_and_query(analyst):
    export(analyst, format="xlsx", force="durham")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.user == analyst and event.username == "alice-analyst"
    assert event.detail == {
        "page": "/things/",
        "table": "Test table: things",
        "format": "xlsx",
        "rows": 3,
        "query": "format=xlsx&force=durham",
        "filename": "things-2024-03.xlsx",
    }


def test_an_unknown_format_is_not_exported_nor_audited(analyst):
    with pytest.raises(UnknownExportFormat):
        export(analyst, format="xls")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_a_row_of_the_wrong_width_is_a_mistake():
    with pytest.raises(ValueError, match="Row 1 of 't' has 1 cells for 2 headings."):
        Table(title="t", headings=["a", "b"], rows=[["only one"]])


def test_a_non_ascii_filename_is_sent_both_ways(analyst):
    request = RequestFactory().get("/", {"format": "csv"})
    request.user = analyst
    response = export_response(request, TABLE, filename="données")
    assert response["Content-Disposition"] == ("attachment; filename*=utf-8''donn%C3%A9es.csv")


def test_export_links_keep_the_filters_and_name_the_table(rf):
    request = rf.get("/completeness/", {"dataset": "workforce", "format": ""})
    html = render_to_string(
        "includes/export_links.html", {"what": "the table", "params": request.GET}
    )
    assert (
        '<a class="govuk-link" href="?dataset=workforce&amp;format=csv">Download'
        '<span class="govuk-visually-hidden"> the table</span> as CSV</a>'
    ) in html
    assert 'href="?dataset=workforce&amp;format=xlsx">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/metrics/", "/returns/", "/flags/", "/engage/"])
def test_an_unknown_format_on_any_page_is_a_400_naming_the_formats(client, analyst, path):
    client.force_login(analyst)
    response = client.get(path, {"format": "foo"})
    assert response.status_code == 400
    assert b"format=csv or format=xlsx" in response.content


@pytest.mark.django_db
def test_a_page_without_a_table_asked_for_a_download_is_a_400(client, analyst):
    client.force_login(analyst)
    response = client.get("/metrics/", {"format": "csv"})
    assert response.status_code == 400
    assert b"no table to download" in response.content
    assert client.get("/metrics/").status_code == 200


@pytest.mark.django_db
def test_the_api_keeps_its_own_format_parameter(api_as, analyst):
    response = api_as(analyst).get("/api/v1/datasets/", {"format": "json"})
    assert response.status_code == 200
