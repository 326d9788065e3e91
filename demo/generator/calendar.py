"""Months, Europe/London time zone conversion and date formatting for the generated returns."""

import datetime as dt
from functools import lru_cache

import numpy as np

from kit.periods import Month

_EPOCH = dt.date(1970, 1, 1)


def _month(period: str) -> tuple[int, int]:
    month = Month.parse(period)
    return month.year, month.month


def months_between(start: str, end: str) -> int:
    """Whole months from start to end (negative if end is earlier)."""
    return Month.parse(start).months_to(Month.parse(end))


def add_months(period: str, n: int) -> str:
    return (Month.parse(period) + n).label()


def parse_months(text: str) -> list[str]:
    """Months from "2024-01..2024-06" (inclusive) or "2024-01,2024-03"; ValueError if bad."""
    return [m.label() for m in Month.parse_range(text)]


def _first_day(period: str) -> dt.date:
    return Month.parse(period).first_day


def _days_in(period: str) -> int:
    return Month.parse(period).days


def _epoch_day(day: dt.date) -> int:
    return (day - _EPOCH).days


def _last_sunday(year: int, month: int) -> dt.date:
    last = _first_day(add_months(f"{year:04d}-{month:02d}", 1)) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - 6) % 7)


@lru_cache(maxsize=64)
def _bst(year: int) -> tuple[int, int]:
    """British Summer Time in `year` as [start, end) epoch seconds (UTC): 01:00Z on the last
    Sundays of March and October."""
    return (
        _epoch_day(_last_sunday(year, 3)) * 86400 + 3600,
        _epoch_day(_last_sunday(year, 10)) * 86400 + 3600,
    )


def _wall_to_utc(wall: np.ndarray, year: int) -> np.ndarray:
    """Europe/London wall-clock seconds to UTC seconds (the skipped spring hour maps forward,
    the repeated autumn hour reads as BST)."""
    start, end = _bst(year)
    in_bst = (wall >= start + 3600) & (wall < end + 3600)
    return wall - np.where(in_bst, 3600, 0)


def format_datetimes(utc: np.ndarray) -> np.ndarray:
    """UTC epoch seconds to ISO 8601 Europe/London local times with their offset."""
    utc = np.asarray(utc, dtype=np.int64)
    offset = np.zeros(utc.shape, dtype=np.int64)
    if utc.size:
        years = utc.astype("datetime64[s]").astype("datetime64[Y]").astype(int) + 1970
        for year in np.unique(years):
            start, end = _bst(int(year))
            offset[(years == year) & (utc >= start) & (utc < end)] = 3600
    text = np.datetime_as_string((utc + offset).astype("datetime64[s]"), unit="s")
    return np.strings.add(text, np.where(offset > 0, "+01:00", "+00:00"))


def format_dates(days: np.ndarray) -> np.ndarray:
    """Epoch days to YYYY-MM-DD."""
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), unit="D")
