"""Compile a dataset declaration into set-based SQL checks over a staging table.

The staging table has one text column per declared column (named by its field) and `line`,
the row's number in the file with the header as row 1. Each check is a SQL predicate that is
true for a bad row; checks only look at values that passed their type check, so one bad cell
gives one problem.
"""

from dataclasses import dataclass

from metrics.datasets import TRUE_VALUES, Compare, Dataset, RequiredUnless
from metrics.ingest import dialects
from metrics.ingest.dialects import literal

FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Check:
    column: str  # header as the force sees it, or "" for a whole-row rule
    field: str  # staging column whose value is shown
    rule: str
    message: str
    bad: str  # SQL predicate, true where the row breaks the rule


def value(field: str) -> str:
    return f"NULLIF({field}, '')"


def valid(dialect, column) -> str:
    """SQL predicate: the cell is empty or a well-formed value of its type."""
    v = value(column.field)
    pattern = {
        "integer": dialects.INTEGER_RE,
        "decimal": dialects.DECIMAL_RE,
        "datetime": dialects.DATETIME_RE,
        "month": dialects.MONTH_RE,
    }.get(column.type)
    if column.type == "date":
        return f"({v} IS NULL OR {dialect.is_date(v)})"
    if column.type == "datetime":
        return (
            f"({v} IS NULL OR ({dialect.matches(v, pattern)} AND "
            f"{dialect.is_date(f'substr({v}, 1, 10)')}))"
        )
    if column.type == "boolean":
        allowed = ", ".join(literal(x) for x in ("true", "false", "yes", "no", "y", "n", "1", "0"))
        return f"({v} IS NULL OR lower({v}) IN ({allowed}))"
    if pattern:
        return f"({v} IS NULL OR {dialect.matches(v, pattern)})"
    return "(1 = 1)"


def typed(dialect, column) -> str:
    return dialect.cast(value(column.field), column.type)


def column_checks(dialect, dataset: Dataset, *, force, period: str) -> list[Check]:
    checks = []
    for c in dataset.columns:
        v, h = value(c.field), c.header
        ok = valid(dialect, c)
        if c.required:
            checks.append(Check(h, c.field, "required", f"{h} is required", f"{v} IS NULL"))
        if c.type != "text":
            checks.append(
                Check(h, c.field, "type", f"{h} must be {TYPE_WORDS[c.type]}", f"NOT {ok}")
            )
        if c.type == "text":
            checks.append(
                Check(
                    h,
                    c.field,
                    "max_length",
                    f"{h} is longer than {c.max_length} characters",
                    f"length({v}) > {c.max_length}",
                )
            )
            prefixes = ", ".join(literal(p) for p in FORMULA_PREFIXES)
            checks.append(
                Check(
                    h,
                    c.field,
                    "formula_like",
                    f"{h} starts with =, +, - or @ and could run as a spreadsheet formula",
                    f"substr({v}, 1, 1) IN ({prefixes})",
                )
            )
        if c.choices:
            allowed = ", ".join(literal(x) for x in c.choices)
            checks.append(
                Check(
                    h,
                    c.field,
                    "allowed_values",
                    f"{h} is not an allowed value",
                    f"{v} NOT IN ({allowed})",
                )
            )
        for bound, op, word in ((c.minimum, "<", "less"), (c.maximum, ">", "more")):
            if bound is not None:
                checks.append(
                    Check(
                        h,
                        c.field,
                        "range",
                        f"{h} is {word} than {bound:g}",
                        f"{ok} AND {typed(dialect, c)} {op} {bound}",
                    )
                )
        if c.field == dataset.period_field:
            checks.append(period_check(dialect, dataset, c, period))
        if c.field == dataset.force_field:
            checks.append(force_check(dataset, c, force))
    return checks


TYPE_WORDS = {
    "integer": "a whole number",
    "decimal": "a number",
    "date": "a date written YYYY-MM-DD",
    "datetime": "a date and time in ISO 8601 with a UTC offset, e.g. 2024-03-01T08:15:02+00:00",
    "boolean": "true or false",
    "month": "a month written YYYY-MM",
}


def period_check(dialect, dataset, column, period: str) -> Check:
    v, ok = value(column.field), valid(dialect, column)
    month = f"substr({v}, 1, 7)"
    if dataset.period_rule == "within":
        bad, words = f"{month} <> {literal(period)}", f"in {period}, the return's month"
    else:
        bad, words = f"{month} > {literal(period)}", f"on or before the end of {period}"
    return Check(
        column.header,
        column.field,
        "period",
        f"{column.header} must be {words}",
        f"{v} IS NOT NULL AND {ok} AND {bad}",
    )


def force_check(dataset, column, force) -> Check:
    v = value(column.field)
    if dataset.force_match == "name":
        expected = force.name.replace("&", "and")
        bad = f"replace({v}, '&', 'and') <> {literal(expected)}"
        shown = force.name
    else:
        bad, shown = f"{v} <> {literal(force.slug)}", force.slug
    return Check(
        column.header,
        column.field,
        "other_force",
        f"{column.header} must be {shown}: the file is for another force",
        bad,
    )


def row_checks(dialect, dataset: Dataset) -> list[Check]:
    checks = []
    for rule in dataset.row_rules:
        if isinstance(rule, Compare):
            left, right = dataset.column(rule.left), dataset.column(rule.right)
            both = (
                f"{value(left.field)} IS NOT NULL AND {value(right.field)} IS NOT NULL "
                f"AND {valid(dialect, left)} AND {valid(dialect, right)}"
            )
            inverse = {">=": "<", "<=": ">", ">": "<=", "<": ">="}[rule.op]
            bad = f"{both} AND {typed(dialect, left)} {inverse} {typed(dialect, right)}"
            checks.append(Check(left.header, left.field, rule.code, rule.message, bad))
        elif isinstance(rule, RequiredUnless):
            column, other = dataset.column(rule.column), dataset.column(rule.other)
            exempt = ", ".join(literal(x) for x in rule.values)
            bad = (
                f"{value(column.field)} IS NULL AND "
                f"lower(COALESCE({other.field}, '')) NOT IN ({exempt})"
            )
            checks.append(Check(column.header, column.field, rule.code, rule.message, bad))
    return checks


def all_checks(dialect, dataset: Dataset, *, force, period: str) -> list[Check]:
    return column_checks(dialect, dataset, force=force, period=period) + row_checks(
        dialect, dataset
    )


def insert_select(dialect, dataset: Dataset, *, table: str, staging: str, return_id: int):
    """SQL that loads every staging row into the record table, typed."""
    fields = [
        c
        for c in dataset.columns
        if c.field != dataset.force_field or dataset.force_match == "name"
    ]
    names = ", ".join(["return_id", *[c.field for c in fields]])
    casts = ", ".join([str(int(return_id)), *[_stored(dialect, c) for c in fields]])
    return f"INSERT INTO {table} ({names}) SELECT {casts} FROM {staging}"


def _stored(dialect, column) -> str:
    if column.type == "text":
        return f"COALESCE({column.field}, '')"
    return typed(dialect, column)


__all__ = ["Check", "all_checks", "insert_select", "TRUE_VALUES"]
