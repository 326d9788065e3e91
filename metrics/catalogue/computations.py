"""How a metric is computed from one return's rows, as SQL.

Each computation gives, for one force-month, a numerator, a denominator and a value, and
says how to combine force figures into national and similar-group aggregates (weighted by
denominator, as HMICFRS's value-for-money comparisons are). Expressions may use
placeholders filled in for the month: {seconds:a,b}, {minutes:a,b}, {hours:a,b}, {days:a,b} (a
minus b), {in_month:col} and {older_than_12_months:col} (against the return's month),
{in_last_months:col,n} (in the month or the n - 1 before it: a date within n months of the
month's end), {ended_by_month_end:col,h} (the h hours from the instant col had run out by the
month's end), {notice_by:col}
(the day the barred-list notification of a dismissal concluded on col is due, after
BARRED_LIST_NOTIFY_DAYS) and {notice_due_in_month:col} (that day falls in the month).

A row counts once in a record-level return; in an aggregate return it is a cell of counts,
and counts `weight` times (the aggregate's count column), so one computation reads both.
"""

import math
import re
from dataclasses import dataclass, fields
from datetime import date

from django.conf import settings

from kit.periods import Month

PLACEHOLDER = re.compile(r"\{(\w+):([\w,]+)\}")


def next_month(period: date) -> date:
    return date(period.year + period.month // 12, period.month % 12 + 1, 1)


def expand(expr: str, *, period: date) -> str:
    """Fill the placeholders of an expression for the month."""

    def one(match):
        name, args = match.group(1), match.group(2).split(",")
        if name in ("seconds", "minutes", "hours", "days"):
            a, b = args
            seconds = f"EXTRACT(EPOCH FROM ({a} - {b}))"
            return {
                "seconds": seconds,
                "minutes": f"({seconds} / 60.0)",
                "hours": f"({seconds} / 3600.0)",
                "days": f"({a} - {b})",
            }[name]
        if name == "in_month":
            start, end = f"{period:%Y-%m-%d}", f"{next_month(period):%Y-%m-%d}"
            return f"({args[0]} >= '{start}' AND {args[0]} < '{end}')"
        if name == "in_last_months":
            column, months = args[0], int(args[1])
            first = (Month.of(period) - (months - 1)).first_day
            start, end = f"{first:%Y-%m-%d}", f"{next_month(period):%Y-%m-%d}"
            return f"({column} >= '{start}' AND {column} < '{end}')"
        if name == "ended_by_month_end":
            column, hours = args[0], int(args[1])
            end = f"{next_month(period):%Y-%m-%d}"
            return f"({column} + INTERVAL '{hours} hours' <= '{end}')"
        if name == "older_than_12_months":
            end = next_month(period)
            return f"({args[0]} < '{end.replace(year=end.year - 1):%Y-%m-%d}')"
        if name in ("notice_by", "notice_due_in_month"):
            due = f"({args[0]} + {int(settings.BARRED_LIST_NOTIFY_DAYS)})"
            if name == "notice_by":
                return due
            start, end = f"{period:%Y-%m-%d}", f"{next_month(period):%Y-%m-%d}"
            return f"({due} >= '{start}' AND {due} < '{end}')"
        raise ValueError(f"unknown placeholder {name}")

    return PLACEHOLDER.sub(one, expr)


@dataclass(frozen=True)
class Figures:
    numerator: float | None
    denominator: float | None
    value: float | None
    estimated: bool = False  # a percentile estimated from counts in bands
    # A rate ratio's outside denominators: the populations of its group and reference group.
    populations: tuple[float, float] | None = None
    low: float | None = None  # a 95% confidence interval, where the figure has one
    high: float | None = None


def _ratio(n, d, per):
    return None if n is None or not d else n / d * per


def _weighted(rows, per):
    """Aggregate of ratios: total numerator over total denominator."""
    rows = [r for r in rows if r.numerator is not None and r.denominator]
    n, d = sum(r.numerator for r in rows), sum(r.denominator for r in rows)
    return Figures(n, d, _ratio(n, d, per)) if rows else Figures(None, None, None)


NAME = re.compile(r"[a-z_][a-z0-9_]*")
QUOTED = re.compile(r"'[^']*'")


class Computation:
    funnel_kind: str | None = None
    per = 1
    needs = None  # "population" or "officers": a denominator from outside the records
    columns = 1  # how many columns select() gives
    estimated = False  # a figure estimated from counts in bands
    # What a month's figure rests on, for SPC on rare events: "numerator" (a rate's count),
    # "rarer_side" (of a share: those in it or those not), "rarer_part" (the smaller of its
    # two counts), "denominator" (a mean's or percentile's cases), or None (sums and stocks).
    events = None
    has_interval = False  # a 95% interval carried with each figure
    # Why a computation with no funnel_kind is not compared in a funnel plot.
    no_funnel = "it is a median or mean of cases"

    def names(self) -> set[str]:
        """Every name its SQL may read (columns among them), quoted values left out."""
        found: set[str] = set()
        for f in fields(self):
            text = getattr(self, f.name)
            if isinstance(text, str):
                found.update(NAME.findall(QUOTED.sub("", text)))
        return found

    def select(self, period: date, weight: str = "1") -> str:
        raise NotImplementedError

    def figures(self, row, outside: float | None) -> Figures:
        raise NotImplementedError

    def aggregate(self, rows: list[Figures]) -> Figures:
        return _weighted(rows, self.per)

    def low_confidence(self, f: Figures) -> bool:
        return f.denominator is not None and f.denominator < 30

    def over_time(self, rows: list[Figures]) -> Figures:
        """A quarter's or year's figure from its months' (see the module's over_time)."""
        rows = [r for r in rows if r.value is not None]
        return self._over_months(rows) if rows else Figures(None, None, None)

    def _over_months(self, rows: list[Figures]) -> Figures:
        return self.aggregate(rows)  # shares and means pool their parts


def _averaged(rows: list[Figures], per: int) -> Figures:
    """A stock over the months (officers in post, applications pending): its mean."""
    n = sum(r.numerator for r in rows) / len(rows)
    dens = [r.denominator for r in rows if r.denominator]
    d = sum(dens) / len(dens) if dens else None
    return Figures(n, d, _ratio(n, d, per) if d else n)


def count_if(predicate: str, weight: str = "1") -> str:
    return f"SUM(CASE WHEN {predicate} THEN {weight} ELSE 0 END)"


@dataclass(frozen=True)
class CountPer(Computation):
    filter: str
    per: int = 1000
    denominator: str = "population"
    funnel_kind = "rate"
    events = "numerator"

    @property
    def needs(self):
        return self.denominator

    def select(self, period, weight="1"):
        return count_if(expand(self.filter, period=period), weight)

    def figures(self, row, outside):
        n = float(row[0] or 0)
        return Figures(n, outside, _ratio(n, outside, self.per))

    def low_confidence(self, f):
        return f.numerator is not None and f.numerator < 10

    def _over_months(self, rows):
        """A flow: the months' counts added, over their mean population."""
        n = sum(r.numerator for r in rows)
        d = sum(r.denominator for r in rows if r.denominator) / len(rows)
        return Figures(n, d, _ratio(n, d, self.per))


@dataclass(frozen=True)
class Share(Computation):
    numerator_filter: str
    denominator_filter: str = "1 = 1"
    per = 100
    funnel_kind = "proportion"
    events = "rarer_side"
    columns = 2

    def select(self, period, weight="1"):
        num = expand(self.numerator_filter, period=period)
        den = expand(self.denominator_filter, period=period)
        return f"{count_if(f'({den}) AND ({num})', weight)}, {count_if(den, weight)}"

    def figures(self, row, outside):
        n, d = float(row[0] or 0), float(row[1] or 0)
        return Figures(n, d, _ratio(n, d, self.per))


@dataclass(frozen=True)
class SumPer(Computation):
    expression: str
    filter: str
    per: int = 10_000
    needs = "population"
    no_funnel = "it is a sum (staff or hours), not a count of events"

    def select(self, period, weight="1"):
        return (
            f"SUM(CASE WHEN {expand(self.filter, period=period)} THEN {self.expression} ELSE 0 END)"
        )

    def figures(self, row, outside):
        n = float(row[0] or 0)
        return Figures(n, outside, _ratio(n, outside, self.per))

    def low_confidence(self, f):
        return False

    def _over_months(self, rows):
        return _averaged(rows, self.per)


@dataclass(frozen=True)
class SumShare(Computation):
    numerator_expression: str
    denominator_expression: str
    per = 100
    columns = 2
    no_funnel = "it is a share of hours, not of events counted"

    def select(self, period, weight="1"):
        return f"SUM({self.numerator_expression}), SUM({self.denominator_expression})"

    def figures(self, row, outside):
        n, d = float(row[0] or 0), float(row[1] or 0)
        return Figures(n, d, _ratio(n, d, self.per))

    def low_confidence(self, f):
        return False


@dataclass(frozen=True)
class SummedCountPer(CountPer):
    """Events per `per` of the denominator, where a return of counts holds each row's events in
    a column (`counted`) rather than a row per event: a count still, so it sums over months
    and forces are compared by a rate funnel, as CountPer."""

    counted: str = ""

    def select(self, period, weight="1"):
        return f"SUM(CASE WHEN {expand(self.filter, period=period)} THEN {self.counted} ELSE 0 END)"


@dataclass(frozen=True)
class SummedShare(SumShare):
    """A share of summed counts (events of one kind of all events, or a survey's weighted
    respondents agreeing of its unweighted respondents): forces are compared by a proportion
    funnel on the denominator, as Share."""

    funnel_kind = "proportion"
    events = "rarer_side"

    def low_confidence(self, f):
        return f.denominator is not None and f.denominator < 30


@dataclass(frozen=True)
class Mean(Computation):
    expression: str
    filter: str
    columns = 2
    events = "denominator"

    def select(self, period, weight="1"):
        # In an aggregate return the expression is the cell's total (days summed over its cases).
        expr = expand(self.expression, period=period)
        where = expand(self.filter, period=period)
        return f"SUM(CASE WHEN {where} THEN {expr} END), {count_if(where, weight)}"

    def figures(self, row, outside):
        n, d = (float(row[0]) if row[0] is not None else None), float(row[1] or 0)
        return Figures(n, d, _ratio(n, d, 1))


@dataclass(frozen=True)
class Count(Computation):
    filter: str
    no_funnel = "it is a count, not a rate: it does not compare forces of different sizes"

    def select(self, period, weight="1"):
        return count_if(expand(self.filter, period=period), weight)

    def figures(self, row, outside):
        n = float(row[0] or 0)
        return Figures(n, None, n)

    def aggregate(self, rows):
        values = [r.value for r in rows if r.value is not None]
        return Figures(sum(values), None, sum(values)) if values else Figures(None, None, None)

    def low_confidence(self, f):
        return False

    def _over_months(self, rows):
        return _averaged(rows, self.per)


@dataclass(frozen=True)
class Percentile(Computation):
    """Nearest-rank percentile of the records; the median averages the two middle values of an
    even count. From an aggregate return, or pooled with one, it is estimated from counts in
    bands (BinnedPercentile)."""

    expression: str
    filter: str
    quantile: float = 0.5
    events = "denominator"

    def query(self, period, table, return_ids) -> str:
        """The percentile of the records of one return, or of several pooled."""
        if isinstance(return_ids, int):
            return_ids = [return_ids]
        return self.pooled_query(table, {period: return_ids})

    def pooled_query(self, table, returns_by_month: dict) -> str:
        """The percentile of the pooled records of the returns of one or more months ({month:
        [return ids]}): an aggregate of forces or of months is the percentile of all their
        records, never a mean of their percentiles."""

        def part(period, ids):
            expr = expand(self.expression, period=period)
            where = expand(self.filter, period=period)
            return f"SELECT {expr} AS x FROM {table} WHERE return_id IN ({ids}) AND ({where})"

        pooled = _each_month(returns_by_month, part)
        inner = (
            f"SELECT x, ROW_NUMBER() OVER (ORDER BY x) AS rn, COUNT(*) OVER () AS c FROM "
            f"({pooled}) AS v WHERE x IS NOT NULL"
        )
        if self.quantile == 0.5:
            ranks = "rn IN ((c + 1) / 2, (c + 2) / 2)"
        else:
            p = round(self.quantile * 100)
            ranks = f"rn = ({p} * c + 99) / 100"
        return f"SELECT AVG(x), MAX(c) FROM ({inner}) AS ranked WHERE {ranks}"

    def values_query(self, table, period, return_ids) -> str:
        """Each return's records as (return id, value, how many have it): the exact
        percentile of any set of the returns follows from these (from_values)."""
        expr, where = expand(self.expression, period=period), expand(self.filter, period=period)
        ids = ", ".join(str(int(r)) for r in return_ids) or "NULL"
        return (
            f"SELECT return_id, x, COUNT(*) FROM (SELECT return_id, {expr} AS x FROM {table} "
            f"WHERE return_id IN ({ids}) AND ({where})) AS v WHERE x IS NOT NULL GROUP BY 1, 2"
        )

    def from_values(self, counts: dict) -> Figures:
        """The percentile of records given as {value: how many}, with the ranks of
        pooled_query: the median averages the two middle values, another percentile takes the
        nearest rank."""
        total = sum(counts.values())
        if not total:
            return Figures(None, 0.0, None)
        if self.quantile == 0.5:
            ranks = ((total + 1) // 2, (total + 2) // 2)
        else:
            ranks = ((round(self.quantile * 100) * total + 99) // 100,)
        found, seen = [], 0
        for value in sorted(counts):
            seen += counts[value]
            while len(found) < len(ranks) and ranks[len(found)] <= seen:
                found.append(value)
            if len(found) == len(ranks):
                break
        return Figures(None, float(total), float(sum(found) / len(found)))

    def banded_query(self, table, bands, returns_by_month: dict) -> str:
        """Each return's records counted in the bands, so that they pool with aggregate
        returns' cells: rows of (return id, band, count)."""

        def part(period, ids):
            expr = expand(self.expression, period=period)
            where = expand(self.filter, period=period)
            return (
                f"SELECT return_id, {bands.case(expr)} AS band, COUNT(*) AS n FROM {table} "
                f"WHERE return_id IN ({ids}) AND ({where}) AND {expr} IS NOT NULL GROUP BY 1, 2"
            )

        return _each_month(returns_by_month, part)

    def figures(self, row, outside):
        value = float(row[0]) if row[0] is not None else None
        return Figures(None, float(row[1] or 0), value)

    def aggregate(self, rows):
        raise TypeError(
            "A percentile is pooled from the records (pooled_percentile), never "
            "averaged from the forces' percentiles"
        )

    def over_time(self, rows):
        raise TypeError("pool a percentile's records over the months: pooled_percentile")


@dataclass(frozen=True)
class BinnedPercentile(Percentile):
    """A percentile estimated from counts in bands: the band holding the quantile's rank, and
    within it by linear interpolation, as for grouped data; in the open last band, its lower
    bound. `expression` is the band column, `bands` its declaration (metrics.datasets.Bands)."""

    bands: object = None
    estimated = True

    def banded_query(self, table, bands, returns_by_month: dict, weight: str = "1") -> str:
        def part(period, ids):
            where = expand(self.filter, period=period)
            return (
                f"SELECT return_id, {self.expression} AS band, SUM({weight}) AS n FROM {table} "
                f"WHERE return_id IN ({ids}) AND ({where}) AND {self.expression} <> '' "
                "GROUP BY 1, 2"
            )

        return _each_month(returns_by_month, part)

    def from_bands(self, counts: dict[str, float]) -> Figures:
        """The estimate from {band label: count}."""
        total = sum(counts.values())
        if not total:
            return Figures(None, 0.0, None)
        target, below = self.quantile * total, 0.0
        for label, lower, upper in self.bands.limits():
            n = counts.get(label, 0)
            if n and below + n >= target:
                if upper is None:
                    return Figures(None, float(total), float(lower), estimated=True)
                value = lower + (target - below) / n * (upper - lower)
                return Figures(None, float(total), value, estimated=True)
            below += n
        return Figures(None, float(total), None)


def _each_month(returns_by_month: dict, part) -> str:
    """One query of the parts, a part for each month's returns ({month: [return ids]})."""
    return " UNION ALL ".join(
        part(period, ", ".join(str(int(r)) for r in ids) or "NULL")
        for period, ids in returns_by_month.items()
    )


Z95 = 1.96  # the two-sided 95% normal quantile, as the log method is usually written
RATIO_SMALL_COUNT = 10  # fewer searches than this of either group: a ratio of low confidence


def rate_ratio(a: float, b: float, populations: tuple[float, float] | None) -> Figures:
    """The rate of group A per head over that of reference group B, (a / Pa) / (b / Pb), with
    its 95% confidence interval by the log method, exp(ln RR +/- 1.96 sqrt(1/a + 1/b)) (the
    populations taken as exact). No ratio where either count is zero (it would be 0 or
    infinite, with no interval) or a population is unknown or zero."""
    if not populations or not all(populations):
        return Figures(a, b, None)
    pa, pb = populations
    if not a or not b:
        return Figures(a, b, None, populations=populations)
    ratio = (a / pa) / (b / pb)
    spread = Z95 * math.sqrt(1 / a + 1 / b)
    return Figures(
        a,
        b,
        ratio,
        populations=populations,
        low=math.exp(math.log(ratio) - spread),
        high=math.exp(math.log(ratio) + spread),
    )


@dataclass(frozen=True)
class RateRatio(Computation):
    """How many times the rate per head of one group the rate of a reference group is, such as
    the searches per 1,000 Black residents over those per 1,000 White residents. Its numerator
    and denominator are the two groups' counts; the two groups' populations are its outside
    denominators (`group`, `reference`: forces.ethnicity's groups). No funnel: a ratio of two
    rates has no single denominator to plot it against."""

    group_filter: str
    reference_filter: str
    group: str
    reference: str = "white"
    needs = "group_populations"
    columns = 2
    events = "rarer_part"  # the two groups' counts: the rarer rules
    has_interval = True
    no_funnel = "it is a ratio of two rates, shown with its 95% confidence interval"

    def select(self, period, weight="1"):
        group, reference = (
            expand(f, period=period) for f in (self.group_filter, self.reference_filter)
        )
        return f"{count_if(group, weight)}, {count_if(reference, weight)}"

    def figures(self, row, outside):
        return rate_ratio(float(row[0] or 0), float(row[1] or 0), outside)

    def aggregate(self, rows):
        """Forces pooled: their counts and their populations added, never their ratios
        averaged."""
        return self._pooled(rows, over_months=False)

    def over_time(self, rows):
        """Months pooled: their counts added over the same residents (the populations
        averaged). A month with a zero count, which has no ratio, still adds its searches."""
        return self._pooled(rows, over_months=True)

    def _pooled(self, rows, *, over_months: bool) -> Figures:
        rows = [r for r in rows if r.numerator is not None and r.populations]
        if not rows:
            return Figures(None, None, None)
        a, b = sum(r.numerator for r in rows), sum(r.denominator for r in rows)
        pa, pb = (sum(r.populations[i] for r in rows) for i in (0, 1))
        if over_months:
            pa, pb = pa / len(rows), pb / len(rows)
        return rate_ratio(a, b, (pa, pb))

    def low_confidence(self, f):
        counts = (f.numerator, f.denominator)
        return any(c is not None and c < RATIO_SMALL_COUNT for c in counts)


def Median(expression: str, filter: str) -> Percentile:  # noqa: N802  (reads as a declaration)
    return Percentile(expression, filter, 0.5)


def over_time(comp: Computation, rows: list[Figures]) -> Figures:
    """A quarter's or year's figure from its months. Flows (counts) add up over the months
    while their population or officer denominator is averaged; stocks (officers in post,
    applications pending) are averaged; shares and means pool their numerators and
    denominators; a rate ratio pools its counts over the same residents. Percentiles are pooled
    from the records (pooled_percentile), not here."""
    return comp.over_time(rows)
