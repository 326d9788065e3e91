"""Calendar months, the period of every return and figure (DESIGN section 3).

One type for the whole project: parse `YYYY-MM`, add months, ranges, quarter and year
labels, and the due date of a return. Months are stored as the first day of the month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FIRST_YEAR = 1900  # no month before it is read, or made
FREQUENCIES = ("month", "quarter", "year")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """A month written YYYY-MM; ValueError naming the text otherwise."""
        match = MONTH_PATTERN.match((text or "").strip()) if isinstance(text, str) else None
        if not match or int(match.group(1)) < FIRST_YEAR:
            raise ValueError(f"Enter a month as YYYY-MM, for example 2024-03, not {text!r}.")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def between(cls, first: Month, last: Month) -> list[Month]:
        """Every month from first to last inclusive (empty when last is before first)."""
        return [first + i for i in range(last.index - first.index + 1)]

    @classmethod
    def parse_range(cls, text: str) -> list[Month]:
        """Months from "2024-01..2024-06" (inclusive) or "2024-01,2024-03"; ValueError if bad."""
        text = (text or "").strip()
        if ".." in text:
            first, _, last = text.partition("..")
            start, end = cls.parse(first), cls.parse(last)
            if end < start:
                raise ValueError(f"the range {text!r} ends before it starts")
            return cls.between(start, end)
        months = [cls.parse(part) for part in text.split(",") if part.strip()]
        if not months:
            raise ValueError("no months given")
        return sorted(set(months))

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    def __add__(self, months: int) -> Month:
        index = self.index + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, months: int) -> Month:
        return self + -months

    def months_to(self, other: Month) -> int:
        """Whole months from this month to other (negative if other is earlier)."""
        return other.index - self.index

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return (self + 1).first_day - timedelta(days=1)

    @property
    def days(self) -> int:
        return self.last_day.day

    def due_date(self, due_day: int) -> date:
        """A return for this month is due `due_day` days after the month ends."""
        return self.last_day + timedelta(days=due_day)

    def label(self, frequency: str = "month") -> str:
        """2024-03, or the quarter 2024-Q1, or the year 2024, that holds the month."""
        if frequency == "quarter":
            return f"{self.year}-Q{(self.month - 1) // 3 + 1}"
        if frequency == "year":
            return str(self.year)
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.label()


def month_label(day: date, frequency: str = "month") -> str:
    """The label of the month (or quarter, or year) holding a date."""
    return Month.of(day).label(frequency)


def months_before(today: date, count: int) -> list[Month]:
    """The last `count` whole months before today's month."""
    this_month = Month.of(today)
    return Month.between(this_month - count, this_month - 1)
