"""The one ingestion engine: check a return file against its declaration and load it whole.

Everything happens inside the caller's transaction, so a rejected or interrupted load leaves
nothing behind, and the previous version stays in force until the new one has loaded.

A file is COPYed straight into a new partition of its typed record table, made for the
return, and gated by one set-based query of every check. A file that fails is rolled back
and read again into a text staging table, where the same checks, plus type checks, name each
bad row and column for the report.
"""

import csv
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from metrics.datasets import Dataset
from metrics.ingest import partitions, staging
from metrics.ingest.checks import all_checks, gate, row_checks
from metrics.ingest.dialects import PostgresStaging, PostgresTyped
from metrics.ingest.files import (
    CHUNK,
    FileProblem,
    find_invalid_utf8,
    find_nul_byte,
    version_for_header,
)
from metrics.ingest.report import Report

# SQLSTATEs of COPY failures caused by the file's content, not by the server.
COPY_DATA_ERRORS = {
    "22P04",
    "22021",
    "22P05",
    "22P02",
    "22007",
    "22008",
    "22003",
    "22001",
    "54000",
    "23502",
}
ENCODING_ERRORS = {"22021", "22P05"}


class Rejected(Exception):
    def __init__(self, report: dict):
        super().__init__("return rejected")
        self.report = report


@dataclass
class Outcome:
    rows_total: int
    report: dict
    timings: dict = field(default_factory=dict)


def problem_report(dataset, problem: FileProblem) -> dict:
    report = Report(dataset)
    report.add(row=problem.row, column="", rule=problem.code, message=str(problem))
    return report.as_dict()


def _data_error(exc) -> psycopg.Error | None:
    cause = exc if isinstance(exc, psycopg.Error) else exc.__cause__
    return cause if getattr(cause, "sqlstate", None) in COPY_DATA_ERRORS else None


def version_of_file(dataset: Dataset, path: Path) -> Dataset:
    """The version of the dataset's schema the file's header follows (files.version_for_header);
    the latest for a header that cannot be read, which the load then refuses by name."""
    try:
        header, _ = staging.read_header(path)
    except (csv.Error, StopIteration):
        return dataset
    return version_for_header(dataset, header)


# --- the staging path: a text table, type checks, the detailed report ------------------------


def _stage(cursor, dataset, path: Path, progress) -> int:
    try:
        return staging.create_and_fill(cursor, dataset, path, progress)
    except UnicodeDecodeError as exc:
        raise Rejected(_encoding_report(dataset, path)) from exc
    except FileProblem as problem:
        raise Rejected(problem_report(dataset, problem)) from problem
    except (DatabaseError, psycopg.Error) as exc:
        error = _data_error(exc)
        if error is None:
            raise
        raise Rejected(_copy_error_report(dataset, path, error)) from exc


def _encoding_report(dataset, path) -> dict:
    found = find_invalid_utf8(path)
    if found:
        row, guess = found
        problem = FileProblem(
            f"The file is not UTF-8 from row {row}: it looks like {guess}. Send it as UTF-8.",
            code="encoding",
            row=row,
        )
    elif (row := find_nul_byte(path)) is not None:
        problem = FileProblem(
            f"Row {row} holds a NUL byte (0x00), which no field can hold. The file may be "
            "binary, cut short or saved in another encoding; save it as 'CSV UTF-8'.",
            code="nul_byte",
            row=row,
        )
    else:
        problem = FileProblem(
            "The file cannot be read as UTF-8 text. Save it as 'CSV UTF-8' and send it again.",
            code="encoding",
        )
    return problem_report(dataset, problem)


def _copy_error_report(dataset, path, error) -> dict:
    if error.sqlstate in ENCODING_ERRORS:
        return _encoding_report(dataset, path)
    match = re.search(r"line (\d+)", error.diag.context or "")
    row = int(match.group(1)) if match else None
    first = (error.diag.message_primary or str(error)).splitlines()[0]
    return problem_report(
        dataset,
        FileProblem(
            f"The file cannot be read as CSV for this schema at row {row}: {first}",
            code="csv_format",
            row=row,
        ),
    )


def report_from_staging(cursor, dataset, *, force, period: str, rows: int) -> dict:
    """Run every check over the staging table and list the problems, and the warnings."""
    checks = all_checks(PostgresStaging(), dataset, force=force, period=period)
    report = Report(dataset, rows_total=rows)
    _report_checks(cursor, report, checks)
    if dataset.unique_key:
        _duplicates(cursor, report, dataset)
    return report.as_dict()


def _report_checks(cursor, report: Report, checks) -> None:
    counts = _totals(cursor, checks, staging.STAGING, where="")
    failing = [(c, n) for c, n in zip(checks, counts, strict=True) if n]
    for warning in (False, True):  # errors first: they are listed up to the limit
        of_kind = [(c, n) for c, n in failing if c.warning == warning]
        if of_kind:
            _details(cursor, report, of_kind)


