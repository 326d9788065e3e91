"""The few SQL pieces that differ between PostgreSQL and the SQLite demo."""

DATE_RE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DATETIME_RE = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9]"
    r"(:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
MONTH_RE = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
INTEGER_RE = r"^[+-]?[0-9]{1,9}$"
DECIMAL_RE = r"^[+-]?([0-9]{1,15}(\.[0-9]{0,12})?|\.[0-9]{1,12})$"


def literal(value: str) -> str:
    """A SQL string literal; values come from declarations and reference data."""
    return "'" + str(value).replace("'", "''") + "'"


class PostgresDialect:
    vendor = "postgresql"

    def matches(self, expr: str, pattern: str) -> str:
        return f"({expr} ~ {literal(pattern)})"

    def is_date(self, v: str) -> str:
        # The regex admits 2024-02-30; the day is then checked against the month's length.
        return (
            f"(CASE WHEN {self.matches(v, DATE_RE)} THEN substr({v}, 9, 2)::int <= "
            f"extract(day from (substr({v}, 1, 7) || '-01')::date + interval '1 month' "
            f"- interval '1 day') ELSE false END)"
        )

    def cast(self, v: str, type_: str) -> str:
        return {
            "text": v,
            "integer": f"({v})::integer",
            "decimal": f"({v})::float8",
            "date": f"({v})::date",
            "datetime": f"({v})::timestamptz",
            "boolean": f"(lower({v}) IN ('true', 'yes', 'y', '1'))",
            "month": f"(({v}) || '-01')::date",
        }[type_]


class SqliteDialect(PostgresDialect):
    vendor = "sqlite"

    def matches(self, expr: str, pattern: str) -> str:
        # Django's SQLite backend provides REGEXP with Python's re.
        return f"({expr} REGEXP {literal(pattern)})"

    def is_date(self, v: str) -> str:
        # Through julianday, 2024-02-30 becomes 2024-03-01, so a round trip catches it.
        return f"(date(julianday({v})) IS NOT NULL AND date(julianday({v})) = {v})"

    def cast(self, v: str, type_: str) -> str:
        return {
            "text": v,
            "integer": f"CAST({v} AS INTEGER)",
            "decimal": f"CAST({v} AS REAL)",
            "date": v,
            # SQLite applies the UTC offset, giving the naive UTC text Django stores.
            "datetime": f"strftime('%Y-%m-%d %H:%M:%f', {v})",
            "boolean": f"(lower({v}) IN ('true', 'yes', 'y', '1'))",
            "month": f"({v} || '-01')",
        }[type_]


def dialect_for(connection):
    return PostgresDialect() if connection.vendor == "postgresql" else SqliteDialect()
