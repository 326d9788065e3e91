"""Tables as CSV and XLSX downloads, for any page that shows one (DESIGN section 5).

A page builds a `Table` from exactly what it shows that user (the same scope, filters and
disclosure: where the page shows "suppressed", the table holds "suppressed"; this module
decides nothing about access or disclosure) and answers `?format=csv` or `?format=xlsx`
with it::

    def flag_list(request):
        ...
        if export_format(request):
            table = Table(title="Flags", headings=["Force", "Month", "Value"], rows=rows)
            return export_response(request, table, filename="flags-2024-03")
        return render(...)

`export_format(request)` is None without `?format=` (or with it empty), else "csv" or
"xlsx"; any other value raises `UnknownExportFormat`, a `BadRequest` that the 400 page
(`kit.views.bad_request`) shows with a message naming the allowed formats. Call it
before building the table. `PageDownloadsMiddleware` answers 400 for a page that never
asks, whatever the format.

`export_response(request, table, *, filename)` is the download: `filename` without its
extension. CSV is UTF-8 with a byte-order mark, so Excel reads it as UTF-8; XLSX has the
headings in bold in a frozen first row. Every export is audited (action "export", with the
page's path, the table's title, the format, the number of rows and the query string).

Cells are plain values: str, int, float, Decimal, date, datetime, bool or None. Numbers
and dates stay numbers and dates (a negative number is a number, never escaped); None and
NaN are empty cells; a bool is "Yes" or "No". A string beginning with a character that a
spreadsheet reads as the start of a formula (= + - @, tab, carriage return, NUL; OWASP's
CSV injection list) gets a single quote in front, in both formats.
"""

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import BadRequest, ImproperlyConfigured
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))

type Value = str | int | float | Decimal | date | datetime | bool | None


class UnknownExportFormat(BadRequest):
    pass


@dataclass(frozen=True)
class Table:
    """What a page shows, as rows of plain values under one heading per column."""

    title: str
    headings: Sequence[str]
    rows: Sequence[Sequence[Value]] = field(default_factory=list)

    def __post_init__(self):
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.headings):
                raise ValueError(
                    f"Row {number} of {self.title!r} has {len(row)} cells "
                    f"for {len(self.headings)} headings."
                )


def export_format(request) -> str | None:
    """None, "csv" or "xlsx" from `?format=`; UnknownExportFormat (a 400) for anything else."""
    request.export_format_read = True  # for PageDownloadsMiddleware
    asked = request.GET.get("format", "").strip().lower()
    if not asked:
        return None
    if asked not in FORMATS:
        raise UnknownExportFormat(
            f"Unknown download format {asked[:20]!r}: use format=csv or format=xlsx."
        )
    return asked


class PageDownloadsMiddleware:
    """`?format=` on a page always gets an answer about it. A page with a table reads it with
    `export_format` and answers with the download (or with itself, showing why not, such as
    a form's errors). A page that never read it has no table to download: 400, with the
    unknown-format message when the format is unknown, never the page as if the parameter
    had not been there. The API chooses its own renderers by `?format=` and is left alone."""

    PASS_THROUGH = ("/api/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        asked = request.GET.get("format", "").strip()
        if (
            asked
            and response.status_code == 200
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(self.PASS_THROUGH)
            and not getattr(request, "export_format_read", False)
        ):
            export_format(request)  # an unknown format says so
            raise UnknownExportFormat("This page has no table to download.")
        return response


# The audit of exports, from the app that keeps the audit log.
_audit: list = []


def audited_by(record) -> None:
    """Audit every export with `record(request, **details)`, from the app that keeps the audit
    log. Until one is registered, exports are refused rather than left unaudited."""
    _audit[:] = [record]


def export_response(request, table: Table, *, filename: str) -> HttpResponse:
    """The table as a download in the format the request asks for; audited."""
    chosen = export_format(request)
    if chosen is None:
        raise UnknownExportFormat("Ask for a download with format=csv or format=xlsx.")
    if not _audit:
        raise ImproperlyConfigured("No audit of exports is registered (kit.exports.audited_by).")
    body = table_csv(table) if chosen == "csv" else table_xlsx(table)
    name = f"{filename}.{chosen}"
    _audit[0](
        request,
        page=request.path,
        table=table.title,
        format=chosen,
        rows=len(table.rows),
        query=request.GET.urlencode(),
        filename=name,
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[chosen])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_value(_cell(heading)) for heading in table.headings])
    for row in table.rows:
        writer.writerow([_csv_value(_cell(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    workbook.properties.title = table.title
    sheet = workbook.create_sheet(_sheet_title(table.title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for heading in table.headings:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(_cell(heading)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_xlsx_value(_cell(value)) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def escape_formula(text: str) -> str:
    """The text with a single quote in front if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Value):
    """A plain cell value: a number, date or datetime as it is, any other value as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float | Decimal):
        return None if not math.isfinite(value) else value
    if isinstance(value, int | date):
        return value
    return escape_formula(str(value))


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return _local(value).isoformat() if isinstance(value, datetime) else value.isoformat()
    return value


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, datetime):
        return _local(value).replace(tzinfo=None)  # Excel has no time zones
    return value


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _sheet_title(title: str) -> str:
    """The title as Excel allows a sheet's name: 31 characters, cut at a word, no []:*?/\\."""
    words = " ".join(title.translate(SHEET_TITLE_FORBIDDEN).split()).strip("'")
    if len(words) > 31:
        words = words[:32].rsplit(" ", 1)[0] if " " in words[:32] else words[:31]
    return words.strip(" '") or "Sheet1"