def _totals(cursor, checks, table: str, *, where: str) -> list[int]:
    sums = ", ".join(f"SUM(CASE WHEN {c.bad} THEN 1 ELSE 0 END)" for c in checks)
    cursor.execute(f"SELECT {sums} FROM {table} {where}")
    return [int(n or 0) for n in cursor.fetchone()]


def _details(cursor, report: Report, failing) -> None:
    flags = ", ".join(f"CASE WHEN {c.bad} THEN 1 ELSE 0 END" for c, _ in failing)
    shown = ", ".join(c.field for c, _ in failing)
    where = " OR ".join(f"({c.bad})" for c, _ in failing)
    cursor.execute(
        f"SELECT line, {shown}, {flags} FROM {staging.STAGING} WHERE {where} "
        f"ORDER BY line LIMIT {int(settings.RETURN_REPORT_MAX_ERRORS)}"
    )
    n = len(failing)
    for row in cursor.fetchall():
        line, values, hits = row[0], row[1 : 1 + n], row[1 + n :]
        for (c, _), v, hit in zip(failing, values, hits, strict=True):
            if hit:
                report.add(
                    row=line,
                    column=c.column,
                    rule=c.rule,
                    message=c.message,
                    value=v,
                    count=0,
                    warning=c.warning,
                )
    for c, count in failing:
        report.count_only(c.rule, count, warning=c.warning)


def _duplicates(cursor, report: Report, dataset: Dataset) -> None:
    key = ", ".join(dataset.unique_key)
    not_null = " AND ".join(f"NULLIF({k}, '') IS NOT NULL" for k in dataset.unique_key)
    cursor.execute(
        f"SELECT line, {key}, n FROM (SELECT line, {key}, COUNT(*) OVER (PARTITION BY {key}) "
        f"AS n FROM {staging.STAGING} WHERE {not_null}) AS keyed WHERE n > 1 ORDER BY line"
    )
    rows = cursor.fetchmany(settings.RETURN_REPORT_MAX_ERRORS)
    cursor.execute(
        f"SELECT COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM {staging.STAGING} "
        f"WHERE {not_null} GROUP BY {key} HAVING COUNT(*) > 1) AS dupes"
    )
    total = int(cursor.fetchone()[0])
    columns = ", ".join(dataset.column(k).header for k in dataset.unique_key)
    for row in rows:
        report.add(
            row=row[0],
            column=columns,
            rule="duplicate_key",
            message=f"{columns} appears {row[-1]} times in the file",
            value=row[1],
            count=0,
        )
    report.count_only("duplicate_key", total)


def validate(dataset: Dataset, path: Path, *, force, period: str, progress) -> Outcome:
    """Stage and check a file in the current transaction; raises Rejected when it is bad."""
    timings: dict = {}
    with connection.cursor() as cursor:
        started = time.perf_counter()
        rows = _stage(cursor, dataset, path, progress)
        timings["stage"] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        report = report_from_staging(cursor, dataset, force=force, period=period, rows=rows)
        timings["check"] = round(time.perf_counter() - started, 3)
    if not report["valid"]:
        raise Rejected(report)
    return Outcome(rows_total=rows, report=report, timings=timings)


# --- the fast path: COPY into the return's own partition, then one gate query --


class GateFailed(Exception):
    """The typed load found a problem; the staging path will describe it."""


def copy_typed(
    dataset: Dataset, path: Path, *, table: str, return_id: int, force, period: str, progress
) -> Outcome:
    """COPY the file into a new partition for the return, check it, attach it."""
    fields, texts = _copy_columns(dataset, path)
    timings = {}
    with connection.cursor() as cursor:
        started = time.perf_counter()
        with _content_fails_the_gate():
            try:
                target, rows = _create_and_copy(
                    cursor, table, return_id, fields, texts, path, progress
                )
            except psycopg.errors.InvalidTransactionState:
                # FREEZE refuses while the transaction holds an open cursor: load unfrozen.
                target, rows = _create_and_copy(
                    cursor, table, return_id, fields, texts, path, progress, freeze=False
                )
        timings["copy"] = round(time.perf_counter() - started, 3)
        _gate(cursor, dataset, target, force=force, period=period, timings=timings)
        report = _warnings(cursor, dataset, target, path, force=force, period=period, rows=rows)
        started = time.perf_counter()
        partitions.attach(cursor, table, return_id)
        timings["attach"] = round(time.perf_counter() - started, 3)
    return Outcome(rows_total=rows, report=report, timings=timings)


def _copy_columns(dataset: Dataset, path: Path) -> tuple[list[str], list[str]]:
    """The fields the file's columns fill, in its order, and those of text columns."""
    header, _ = staging.read_header(path)
    texts = [c.field for c in dataset.columns if c.type in ("text", "month")]
    return staging.staging_fields(dataset, header), texts


