"""The one ingestion engine: stage a file, check it with set-based SQL, load it whole.

Everything happens inside the caller's transaction, so a rejected or interrupted load leaves
nothing behind, and the previous version stays in force until the new one has loaded.
"""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.db import DatabaseError, connection

from metrics.datasets import Dataset
from metrics.ingest import staging
from metrics.ingest.checks import all_checks, insert_select
from metrics.ingest.dialects import dialect_for
from metrics.ingest.files import FileProblem, find_invalid_utf8
from metrics.ingest.report import Report

# SQLSTATEs of COPY failures caused by the file's content, not by the server.
COPY_DATA_ERRORS = {"22P04", "22021", "22P05", "22P02", "54000"}


class Rejected(Exception):
    def __init__(self, report: dict):
        super().__init__("return rejected")
        self.report = report


@dataclass
class Outcome:
    rows_total: int
    report: dict
    timings: dict = field(default_factory=dict)


def _stage(cursor, dataset, path: Path, progress, timings) -> int:
    started = time.perf_counter()
    try:
        rows = staging.create_and_fill(cursor, connection.vendor, dataset, path, progress)
    except UnicodeDecodeError as exc:
        raise _encoding_problem(dataset, path) from exc
    except FileProblem as problem:
        raise Rejected(_problem_report(dataset, problem, problem.row)) from problem
    except (DatabaseError, psycopg.Error) as exc:
        cause = exc if isinstance(exc, psycopg.Error) else exc.__cause__
        if getattr(cause, "sqlstate", None) not in COPY_DATA_ERRORS:
            raise
        raise _copy_problem(dataset, path, cause) from exc
    timings["stage"] = round(time.perf_counter() - started, 3)
    return rows


def _problem_report(dataset, problem, row=None) -> dict:
    report = Report(dataset)
    report.add(row=row, column="", rule=problem.code, message=str(problem))
    return report.as_dict()


def _encoding_problem(dataset, path) -> Rejected:
    found = find_invalid_utf8(path)
    row, guess = found if found else (None, "an encoding other than UTF-8")
    problem = FileProblem(
        f"The file is not UTF-8 from row {row}: it looks like {guess}. Send it as UTF-8.",
        code="encoding",
    )
    return Rejected(_problem_report(dataset, problem, row))


def _copy_problem(dataset, path, exc) -> Rejected:
    text = str(exc)
    if "invalid byte sequence" in text or "character with byte sequence" in text:
        return _encoding_problem(dataset, path)
    match = re.search(
        r"line (\d+)",
        getattr(getattr(exc, "__cause__", None), "diag", None)
        and exc.__cause__.diag.context
        or text,
    )
    row = int(match.group(1)) if match else None
    first = text.splitlines()[0] if text else "unreadable CSV"
    problem = FileProblem(
        f"The file is not valid CSV for this schema at row {row}: {first}", code="csv_format"
    )
    return Rejected(_problem_report(dataset, problem, row))


def check(cursor, dataset: Dataset, *, force, period: str, rows_total: int) -> dict:
    """Run every check over the staging table; returns the report."""
    dialect = dialect_for(connection)
    checks = all_checks(dialect, dataset, force=force, period=period)
    report = Report(dataset, rows_total=rows_total)
    sums = ", ".join(f"SUM(CASE WHEN {c.bad} THEN 1 ELSE 0 END)" for c in checks)
    cursor.execute(f"SELECT {sums} FROM {staging.STAGING}")
    counts = cursor.fetchone()
    failing = [(c, n) for c, n in zip(checks, counts, strict=True) if n]
    if failing:
        _details(cursor, report, failing)
    if dataset.unique_key:
        _duplicates(cursor, report, dataset)
    return report.as_dict()


def _details(cursor, report: Report, failing) -> None:
    from django.conf import settings

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
                    row=line, column=c.column, rule=c.rule, message=c.message, value=v, count=0
                )
    for c, count in failing:
        report.count_only(c.rule, count)


def _duplicates(cursor, report: Report, dataset: Dataset) -> None:
    from django.conf import settings

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
    """Stage and check a file inside the current transaction; raises Rejected when bad."""
    timings: dict = {}
    with connection.cursor() as cursor:
        rows = _stage(cursor, dataset, path, progress, timings)
        started = time.perf_counter()
        report = check(cursor, dataset, force=force, period=period, rows_total=rows)
        timings["validate"] = round(time.perf_counter() - started, 3)
    if not report["valid"]:
        raise Rejected(report)
    return Outcome(rows_total=rows, report=report, timings=timings)


def load(dataset: Dataset, *, table: str, return_id: int) -> int:
    """Insert the staged rows into the record table; returns how many."""
    dialect = dialect_for(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            insert_select(
                dialect, dataset, table=table, staging=staging.STAGING, return_id=return_id
            )
        )
        loaded = cursor.rowcount
        staging.drop(cursor, connection.vendor)
    return loaded


def discard_staging() -> None:
    with connection.cursor() as cursor:
        staging.drop(cursor, connection.vendor)
