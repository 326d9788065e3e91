"""A force's history in one step: one aggregate file of many months, split into monthly
aggregate returns, each then sent, checked and loaded like any other return."""

import csv
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kit.periods import Month
from metrics.datasets import Dataset
from metrics.ingest.files import FileProblem
from metrics.returns.services import check_upload, parse_period, return_submit


def history_months(upload, dataset: Dataset) -> dict[date, bytes]:
    """The file's rows grouped by their month, each group a file of its own with the header:
    {first day of the month: bytes}. Raises FileProblem naming the first row whose month
    cannot be read, so that nothing of a bad file is sent."""
    if not dataset.twin_of:
        raise FileProblem(
            f"History is loaded from aggregate returns; {dataset.code} is record-level.",
            code="kind",
        )
    check_upload(upload, dataset)
    upload.seek(0)
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        rows = csv.reader(text)
        header = next(rows)
        at = [h.strip() for h in header].index(dataset.column(dataset.period_field).header)
        months: dict[date, io.StringIO] = {}
        for number, row in enumerate(rows, start=2):
            if not any(row):
                continue
            period = _month_of(row, at, number)
            out = months.get(period)
            if out is None:
                out = months[period] = io.StringIO(newline="")
                csv.writer(out, lineterminator="\n").writerow(header)
            csv.writer(out, lineterminator="\n").writerow(row)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FileProblem(
            f"The file cannot be read as UTF-8 CSV: {exc}", code="csv_format"
        ) from exc
    finally:
        text.detach()
    if not months:
        raise FileProblem("The file has a header but no rows.", code="empty")
    return {period: out.getvalue().encode() for period, out in sorted(months.items())}


def _month_of(row: list[str], at: int, number: int) -> date:
    value = row[at].strip() if at < len(row) else ""
    try:
        return parse_period(value)
    except FileProblem:
        raise FileProblem(
            f"Row {number}: month must be a month gone by, written YYYY-MM, not {value[:20]!r}.",
            code="period",
            row=number,
        ) from None


def history_submit(*, user, force, dataset: Dataset, upload, request=None) -> list:
    """Send each month of a history file as the force's aggregate return of that month, in one
    transaction: every month is sent or none. Returns the returns, oldest month first (a month
    already sent with the same bytes gives back its return)."""
    months = history_months(upload, dataset)
    name = (upload.name or "history.csv").removesuffix(".csv")
    sent = []
    with transaction.atomic():
        for period, content in months.items():
            monthly = SimpleUploadedFile(
                f"{name}-{Month.of(period)}.csv", content, content_type="text/csv"
            )
            ret, _ = return_submit(
                user=user,
                force=force,
                dataset=dataset,
                period=period,
                upload=monthly,
                request=request,
            )
            sent.append(ret)
    return sent
