"""Refresh observations after a load: the force-month's figures in SQL, then the national and
similar-group aggregates of the metric-months that changed."""

import threading
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from functools import cached_property

from django.db import connection, transaction
from django.db.models import Q, Sum

from forces.ethnicity import CENSUS_YEAR, group_population
from forces.models import Force, SimilarForce
from forces.sources import FIGURES
from metrics.catalogue import METRICS, Metric, metrics_of_dataset
from metrics.catalogue.computations import BinnedPercentile, Figures, Percentile
from metrics.datasets import DATASETS
from metrics.datasets.records import RECORD_MODELS, model_of
from metrics.observations.models import Observation
from metrics.returns.models import Return

Level = Observation.Level


def metrics_affected_by(dataset: str) -> list[Metric]:
    """Metrics whose figures change when a return of the dataset loads: its own, and those
    that take officers as their denominator from the workforce return."""
    own = metrics_of_dataset(dataset)
    if dataset == "workforce":
        own += [m for m in METRICS if getattr(m.computation, "needs", None) == "officers"]
    return own


def officers_fte(force_id: int, period: date) -> float | None:
    ret = (
        Return.objects.current()
        .filter(force_id=force_id, dataset="workforce", period=period)
        .first()
    )
    if ret is None:
        return None
    total = (
        RECORD_MODELS["workforce"]
        .objects.filter(source_return_id=ret.pk)
        .aggregate(n=Sum("officers_fte"))["n"]
    )
    return float(total) if total else None


class OutsideDenominators:
    """The denominators a force-month's metrics take from outside their records (the
    population of the month's year, officers from the workforce return), each read once."""

    def __init__(self, force: Force, period: date):
        self.force, self.period = force, period

    @cached_property
    def population(self):
        """The population of the period's year, or of the latest year before it."""
        return self.force.population_in(self.period.year)

    @cached_property
    def officers(self) -> float | None:
        return officers_fte(self.force.pk, self.period)

    def value_for(self, metric: Metric):
        """The metric's outside denominator: a number, or for a rate ratio the populations of
        its two groups."""
        needs = getattr(metric.computation, "needs", None)
        if needs == "group_populations":
            return self.group_populations(metric.computation)
        if needs == "population":
            return float(self.population.population) if self.population else None
        if needs == "officers":
            return self.officers
        return None

    def group_populations(self, computation) -> tuple[float, float] | None:
        found = [
            group_population(self.force.slug, g) for g in (computation.group, computation.reference)
        ]
        return None if None in found else (float(found[0]), float(found[1]))

    def population_year_for(self, metric: Metric) -> int | None:
        """The year of the population a rate per resident uses; None for other metrics."""
        if getattr(metric.computation, "needs", None) == "group_populations":
            return CENSUS_YEAR
        if getattr(metric.computation, "needs", None) != "population" or not self.population:
            return None
        return self.population.year


def compute_for_return(
    metrics: list[Metric], ret: Return, outside: OutsideDenominators | None = None
) -> dict[str, Figures]:
    """Every metric's figures from one return's rows, record-level or aggregate: one scan for
    all counts, sums and shares, and one query per percentile."""
    declared = ret.declaration
    table, weight = model_of(declared)._meta.db_table, declared.weight or "1"
    outside = outside or OutsideDenominators(ret.force, ret.period)
    schema = ret.schema
    results = {m.code: Figures(None, None, None) for m in metrics if not m.readable_from(schema)}
    metrics = [m for m in metrics if m.code not in results]
    how = {m.code: m.computation_for(ret.kind) for m in metrics}
    plain = [m for m in metrics if not isinstance(how[m.code], Percentile)]
    with connection.cursor() as cursor:
        if plain:
            selects = ", ".join(how[m.code].select(ret.period, weight) for m in plain)
            cursor.execute(f"SELECT {selects} FROM {table} WHERE return_id = {int(ret.pk)}")
            row, at = cursor.fetchone(), 0
            for m in plain:
                part = row[at : at + how[m.code].columns]
                at += how[m.code].columns
                results[m.code] = how[m.code].figures(part, outside.value_for(m))
        for m in metrics:
            if isinstance(how[m.code], Percentile):
                results[m.code] = percentile_of_return(how[m.code], ret, table, weight, cursor)
    return results


def percentile_of_return(computation: Percentile, ret: Return, table, weight, cursor) -> Figures:
    if isinstance(computation, BinnedPercentile):
        cursor.execute(
            computation.banded_query(table, computation.bands, {ret.period: [ret.pk]}, weight)
        )
        return computation.from_bands({band: n for _, band, n in cursor.fetchall()})
    cursor.execute(computation.query(ret.period, table, ret.pk))
    return computation.figures(cursor.fetchone(), None)


_deferral = threading.local()


@contextmanager
def aggregates_deferred():
    """For bulk loads: loads inside refresh only their force figures, and the caller runs
    aggregates_refresh_all() once at the end instead of once per return."""
    _deferral.on = True
    try:
        yield
    finally:
        _deferral.on = False


