"""Where the checks read their values from, and the SQL that differs between databases.

Three sources, one set of checks (metrics/ingest/checks.py):
- PostgresStaging: a text staging table on PostgreSQL (the detailed report of a bad file);
- SqliteStaging: the same on SQLite (the demo's path);
- PostgresTyped: rows already COPYed into their typed record table (the fast gate).
"""

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
        # + - = @ at the start of a cell make spreadsheets run it as a formula.
        return f"ascii({column.field}) IN (43, 45, 61, 64)"

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


def _digits(x: str) -> str:
    """True where x holds ASCII digits only (or nothing)."""
    return f"({x} NOT GLOB '*[^0-9]*')"


def _unsigned(v: str) -> str:
    return f"(CASE WHEN substr({v}, 1, 1) IN ('+', '-') THEN substr({v}, 2) ELSE {v} END)"


class SqliteStaging(PostgresStaging):
    """SQLite has no regular expressions in C: REGEXP would call back into Python for every
    cell, which is most of the demo's load. Each pattern is instead spelt out in GLOB and
    string functions, accepting exactly what its regex in PATTERNS accepts."""

    def formula_like(self, column) -> str:
        return f"substr({column.field}, 1, 1) IN ('+', '-', '=', '@')"

    def valid(self, column) -> str:
        shapes = {
            "integer": self.is_integer,
            "decimal": self.is_decimal,
            "month": self.is_month,
            "datetime": self.is_datetime,
        }
        if column.type not in shapes:
            return super().valid(column)
        v = self.value(column)
        return f"({v} IS NULL OR {shapes[column.type](v)})"

    def is_integer(self, v: str) -> str:  # INTEGER_RE
        u = _unsigned(v)
        return f"(length({u}) BETWEEN 1 AND 9 AND {_digits(u)})"

    def is_decimal(self, v: str) -> str:  # DECIMAL_RE
        # Kept small: the expression is evaluated for every cell, often thrice (type, range).
        u = f"ltrim({v}, '+-')"
        digits = f"replace({u}, '.', '')"
        whole = f"(instr({u} || '.', '.') - 1)"  # digits before the point, if any
        return (
            f"(length({v}) - length({u}) <= 1 AND {_digits(digits)} "
            f"AND length({u}) - length({digits}) <= 1 AND length({digits}) >= 1 "
            f"AND {whole} <= 15 AND length({u}) - {whole} - 1 <= 12)"
        )

    def is_month(self, v: str) -> str:  # MONTH_RE
        shape = f"{v} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'"
        return f"({shape} AND substr({v}, 6, 2) BETWEEN '01' AND '12')"

    def is_datetime(self, v: str) -> str:  # DATETIME_RE, with the date checked as a date
        zone = f"(CASE WHEN {v} GLOB '*Z' THEN 1 ELSE 6 END)"
        seconds = f"substr({v}, 17, length({v}) - 16 - {zone})"
        return (
            f"({v} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-2][0-9]:[0-5][0-9]*' "
            f"AND substr({v}, 12, 2) <= '23' AND {self.is_date(f'substr({v}, 1, 10)')} "
            f"AND ({v} GLOB '*Z' OR (substr({v}, -6) GLOB '[+-][0-2][0-9]:[0-5][0-9]' "
            f"AND substr({v}, -5, 2) <= '23')) "
            f"AND length({v}) >= 16 + {zone} "
            f"AND ({seconds} = '' OR {seconds} GLOB ':[0-5][0-9]' "
            f"OR ({seconds} GLOB ':[0-5][0-9].[0-9]*' AND length({seconds}) BETWEEN 5 AND 10 "
            f"AND {_digits(f'substr({seconds}, 5)')})))"
        )

    def is_date(self, v: str) -> str:
        # Through julianday, 2024-02-30 becomes 2024-03-01, so a round trip catches it.
        return f"(date(julianday({v})) IS NOT NULL AND date(julianday({v})) = {v})"

    def typed(self, column) -> str:
        v = self.value(column)
        return {
            "text": v,
            "month": v,
            "integer": f"CAST({v} AS INTEGER)",
            "decimal": f"CAST({v} AS REAL)",
            "date": v,
            # SQLite applies the UTC offset, giving the naive UTC text Django stores.
            "datetime": f"strftime('%Y-%m-%d %H:%M:%f', {v})",
            "boolean": f"(lower({v}) IN ('true', 'yes', 'y', '1'))",
        }[column.type]

    def month_of(self, column) -> str:
        # SQLite has no time zone data: the demo reads the month as the timestamp writes it.
        return f"substr({self.value(column)}, 1, 7)"


def staging_dialect(connection):
    return PostgresStaging() if connection.vendor == "postgresql" else SqliteStaging()
