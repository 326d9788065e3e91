"""The vocabulary of a dataset declaration: column types, columns, row rules, the dataset."""

from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings

from kit.periods import Month

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
class Requires:
    """Row rule: a row whose `when` holds one of `values` needs `column` to hold one of
    `allowed` (a blank `column` breaks it too)."""

    code: str
    column: str
    allowed: tuple[str, ...]
    when: str
    values: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Deadline:
    """Row rule, a warning: a row whose `when` holds one of `values` and whose `start` date is
    given should have `column` (a date) within `days` of `start`, where `days` names a setting.
    Blank is late once the days have run out by the end of the return's month. A warning is
    reported with its row, and the return still loads."""

    code: str
    column: str
    start: str
    days: str
    when: str
    values: tuple[str, ...]
    template: str  # the message, with {days} for the setting's value
    warning: bool = True

    @property
    def within(self) -> int:
        return int(getattr(settings, self.days))

    @property
    def message(self) -> str:
        return self.template.format(days=self.within)


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
    due_day: int = 15  # returns are due this many days after the period ends
    # "monthly", or "quarterly": a return for each calendar quarter (which are the financial
    # year's quarters too), named by the quarter's first month and due `due_day` days after
    # its last; the quarter's other months expect no return.
    cadence: str = "monthly"
    # An aggregate return's declaration: `weight` names its column of counts (each row is a
    # cell of a table of counts), `twin_of` the record-level dataset whose months it fills.
    weight: str = ""
    twin_of: str = ""
    aggregate: "Dataset | None" = None  # a record-level dataset's aggregate twin
    # A few rows a return: loaded into the dataset's one table, each row tagged with its
    # return, rather than into a partition of its own (metrics/ingest/engine.py).
    small: bool = False
    # The earlier versions of the schema, oldest first; each still loads (see next_version).
    earlier: tuple["Dataset", ...] = ()

    def next_version(
        self, *, columns: tuple = (), row_rules: tuple = (), description: str = ""
    ) -> "Dataset":
        """The schema's next version: this one's columns and rules, then those given (and
        its description, where the rows it holds change). A return of any version loads into
        the one table; what an earlier version lacks is null there."""
        return replace(
            self,
            version=self.version + 1,
            description=description or self.description,
            columns=self.columns + tuple(columns),
            row_rules=self.row_rules + tuple(row_rules),
            earlier=(*self.earlier, self),
        )

    @property
    def months_per_period(self) -> int:
        return {"monthly": 1, "quarterly": 3}[self.cadence]

    def is_period(self, month: date) -> bool:
        """Whether a return is expected for the month: every month, or a quarter's first."""
        return (month.month - 1) % self.months_per_period == 0

    def period_of(self, month: date) -> date:
        """The first month of the period (month or quarter) holding the month."""
        return month.replace(month=month.month - (month.month - 1) % self.months_per_period, day=1)

    def due_date(self, period: date) -> date:
        """The day a return for the period beginning with the month is due."""
        return (Month.of(period) + (self.months_per_period - 1)).due_date(self.due_day)

    def has_column(self, field_name: str) -> bool:
        return any(c.field == field_name for c in self.columns)

    @property
    def versions(self) -> tuple["Dataset", ...]:
        """Every version of the schema, oldest first, this one last."""
        return (*self.earlier, self)

    @property
    def kind(self) -> str:
        return "aggregate" if self.twin_of else "records"

    @property
    def schema_id(self) -> str:
        return f"{self.code}/v{self.version}"

    @property
    def return_dataset(self) -> str:
        """The dataset a return of this declaration is a return of (for completeness and
        versions): the record-level twin's code for an aggregate."""
        return self.twin_of or self.code

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass(frozen=True)
class Bands:
    """Timing bands of an aggregate return, as the Home Office publishes 999 answer times: a
    value v falls in the band (lower, upper], the first from 0 and the last open-ended.
    Labels read "0-10", "10-60", "60+"."""

    unit: str
    edges: tuple[int, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        bounds = (0, *self.edges)
        closed = tuple(f"{a}-{b}" for a, b in zip(bounds, bounds[1:], strict=False))
        return (*closed, f"{self.edges[-1]}+")

    def limits(self) -> list[tuple[str, float, float | None]]:
        """(label, lower, upper) for each band, the last with no upper bound."""
        bounds = (0, *self.edges, None)
        return list(zip(self.labels, bounds, bounds[1:], strict=False))

    def up_to(self, limit: int) -> tuple[str, ...]:
        """The labels of the bands wholly within `limit` (an edge)."""
        if limit not in self.edges:
            raise ValueError(f"{limit} is not an edge of the bands {self.edges}")
        return self.labels[: self.edges.index(limit) + 1]

    def case(self, expression: str) -> str:
        """SQL placing a record's value in its band, so records pool with aggregate cells."""
        whens = " ".join(
            f"WHEN {expression} <= {upper} THEN '{label}'"
            for label, _, upper in self.limits()
            if upper is not None
        )
        return f"CASE {whens} ELSE '{self.labels[-1]}' END"
