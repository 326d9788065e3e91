"""The vocabulary of a dataset declaration: column types, columns, row rules, the dataset."""

from dataclasses import dataclass

# Column types. Datetimes are ISO 8601 with a UTC offset or Z (e.g. 2024-03-01T08:15:02+00:00),
# so every force's clock means the same instant; the month of a timestamp is read as written.
TEXT, INTEGER, DECIMAL, DATE, DATETIME, BOOLEAN, MONTH = (
    "text",
    "integer",
    "decimal",
    "date",
    "datetime",
    "boolean",
    "month",
)
TRUE_VALUES = ("true", "yes", "y", "1")
FALSE_VALUES = ("false", "no", "n", "0")


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    type: str
    description: str
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int = 255
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Compare:
    """Row rule: `left op right` must hold where both are given (e.g. answered after connected)."""

    code: str
    left: str
    op: str
    right: str
    message: str


@dataclass(frozen=True)
class RequiredUnless:
    """Row rule: `column` must be given unless `other` holds one of `values`."""

    code: str
    column: str
    other: str
    values: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Dataset:
    code: str
    name: str
    version: int
    description: str
    grain: str
    columns: tuple[Column, ...]
    model_name: str
    period_field: str
    period_rule: str = "within"  # "within": in the month; "not_after": on or before its end
    force_field: str = "force"
    force_match: str = "slug"  # "slug": data.police.uk id; "name": the force's name
    unique_key: tuple[str, ...] = ()
    row_rules: tuple = ()
    due_day: int = 15  # returns are due this many days after the month ends

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]
