"""Where the checks read their values from, and the SQL each source needs.

Two sources, one set of checks (metrics/ingest/checks.py):
- PostgresStaging: a text staging table (the detailed report of a bad file);
- PostgresTyped: rows already COPYed into their typed record table (the fast gate).
"""

from kit.exports import FORMULA_STARTS

# A cell starting with one of these runs as a spreadsheet formula when opened: the list the
# downloads escape (OWASP's), but NUL, which COPY refuses before any check, and whose code 0
# is also what ascii('') gives an empty cell.
FORMULA_START = "".join(c for c in FORMULA_STARTS if c != "\0")
FORMULA_CODES = ", ".join(str(ord(x)) for x in FORMULA_START)
DATE_RE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DATETIME_RE = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9]"
    r"(:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
MONTH_RE = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
INTEGER_RE = r"^[+-]?[0-9]{1,9}$"
DECIMAL_RE = r"^[+-]?([0-9]{1,15}(\.[0-9]{0,12})?|\.[0-9]{1,12})$"
PATTERNS = {
    "integer": INTEGER_RE,
    "decimal": DECIMAL_RE,
    "datetime": DATETIME_RE,
    "month": MONTH_RE,
}
# Months of timestamps are read in UK local time.
LOCAL_ZONE = "Europe/London"


def literal(value: str) -> str:
    """A SQL string literal; values come from declarations and reference data."""
    return "'" + str(value).replace("'", "''") + "'"


class PostgresStaging:
    typed_source = False

    def value(self, column) -> str:
        return f"NULLIF({column.field}, '')"

    def empty(self, column) -> str:
        return f"{self.value(column)} IS NULL"

    def given(self, column) -> str:
        return f"{self.value(column)} IS NOT NULL"

    def formula_like(self, column) -> str:
        return f"ascii({column.field}) IN ({FORMULA_CODES})"

    def matches(self, expr: str, pattern: str) -> str:
        return f"({expr} ~ {literal(pattern)})"

    def is_date(self, v: str) -> str:
        # The regex admits 2024-02-30; the day is then checked against the month's length.
        return (
            f"(CASE WHEN {self.matches(v, DATE_RE)} THEN substr({v}, 9, 2)::int <= "
            f"extract(day from (substr({v}, 1, 7) || '-01')::date + interval '1 month' "
            f"- interval '1 day') ELSE false END)"
        )

    def valid(self, column) -> str:
        """True where the cell is empty or a well-formed value of its type."""
        v = self.value(column)
        if column.type == "date":
            return f"({v} IS NULL OR {self.is_date(v)})"
        if column.type == "datetime":
            return (
                f"({v} IS NULL OR ({self.matches(v, DATETIME_RE)} AND "
                f"{self.is_date(f'substr({v}, 1, 10)')}))"
            )
        if column.type == "boolean":
            words = ", ".join(
                literal(x) for x in ("true", "false", "yes", "no", "y", "n", "1", "0")
            )
            return f"({v} IS NULL OR lower({v}) IN ({words}))"
        if column.type in PATTERNS:
            return f"({v} IS NULL OR {self.matches(v, PATTERNS[column.type])})"
        return "(1 = 1)"

    def typed(self, column) -> str:
        v = self.value(column)
        return {
            "text": v,
            "month": v,
            "integer": f"({v})::integer",
            "decimal": f"({v})::float8",
            "date": f"({v})::date",
            "datetime": f"({v})::timestamptz",
            "boolean": f"(lower({v}) IN ('true', 'yes', 'y', '1'))",
        }[column.type]

    def month_of(self, column) -> str:
        if column.type == "datetime":
            return f"to_char({self.typed(column)} AT TIME ZONE {literal(LOCAL_ZONE)}, 'YYYY-MM')"
        return f"substr({self.value(column)}, 1, 7)"


class PostgresTyped(PostgresStaging):
    typed_source = True

    def value(self, column) -> str:
        return f"NULLIF({column.field}, '')" if column.type in ("text", "month") else column.field

    # Text columns are loaded with FORCE_NOT_NULL: an empty cell is '', never NULL.
    def empty(self, column) -> str:
        return (
            f"{column.field} = ''"
            if column.type in ("text", "month")
            else f"{column.field} IS NULL"
        )

    def given(self, column) -> str:
        return (
            f"{column.field} <> ''"
            if column.type in ("text", "month")
            else f"{column.field} IS NOT NULL"
        )

    def valid(self, column) -> str:
        return "(1 = 1)"  # COPY has already parsed every value into its column's type

    def typed(self, column) -> str:
        return self.value(column)

    def month_of(self, column) -> str:
        if column.type == "datetime":
            return f"to_char({column.field} AT TIME ZONE {literal(LOCAL_ZONE)}, 'YYYY-MM')"
        if column.type == "date":
            return f"to_char({column.field}, 'YYYY-MM')"
        return self.value(column)