@contextmanager
def _content_fails_the_gate():
    """A COPY that fails on the file's content: the staging path will describe the problem."""
    try:
        yield
    except (DatabaseError, psycopg.Error) as exc:
        if _data_error(exc) is None:
            raise
        raise GateFailed from exc


def _gate(cursor, dataset, rows_of_return: str, *, force, period: str, timings: dict) -> None:
    started = time.perf_counter()
    if _any_problem(cursor, dataset, rows_of_return, force=force, period=period):
        raise GateFailed
    timings["check"] = round(time.perf_counter() - started, 3)


def _warnings(cursor, dataset, rows_of_return: str, path, *, force, period: str, rows) -> dict:
    """The report of a return that passed the gate: empty, or its warnings, each with its row.
    The typed rows do not know their line in the file, so a return with warnings is read
    again into text staging to place them; the rest cost one count, or nothing."""
    report = Report(dataset, rows_total=rows)
    warnings = [c for c in row_checks(PostgresTyped(), dataset, period=period) if c.warning]
    if not warnings:
        return report.as_dict()
    cursor.execute(
        f"SELECT count(*) FROM {rows_of_return} WHERE {' OR '.join(f'({c.bad})' for c in warnings)}"
    )
    if not cursor.fetchone()[0]:
        return report.as_dict()
    staging.create_and_fill(cursor, dataset, path, lambda fraction: None)
    checks = [c for c in row_checks(PostgresStaging(), dataset, period=period) if c.warning]
    _report_checks(cursor, report, checks)
    staging.drop(cursor)
    return report.as_dict()


def _create_and_copy(cursor, table, return_id, fields, texts, path, progress, *, freeze=True):
    """The partition is made in the savepoint that fills it, so COPY may write its rows frozen
    and its pages all-visible: the scans that follow skip each row's visibility check, and
    nothing rewrites the pages later to mark them so. Nobody else sees the table before the
    load's transaction commits, so freezing hides nothing from anyone."""
    with transaction.atomic():
        target = partitions.create_for_return(cursor, table, return_id)
        return target, _copy_file(cursor, target, fields, texts, path, progress, freeze=freeze)


def _any_problem(cursor, dataset, table: str, *, force, period: str) -> bool:
    bad = gate(PostgresTyped(), dataset, force=force, period=period)
    # A count, unlike EXISTS, can be shared among parallel workers.
    cursor.execute(f"SELECT count(*) FROM {table} WHERE {bad}")
    if cursor.fetchone()[0]:
        return True
    if dataset.unique_key:
        key = ", ".join(dataset.unique_key)
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table} GROUP BY {key} HAVING COUNT(*) > 1)")
        return cursor.fetchone()[0]
    return False


def _copy_file(cursor, table, fields, texts, path: Path, progress, *, freeze=False) -> int:
    size, done = max(path.stat().st_size, 1), 0
    not_null = [f for f in fields if f in texts]
    options = "FORMAT csv, HEADER true, ENCODING 'UTF8'"
    if not_null:
        options += f", FORCE_NOT_NULL ({', '.join(not_null)})"
    if freeze:
        options += ", FREEZE"
    sql = f"COPY {table} ({', '.join(fields)}) FROM STDIN ({options})"
    with open(path, "rb") as f, cursor.copy(sql) as copy:
        copy.write(f.readline().removeprefix(b"\xef\xbb\xbf"))
        while block := f.read(CHUNK):
            copy.write(block)
            done += len(block)
            if done % (16 * CHUNK) < CHUNK:
                progress(done / size)
    return cursor.rowcount


# --- small returns (aggregates, workforce): COPY into the shared table, tagged with the return


def copy_shared(
    dataset: Dataset, path: Path, *, table: str, return_id: int, force, period: str, progress
) -> Outcome:
    """COPY a small file into its dataset's one table, each row tagged with the return through
    the fpo.return_id setting, and check the return's rows: no partition to create and attach,
    which would cost more than the rows. The caller's transaction keeps it whole or nothing."""
    fields, texts = _copy_columns(dataset, path)
    rid, timings = int(return_id), {}
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SELECT set_config('fpo.return_id', %s, true)", [str(rid)])
        with _content_fails_the_gate(), transaction.atomic():
            rows = _copy_file(cursor, table, fields, texts, path, progress)
        timings["copy"] = round(time.perf_counter() - started, 3)
        scope = f"(SELECT * FROM {table} WHERE return_id = {rid}) AS this_return"
        _gate(cursor, dataset, scope, force=force, period=period, timings=timings)
        report = _warnings(cursor, dataset, scope, path, force=force, period=period, rows=rows)
    return Outcome(rows_total=rows, report=report, timings=timings)
