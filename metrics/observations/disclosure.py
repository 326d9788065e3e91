"""What a viewer may see of a figure: the one place that decides disclosure (DESIGN §2, §5).

For a viewer the access policy subjects to suppression (a PCC):

- **Small counts.** A figure in a sensitive area (child sexual abuse, VAWG, misconduct) that
  rests on fewer than 5 records is suppressed: a count or rate whose numerator is under 5, a
  share either of whose parts is, a median or mean of fewer than 5 cases.
- **Aggregates.** A national or similar-group figure is shown only when it combines at least 3
  forces besides the viewer's own, and its month is final: every member has loaded, or
  collection has closed (COLLECTION_CLOSES_AFTER_DAYS after the due date). So neither
  subtracting their own force nor differencing two snapshots reveals another force.
- **Derived periods.** A quarter or year is suppressed when any of its months would be, so a
  total never reveals a suppressed month.

The API, pages, charts and flag details call `disclosed` (and `releasable_aggregates` first,
for aggregates); nothing else decides it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts import access
from forces.models import Force, SimilarForce
from metrics.catalogue import METRICS_BY_CODE
from metrics.catalogue.computations import Count, Mean, Percentile, Share
from metrics.datasets import DATASETS
from metrics.observations.models import Observation

SUPPRESS_BELOW = 5
MIN_OTHER_FORCES = 3
Level = Observation.Level


@dataclass
class Shown:
    """A figure as a viewer may see it."""

    numerator: float | None
    denominator: float | None
    value: float | None
    suppressed: bool = False


@dataclass
class Candidate:
    """A figure to be shown: its metric and level, the figures, and the months behind it
    (one for a month; a quarter's or year's months, each as (numerator, denominator))."""

    metric: object
    level: str
    numerator: float | None
    denominator: float | None
    value: float | None
    months: list[tuple[float | None, float | None]] = field(default_factory=list)
    aggregate_releasable: bool = True


def records_behind(metric, numerator, denominator) -> float | None:
    """How many records a figure rests on: its cases for a median or mean, the smaller part
    of a share, else its count."""
    computation = metric.computation
    if isinstance(computation, (Percentile, Mean)):
        return denominator
    if isinstance(computation, Share) and numerator is not None and denominator is not None:
        return min(numerator, denominator - numerator)
    return numerator


def _too_few(metric, numerator, denominator) -> bool:
    behind = records_behind(metric, numerator, denominator)
    return metric.sensitive and behind is not None and behind < SUPPRESS_BELOW


def disclosed(user, candidate: Candidate) -> Shown:
    """The figure as this viewer may see it: whole, or suppressed."""
    shown = Shown(candidate.numerator, candidate.denominator, candidate.value)
    if not access.suppresses_small_counts(user):
        return shown
    months = candidate.months or [(candidate.numerator, candidate.denominator)]
    hidden = (
        (candidate.level != Level.FORCE and not candidate.aggregate_releasable)
        or _too_few(candidate.metric, candidate.numerator, candidate.denominator)
        or any(_too_few(candidate.metric, n, d) for n, d in months)
    )
    if hidden:
        return Shown(None, None, None, suppressed=True)
    return shown


@dataclass(frozen=True)
class PlainCount:
    """What `disclosed` asks of a metric, for a plain count of records in a sensitive area that
    no metric declares (a force's misconduct cases by age band or by outcome)."""

    code: str = "count"
    sensitive: bool = True
    computation: Count = field(default_factory=lambda: Count("TRUE"))


SENSITIVE_COUNT = PlainCount()


def count_disclosed(user, count: float | None) -> Shown:
    """A plain count of records in a sensitive area as this viewer may see it: suppressed for
    a viewer subject to suppression when under 5 (nought too, which would say there are none).
    Where one count of a set is hidden, the caller hides what would let it be recovered."""
    return disclosed(user, Candidate(SENSITIVE_COUNT, Level.FORCE, count, None, count))


def small_count_hidden(user, metric, numerator, denominator=None) -> bool:
    """Whether one month's figure of a force is hidden from this viewer."""
    candidate = Candidate(metric, Level.FORCE, numerator, denominator, None)
    return disclosed(user, candidate).suppressed


def months_shown(user, metric, rows) -> list:
    """Of a force's months of one metric (objects with a numerator and a denominator), those
    this viewer may see: what small_count_hidden decides month by month, asked once."""
    if not access.suppresses_small_counts(user):
        return list(rows)
    return small_counts_hidden(metric, rows)


def small_counts_hidden(metric, rows) -> list:
    """Of a force's months of one metric, those every viewer subject to suppression sees: for
    the nightly run, which charts them without a viewer."""
    if not metric.sensitive:
        return list(rows)
    return [o for o in rows if not _too_few(metric, o.numerator, o.denominator)]


def releasable_aggregates(user, keys: set[tuple], *, today: date | None = None) -> set[tuple]:
    """Of the aggregates (metric, level, period) asked about, those this viewer may see: all
    for a viewer not subject to suppression; for one who is, those combining at least 3 forces
    besides their own in a final month. One query whatever the number of keys."""
    if not access.suppresses_small_counts(user):
        return set(keys)
    own = access.acting_force(user)
    if own is None or not keys:
        return set()
    counts = _forces_present(own.pk, keys)
    today = today or timezone.localdate()
    releasable = set()
    for key in keys:
        metric, level, period = key
        if (present := counts.get((metric.code, period))) is None:
            continue  # no force's figure
        all_in, others = present[:2] if level == Level.NATIONAL else present[2:]
        if others >= MIN_OTHER_FORCES and (all_in or _collection_closed(metric, period, today)):
            releasable.add(key)
    return releasable


# Per metric and month with any force's figure: whether every force has one, how many forces
# besides the viewer's own do, whether every member of their similar group does (the official
# list where loaded, as refresh.similar_groups has it), and how many members besides their own.
FORCES_PRESENT = """
WITH grp AS (
    SELECT %(own)s AS id
    UNION
    SELECT similar_id FROM {similar} WHERE force_id = %(own)s AND (source = %(official)s) = (
        EXISTS (SELECT 1 FROM {similar} WHERE force_id = %(own)s AND source = %(official)s)
    )
)
SELECT metric, period,
    COUNT(*) >= (SELECT COUNT(*) FROM {forces}),
    COUNT(*) FILTER (WHERE force_id <> %(own)s),
    COUNT(*) FILTER (WHERE force_id IN (SELECT id FROM grp)) >= (SELECT COUNT(*) FROM grp),
    COUNT(*) FILTER (WHERE force_id IN (SELECT id FROM grp) AND force_id <> %(own)s)
FROM {observations}
WHERE level = %(level)s AND metric = ANY(%(metrics)s) AND period = ANY(%(periods)s)
GROUP BY metric, period
"""


def _forces_present(own: int, keys: set[tuple]) -> dict[tuple, tuple]:
    """(all in, others; group all in, group others) per (metric code, month) with any force's
    figure, counted by the database in one query (a chart's months of every force would be
    thousands of rows). Written as SQL: the ORM took longer to build it than the database to
    answer it."""
    sql = FORCES_PRESENT.format(
        similar=SimilarForce._meta.db_table,
        forces=Force._meta.db_table,
        observations=Observation._meta.db_table,
    )
    params = {
        "own": own,
        "official": SimilarForce.Source.OFFICIAL,
        "level": Level.FORCE,
        "metrics": sorted({metric.code for metric, _, _ in keys}),
        "periods": sorted({period for _, _, period in keys}),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(code, period): tuple(counts) for code, period, *counts in cursor.fetchall()}


def _collection_closed(metric, period: date, today: date) -> bool:
    due = DATASETS[metric.dataset].due_date(period)
    return today > due + timedelta(days=settings.COLLECTION_CLOSES_AFTER_DAYS)


def disclosed_detail(user, *, metric_code: str, detail: dict) -> dict:
    """A flag's detail as this viewer may see it: for a sensitive metric whose flagged month
    rests on too few records, nothing of its figures. The detail carries the month's
    numerator and denominator; one without them shows a sensitive metric to nobody."""
    metric = METRICS_BY_CODE.get(metric_code)
    if metric is None or not access.suppresses_small_counts(user):
        return detail
    if metric.sensitive and "numerator" not in detail:
        return {"suppressed": True}
    numerator, denominator = detail.get("numerator"), detail.get("denominator")
    candidate = Candidate(metric, Level.FORCE, numerator, denominator, detail.get("value"))
    return {"suppressed": True} if disclosed(user, candidate).suppressed else detail
