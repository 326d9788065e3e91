"""Compile a dataset declaration into set-based SQL checks.

Each check is a SQL predicate, true for a row that breaks a rule. The same checks run over a
text staging table (with type checks) or over rows already typed by COPY (see dialects.py).
Rules other than the type check only look at well-typed values, so one bad cell gives one
problem.
"""

from dataclasses import dataclass

from metrics.datasets import Compare, Dataset, RequiredUnless
from metrics.ingest.dialects import FORMULA_CODES, FORMULA_START, literal

TYPE_WORDS = {
    "integer": "a whole number",
    "decimal": "a number",
    "date": "a date written YYYY-MM-DD",
    "datetime": "a date and time in ISO 8601 with a UTC offset, e.g. 2024-03-01T08:15:02+00:00",
    "boolean": "true or false",
    "month": "a month written YYYY-MM",
}


@dataclass(frozen=True)
class Check:
    column: str  # header as the force sees it
    field: str  # column whose value the report shows
    rule: str
    message: str
    bad: str  # SQL predicate, true where the row breaks the rule


def column_checks(source, dataset: Dataset, *, force, period: str) -> list[Check]:
    checks = []
    for c in dataset.columns:
        checks += cell_checks(source, c)
        if c.field == dataset.period_field:
            checks.append(period_check(source, dataset, c, period))
        if c.field == dataset.force_field:
            checks.append(force_check(source, dataset, c, force))
    return checks


def cell_checks(source, c) -> list[Check]:
    h, v, ok = c.header, source.value(c), source.valid(c)
    checks = []
    if c.required:
        checks.append(Check(h, c.field, "required", f"{h} is required", source.empty(c)))
    if c.type != "text" and not source.typed_source:
        checks.append(Check(h, c.field, "type", f"{h} must be {TYPE_WORDS[c.type]}", f"NOT {ok}"))
    if c.type == "text":
        checks += text_checks(source, c)
    if c.choices:
        allowed = ", ".join(literal(x) for x in c.choices)
        checks.append(
            Check(
                h,
                c.field,
                "allowed_values",
                f"{h} is not an allowed value",
                f"{source.given(c)} AND {v} NOT IN ({allowed})",
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
                    f"{ok} AND {source.typed(c)} {op} {bound}",
                )
            )
    return checks


def text_checks(source, column) -> list[Check]:
    h = column.header
    checks = [
        Check(
            h,
            column.field,
            "formula_like",
            f"{h} starts with =, +, -, @, a tab or a carriage return and could run as a "
            "spreadsheet formula",
            source.formula_like(column),
        )
    ]
    if not source.typed_source:  # a typed column's length is enforced by COPY itself
        checks.append(
            Check(
                h,
                column.field,
                "max_length",
                f"{h} is longer than {column.max_length} characters",
                f"length({source.value(column)}) > {column.max_length}",
            )
        )
    return checks


def period_check(source, dataset, column, period: str) -> Check:
    ok, month = source.valid(column), source.month_of(column)
    if dataset.period_rule == "within":
        bad, words = f"{month} <> {literal(period)}", f"in {period}, the return's month"
    else:
        bad, words = f"{month} > {literal(period)}", f"on or before the end of {period}"
    return Check(
        column.header,
        column.field,
        "period",
        f"{column.header} must be {words}",
        f"{source.given(column)} AND {ok} AND {bad}",
    )


def force_check(source, dataset, column, force) -> Check:
    v = column.field
    if dataset.force_match == "name":
        bad = f"replace({v}, '&', 'and') <> {literal(force.name.replace('&', 'and'))}"
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


