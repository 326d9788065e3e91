"""Compile a dataset declaration into set-based SQL checks.

Each check is a SQL predicate, true for a row that breaks a rule. The same checks run over a
text staging table (with type checks) or over rows already typed by COPY (see dialects.py).
Rules other than the type check only look at well-typed values, so one bad cell gives one
problem.
"""

from dataclasses import dataclass

from metrics.datasets import Compare, Dataset, Deadline, RequiredUnless, Requires
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
    warning: bool = False  # reported, but the return still loads


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


def row_checks(source, dataset: Dataset, *, period: str) -> list[Check]:
    checks = []
    for rule in dataset.row_rules:
        if isinstance(rule, Compare):
            checks.append(_compare(source, dataset, rule))
        elif isinstance(rule, RequiredUnless):
            column, other = dataset.column(rule.column), dataset.column(rule.other)
            exempt = ", ".join(literal(x) for x in rule.values)
            bad = f"{source.empty(column)} AND lower({_text(source, other)}) NOT IN ({exempt})"
            checks.append(Check(column.header, column.field, rule.code, rule.message, bad))
        elif isinstance(rule, Requires):
            column, when = dataset.column(rule.column), dataset.column(rule.when)
            values = ", ".join(literal(x) for x in rule.values)
            allowed = ", ".join(literal(x) for x in rule.allowed)
            bad = (
                f"{source.valid(column)} AND lower({_text(source, when)}) IN ({values}) "
                f"AND lower({_text(source, column)}) NOT IN ({allowed})"
            )
            checks.append(Check(column.header, column.field, rule.code, rule.message, bad))
        elif isinstance(rule, Deadline):
            checks.append(_deadline(source, dataset, rule, period))
    return checks


def _text(source, column) -> str:
    """A cell as lower-case-able text, '' when empty: booleans as the words they were sent in
    (staging) or as 'true' and 'false' (typed)."""
    if not source.typed_source or column.type in ("text", "month"):
        return f"COALESCE({column.field}, '')"
    return f"COALESCE({column.field}::text, '')"


def _compare(source, dataset: Dataset, rule: Compare) -> Check:
    left, right = dataset.column(rule.left), dataset.column(rule.right)
    both = (
        f"{source.given(left)} AND {source.given(right)} "
        f"AND {source.valid(left)} AND {source.valid(right)}"
    )
    inverse = {">=": "<", "<=": ">", ">": "<=", "<": ">="}[rule.op]
    bad = f"{both} AND {source.typed(left)} {inverse} {source.typed(right)}"
    return Check(left.header, left.field, rule.code, rule.message, bad)


def _deadline(source, dataset: Dataset, rule: Deadline, period: str) -> Check:
    column, start, when = (dataset.column(f) for f in (rule.column, rule.start, rule.when))
    due = f"({source.typed(start)} + {int(rule.within)})"
    month_over = f"({literal(period + '-01')}::date + interval '1 month')::date"
    values = ", ".join(literal(x) for x in rule.values)
    bad = (
        f"lower({_text(source, when)}) IN ({values}) "
        f"AND {source.given(start)} AND {source.valid(start)} AND {source.valid(column)} "
        f"AND CASE WHEN {source.given(column)} THEN {source.typed(column)} > {due} "
        f"ELSE {due} < {month_over} END"
    )
    return Check(column.header, column.field, rule.code, rule.message, bad, warning=True)


def all_checks(source, dataset: Dataset, *, force, period: str) -> list[Check]:
    """Every check of a row, the warnings among them."""
    return column_checks(source, dataset, force=force, period=period) + row_checks(
        source, dataset, period=period
    )


# --- the gate: is any row bad? ----------------------------------------------------------------


def gate(source, dataset: Dataset, *, force, period: str) -> str:
    """A predicate true for a row that breaks any rule: the OR of all_checks, spelt with fewer
    operations per row, because the gate over typed rows evaluates it for every row of a file
    that is almost always good. Where one column's checks are implied by another of them (an
    empty or formula-like cell is not an allowed value, the force's name or the return's month),
    the column needs one test. Which rule fails is left to the staging report. Warnings are
    left out: they never stop a load."""
    if not source.typed_source:
        return " OR ".join(
            f"({c.bad})"
            for c in all_checks(source, dataset, force=force, period=period)
            if not c.warning
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
    parts += [c.bad for c in row_checks(source, dataset, period=period) if not c.warning]
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