def aggregates_refresh_all(periods) -> int:
    groups, done = similar_groups(), 0
    for period in periods:
        for metric in METRICS:
            aggregates_refresh(metric=metric, period=period, groups=groups)
            done += 1
    return done


def observations_refresh(
    *, force: Force, dataset: str, period: date, aggregates: bool = True
) -> int:
    """Recompute the force-month's observations for the metrics the dataset feeds, then (unless
    the caller will) the aggregates of those metric-months. Returns how many force figures
    were written."""
    noted = getattr(_deferral, "changed", None)  # inside batch.observations_deferred()
    if noted is not None:
        noted.add((force.pk, dataset, period))
        return 0
    metrics = metrics_affected_by(dataset)
    by_dataset: dict[str, list[Metric]] = {}
    for m in metrics:
        by_dataset.setdefault(m.dataset, []).append(m)
    written, outside = 0, OutsideDenominators(force, period)
    with transaction.atomic():
        FIGURES.changed()
        for code, group in by_dataset.items():
            ret = (
                Return.objects.current()
                .select_related("force")
                .filter(force=force, dataset=code, period=period)
                .first()
            )
            if ret is None:
                Observation.objects.filter(
                    level=Level.FORCE,
                    force=force,
                    period=period,
                    metric__in=[m.code for m in group],
                ).delete()
                continue
            figures = compute_for_return(group, ret, outside)
            for m in group:
                year = outside.population_year_for(m)
                _store(m, Level.FORCE, force, period, figures[m.code], ret, year)
                written += 1
        if aggregates and not getattr(_deferral, "on", False):
            groups = similar_groups()
            for metric in metrics:
                aggregates_refresh(metric=metric, period=period, changed=force.pk, groups=groups)
    return written


def _store(metric, level, force, period, figures: Figures, ret=None, year=None) -> None:
    Observation.objects.update_or_create(
        level=level,
        force=force,
        metric=metric.code,
        period=period,
        defaults={
            "numerator": figures.numerator,
            "denominator": figures.denominator,
            "value": figures.value,
            "source_return": ret,
            "source_kind": ret.kind if ret is not None else Return.Kind.RECORDS,
            "estimated": figures.estimated,
            "low_confidence": metric.computation.low_confidence(figures),
            "population_year": year,
            **ratio_fields(figures),
        },
    )


def ratio_fields(figures: Figures) -> dict:
    """A rate ratio's populations and confidence interval as the observation keeps them."""
    group, reference = figures.populations or (None, None)
    return {
        "group_population": group,
        "reference_population": reference,
        "interval_low": figures.low,
        "interval_high": figures.high,
    }


def similar_groups() -> dict[int, list[int]]:
    """Each force's group: itself and its similar forces, the official list where loaded."""
    rows = SimilarForce.objects.values_list("force_id", "similar_id", "source")
    official = {f for f, _, s in rows if s == SimilarForce.Source.OFFICIAL}
    groups: dict[int, list[int]] = {}
    for force_id, similar_id, source in rows:
        if (source == SimilarForce.Source.OFFICIAL) == (force_id in official):
            groups.setdefault(force_id, [force_id]).append(similar_id)
    return groups


def aggregates_refresh(
    *,
    metric: Metric,
    period: date,
    changed: int | None = None,
    groups: dict[int, list[int]] | None = None,
) -> None:
    """National and similar-group figures of one metric-month, from the forces' figures; only
    the groups that include the `changed` force, when given. Rewritten in two statements."""
    forces = Observation.objects.filter(level=Level.FORCE, metric=metric.code, period=period)
    rows, years, returns, kinds = {}, {}, {}, {}
    for o in forces:
        rows[o.force_id] = o.figures
        years[o.force_id], returns[o.force_id] = o.population_year, o.source_return_id
        kinds[o.force_id] = o.source_kind
    groups = similar_groups() if groups is None else groups
    targets = {f: m for f, m in groups.items() if changed is None or changed in m}
    sets = {None: list(rows)}  # the nation, then each group with a member loaded
    for force_id, members in targets.items():
        if present := [m for m in members if m in rows]:
            sets[force_id] = present
    if isinstance(metric.computation, Percentile):
        ids = {
            key: [returns[m] for m in members if returns[m] is not None]
            for key, members in sets.items()
        }
        figures = pooled_percentiles(metric, period, ids, {returns[f]: kinds[f] for f in rows})
    else:
        figures = {
            key: metric.computation.aggregate([rows[m] for m in members])
            for key, members in sets.items()
        }
    fresh = [
        _observation(
            metric,
            Level.NATIONAL if key is None else Level.SIMILAR_GROUP,
            key,
            period,
            figures[key],
            _pooled_kind({kinds[m] for m in members}),
            _year(years, members),
        )
        for key, members in sets.items()
    ]
    stale = Q(level=Level.NATIONAL) | Q(level=Level.SIMILAR_GROUP, force_id__in=list(targets))
    with transaction.atomic():
        Observation.objects.filter(stale, metric=metric.code, period=period).delete()
        Observation.objects.bulk_create(fresh)
        FIGURES.changed()