def row_checks(source, dataset: Dataset) -> list[Check]:
    checks = []
    for rule in dataset.row_rules:
        if isinstance(rule, Compare):
            left, right = dataset.column(rule.left), dataset.column(rule.right)
            both = (
                f"{source.given(left)} AND {source.given(right)} "
                f"AND {source.valid(left)} AND {source.valid(right)}"
            )
            inverse = {">=": "<", "<=": ">", ">": "<=", "<": ">="}[rule.op]
            bad = f"{both} AND {source.typed(left)} {inverse} {source.typed(right)}"
            checks.append(Check(left.header, left.field, rule.code, rule.message, bad))
        elif isinstance(rule, RequiredUnless):
            column, other = dataset.column(rule.column), dataset.column(rule.other)
            exempt = ", ".join(literal(x) for x in rule.values)
            other_text = (
                f"COALESCE({other.field}, '')"
                if not source.typed_source or other.type in ("text", "month")
                else f"COALESCE({other.field}::text, '')"
            )
            bad = f"{source.empty(column)} AND lower({other_text}) NOT IN ({exempt})"
            checks.append(Check(column.header, column.field, rule.code, rule.message, bad))
    return checks


def all_checks(source, dataset: Dataset, *, force, period: str) -> list[Check]:
    return column_checks(source, dataset, force=force, period=period) + row_checks(source, dataset)


# --- the gate: is any row bad? ----------------------------------------------------------------


def gate(source, dataset: Dataset, *, force, period: str) -> str:
    """A predicate true for a row that breaks any rule: the OR of all_checks, spelt with fewer
    operations per row, because the gate over typed rows evaluates it for every row of a file
    that is almost always good. Where one column's checks are implied by another of them (an
    empty or formula-like cell is not an allowed value, the force's name or the return's month),
    the column needs one test. Which rule fails is left to the staging report."""
    if not source.typed_source:
        return " OR ".join(
            f"({c.bad})" for c in all_checks(source, dataset, force=force, period=period)
        )
    parts = []
    for column in dataset.columns:
        short = _column_gate(dataset, column, force=force, period=period)
        if short is None:
            checks = cell_checks(source, column)
            if column.field == dataset.period_field:
                checks.append(period_check(source, dataset, column, period))
            if column.field == dataset.force_field:
                checks.append(force_check(source, dataset, column, force))
            parts += [c.bad for c in checks]
        elif short:
            parts.append(short)
    parts += [c.bad for c in row_checks(source, dataset)]
    return " OR ".join(f"({p})" for p in parts) or "false"


def _formula_like(value: str) -> bool:
    return value[:1] in FORMULA_START and value != ""


def _column_gate(dataset: Dataset, column, *, force, period: str) -> str | None:
    """One test for a typed text column's cell checks (its cells are '' when empty, never
    NULL), or None where the column keeps its checks as they are."""
    if column.type not in ("text", "month") or column.minimum is not None:
        return None
    if column.maximum is not None:
        return None
    v, roles = column.field, {dataset.period_field, dataset.force_field} & {column.field}
    if column.field == dataset.force_field and not column.choices and len(roles) == 1:
        if dataset.force_match == "name":
            name, plain = force.name, force.name.replace("&", "and")
            if column.type != "text" or plain == "" or _formula_like(plain):
                return None
            # replace() keeps the first character: an empty or formula-like cell differs.
            return f"{v} <> {literal(name)} AND replace({v}, '&', 'and') <> {literal(plain)}"
        if column.type != "text" or force.slug == "" or _formula_like(force.slug):
            return None
        return f"{v} <> {literal(force.slug)}"
    if column.field == dataset.period_field and not column.choices and len(roles) == 1:
        if dataset.period_rule != "within" or period == "" or _formula_like(period):
            return None
        # A month column has no formula check; a text one's is implied by the month.
        return (
            f"{v} <> {literal(period)}"
            if column.required
            else (f"{v} <> '' AND {v} <> {literal(period)}")
        )
    if roles or column.type != "text":
        return None
    if column.choices:
        allowed = [x for x in column.choices if x != "" and not _formula_like(x)]
        if not column.required:
            allowed.append("")
        if not allowed:
            return "true"
        return f"{v} NOT IN ({', '.join(literal(x) for x in allowed)})"
    # ascii('') is 0: one call checks both a required cell's emptiness and a formula's start.
    codes = f"0, {FORMULA_CODES}" if column.required else FORMULA_CODES
    return f"ascii({v}) IN ({codes})"
