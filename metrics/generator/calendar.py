"""Months, Europe/London time zone conversion and date formatting for the generated returns."""

import datetime as dt
import re
from functools import lru_cache

import numpy as np

MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_EPOCH = dt.date(1970, 1, 1)


def _month(period: str) -> tuple[int, int]:
    match = MONTH_RE.match(period)
    if not match:
        raise ValueError(f"{period!r} is not a month written YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def months_between(start: str, end: str) -> int:
    """Whole months from start to end (negative if end is earlier)."""
    (y1, m1), (y2, m2) = _month(start), _month(end)
    return (y2 - y1) * 12 + (m2 - m1)


def add_months(period: str, n: int) -> str:
    year, month = _month(period)
    index = year * 12 + month - 1 + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_months(text: str) -> list[str]:
    """Months from "2024-01..2024-06" (inclusive) or "2024-01,2024-03"; ValueError if bad."""
    text = text.strip()
    if ".." in text:
        start, _, end = (part.strip() for part in text.partition(".."))
        _month(start), _month(end)
        if months_between(start, end) < 0:
            raise ValueError(f"the range {text!r} ends before it starts")
        return [add_months(start, i) for i in range(months_between(start, end) + 1)]
    months = [part.strip() for part in text.split(",") if part.strip()]
    if not months:
        raise ValueError("no months given")
    for m in months:
        _month(m)
    return sorted(set(months))


def _first_day(period: str) -> dt.date:
    year, month = _month(period)
    return dt.date(year, month, 1)


def _days_in(period: str) -> int:
    return (_first_day(add_months(period, 1)) - _first_day(period)).days


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