def pooled_percentile(
    metric: Metric, returns_by_month: dict[date, list[int]], kinds: dict[int, str] | None = None
) -> Figures:
    """A percentile of the pooled rows of several returns of one or more months: the
    national and similar-group figures of quarters and years. From records alone it is exact,
    in one query; where any return is aggregate, every return's rows are counted in the
    aggregate's bands and the percentile is estimated from the pooled counts. `kinds`
    ({return id: kind}) saves a read."""
    ids = [r for month in returns_by_month.values() for r in month]
    if not ids:
        return Figures(None, None, None)
    kinds = _kinds_of(ids) if kinds is None else kinds
    if all(kinds.get(r, Return.Kind.RECORDS) == Return.Kind.RECORDS for r in ids):
        table = RECORD_MODELS[metric.dataset]._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(metric.computation.pooled_query(table, returns_by_month))
            return metric.computation.figures(cursor.fetchone(), None)
    counts: dict[str, float] = defaultdict(float)
    for _, band, n in _banded_counts(metric, returns_by_month, kinds):
        counts[band] += float(n)
    return metric.from_counts.from_bands(counts)


def pooled_percentiles(
    metric: Metric, period: date, sets: dict, kinds: dict[int, str]
) -> dict[object, Figures]:
    """pooled_percentile of many sets of one month's returns ({key: [return ids]}), such as the
    nation and every similar group, or each return on its own, in one query (two where
    aggregate returns are pooled)."""
    ids = sorted({r for members in sets.values() for r in members})
    found = {key: Figures(None, None, None) for key in sets}
    if not ids:
        return found
    if all(kinds.get(r, Return.Kind.RECORDS) == Return.Kind.RECORDS for r in ids):
        # Exact: each return's values counted once, each set's percentile from their sums.
        table = RECORD_MODELS[metric.dataset]._meta.db_table
        values: dict[int, list[tuple]] = defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(metric.computation.values_query(table, period, ids))
            for return_id, value, n in cursor.fetchall():
                values[return_id].append((value, n))
        for key, members in sets.items():
            counts: dict = defaultdict(int)
            for r in members:
                for value, n in values.get(r, ()):
                    counts[value] += n
            found[key] = metric.computation.from_values(counts)
        return found
    by_return: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for return_id, band, n in _banded_counts(metric, {period: ids}, kinds):
        by_return[return_id][band] += float(n)
    for key, members in sets.items():
        counts: dict[str, float] = defaultdict(float)
        for r in members:
            for band, n in by_return.get(r, {}).items():
                counts[band] += n
        found[key] = metric.from_counts.from_bands(counts)
    return found


def _kinds_of(ids) -> dict[int, str]:
    return dict(Return.objects.filter(pk__in=ids).values_list("pk", "kind"))


def _banded_counts(metric: Metric, returns_by_month: dict, kinds: dict[int, str]) -> list:
    """(return id, band, count) of every return given, records counted in the aggregate's
    bands."""
    binned, twin = metric.from_counts, DATASETS[metric.dataset].aggregate
    by_kind: dict[str, dict[date, list[int]]] = {Return.Kind.RECORDS: {}, Return.Kind.AGGREGATE: {}}
    for period, month in returns_by_month.items():
        for r in month:
            by_kind[kinds.get(r, Return.Kind.RECORDS)].setdefault(period, []).append(r)
    queries = []
    if by_kind[Return.Kind.RECORDS]:
        table = RECORD_MODELS[metric.dataset]._meta.db_table
        records = by_kind[Return.Kind.RECORDS]
        queries.append(metric.computation.banded_query(table, binned.bands, records))
    if aggregates := by_kind[Return.Kind.AGGREGATE]:
        table = model_of(twin)._meta.db_table
        queries.append(binned.banded_query(table, binned.bands, aggregates, twin.weight))
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(queries))
        return cursor.fetchall()


def _pooled_kind(kinds: set[str]) -> str:
    """The source of an aggregate of forces: one kind, or mixed."""
    if len(kinds) > 1:
        return "mixed"
    return next(iter(kinds), Return.Kind.RECORDS)


def _year(years: dict, members) -> int | None:
    """An aggregate's population year: the latest its members used."""
    return max((years[m] for m in members if years[m] is not None), default=None)


def _observation(
    metric, level, force_id, period, figures: Figures, kind: str, year=None
) -> Observation:
    return Observation(
        level=level,
        force_id=force_id,
        metric=metric.code,
        period=period,
        numerator=figures.numerator,
        denominator=figures.denominator,
        value=figures.value,
        source_kind=kind,
        estimated=figures.estimated,
        low_confidence=metric.computation.low_confidence(figures),
        population_year=year,
        **ratio_fields(figures),
    )
