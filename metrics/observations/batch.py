"""Force figures of many force-months at once, for bulk loads (the demo): the same figures as
refresh.observations_refresh computes one return at a time, in one query per dataset and
month for every count, sum and share, with each force's outside denominators read once."""

from collections import defaultdict
from contextlib import contextmanager
from datetime import date

from django.db import connection, transaction
from django.db.models import Sum

from forces.models import Force
from forces.sources import FIGURES
from metrics.catalogue import METRICS, Metric
from metrics.catalogue.computations import Figures, Percentile
from metrics.datasets.records import RECORD_MODELS, model_of
from metrics.observations.models import Observation
from metrics.observations.refresh import (
    OutsideDenominators,
    _deferral,
    metrics_affected_by,
    pooled_percentiles,
    ratio_fields,
)
from metrics.returns.models import Return

Level = Observation.Level
CHUNK = 500  # ids per IN (...) list


@contextmanager
def observations_deferred():
    """Loads inside only note the force-months they change; leaving the block computes all
    their figures together. Aggregates are the caller's (refresh.aggregates_deferred)."""
    _deferral.changed = set()
    try:
        yield
        changed, _deferral.changed = _deferral.changed, None
        observations_refresh_many(changed)
    finally:
        _deferral.changed = None


class _Known(OutsideDenominators):
    """Outside denominators read beforehand for many force-months."""

    def __init__(self, force: Force, period: date, officers: float | None):
        super().__init__(force, period)
        years = [p for p in force.populations.all() if p.year <= period.year]
        self.population = max(years, key=lambda p: p.year, default=None)
        self.officers = officers


def observations_refresh_many(changed) -> int:
    """Recompute the force figures of every (force_id, dataset, period) given, as a load of
    that return would; returns how many were written."""
    wanted: dict[tuple[int, date], set[str]] = defaultdict(set)
    for force_id, dataset, period in changed:
        wanted[force_id, period] |= {m.code for m in metrics_affected_by(dataset)}
    if not wanted:
        return 0
    forces = Force.objects.prefetch_related("populations").in_bulk({f for f, _ in wanted})
    current = {
        (r.force_id, r.dataset, r.period): r
        for r in Return.objects.current().filter(
            force_id__in=list(forces), period__in=list({p for _, p in wanted})
        )
        if (r.force_id, r.period) in wanted
    }
    officers = _officers(r for (_, code, _), r in current.items() if code == "workforce")
    outside = {
        (f, p): _Known(forces[f], p, officers.get(current.get((f, "workforce", p))))
        for f, p in wanted
    }
    figures = _figures(current, wanted, outside)
    with transaction.atomic():
        _replace(wanted, figures, current, outside)
    return len(figures)


def _officers(workforce_returns) -> dict:
    ids = {r.pk: r for r in workforce_returns}
    sums = {}
    for chunk in _chunks(list(ids)):
        rows = (
            RECORD_MODELS["workforce"]
            .objects.filter(source_return_id__in=chunk)
            .values("source_return_id")
            .annotate(n=Sum("officers_fte"))
        )
        sums.update({ids[r["source_return_id"]]: r["n"] for r in rows})
    return {ret: float(n) if n else None for ret, n in sums.items()}


def _figures(current: dict, wanted: dict, outside: dict) -> dict:
    """{(force_id, period, metric code): Figures} for every metric wanted whose return loaded."""
    groups: dict[tuple[str, str, date], list[Return]] = defaultdict(list)
    for (_, code, period), ret in current.items():
        groups[code, ret.kind, period].append(ret)
    found = {}
    for (code, _kind, period), rets in groups.items():
        metrics = [m for m in METRICS if m.dataset == code]
        rets = [r for r in rets if any(m.code in wanted[r.force_id, period] for m in metrics)]
        if not rets:
            continue
        rows = _plain_rows(metrics, rets[0], period, rets)
        percentiles = _percentiles(metrics, period, rets)
        for ret in rets:
            known = outside[ret.force_id, period]
            for m_code, figures in _of_return(metrics, ret, rows.get(ret.pk), known).items():
                if m_code in wanted[ret.force_id, period]:
                    found[ret.force_id, period, m_code] = figures
            for m_code, by_return in percentiles.items():
                if m_code in wanted[ret.force_id, period]:
                    found[ret.force_id, period, m_code] = by_return[ret.pk]
            # A column the return's version lacks is null in its rows: no figure, not a zero.
            schema = ret.schema
            for m in metrics:
                if m.code in wanted[ret.force_id, period] and not m.readable_from(schema):
                    found[ret.force_id, period, m.code] = Figures(None, None, None)
    return found


def _percentiles(metrics: list[Metric], period: date, rets: list[Return]) -> dict:
    """{metric code: {return id: Figures}}: each percentile of every return of one dataset,
    kind and month, in one query a metric."""
    kinds = {r.pk: r.kind for r in rets}
    return {
        m.code: pooled_percentiles(m, period, {r.pk: [r.pk] for r in rets}, kinds)
        for m in metrics
        if isinstance(m.computation, Percentile)
    }


def _plain_rows(metrics: list[Metric], like: Return, period: date, rets) -> dict[int, tuple]:
    """Every count, sum and share of the returns of one dataset, kind and month, in one
    query."""
    how = [m.computation_for(like.kind) for m in metrics]
    plain = [c for c in how if not isinstance(c, Percentile)]
    if not plain:
        return {}
    declared = like.declaration
    table, weight = model_of(declared)._meta.db_table, declared.weight or "1"
    selects = ", ".join(c.select(period, weight) for c in plain)
    rows = {}
    with connection.cursor() as cursor:
        for chunk in _chunks([r.pk for r in rets]):
            ids = ", ".join(str(int(pk)) for pk in chunk)
            cursor.execute(
                f"SELECT return_id, {selects} FROM {table} "
                f"WHERE return_id IN ({ids}) GROUP BY return_id"
            )
            rows.update({row[0]: row[1:] for row in cursor.fetchall()})
    return rows


def _of_return(metrics: list[Metric], ret: Return, row, outside) -> dict[str, Figures]:
    declared = ret.declaration
    table, weight = model_of(declared)._meta.db_table, declared.weight or "1"
    results, at = {}, 0
    with connection.cursor() as cursor:
        for m in metrics:
            how = m.computation_for(ret.kind)
            if isinstance(how, Percentile):
                continue  # all the returns' at once: _percentiles
            if row is None:  # a return with no rows: every aggregate over nothing
                cursor.execute(
                    f"SELECT {how.select(ret.period, weight)} "
                    f"FROM {table} WHERE return_id = {int(ret.pk)}"
                )
                part = cursor.fetchone()
            else:
                part, at = row[at : at + how.columns], at + how.columns
            results[m.code] = how.figures(part, outside.value_for(m))
    return results


def _replace(wanted: dict, figures: dict, current: dict, outside: dict) -> None:
    """Delete the force figures wanted and write those computed: a metric whose return is not
    loaded has no figure, as in observations_refresh."""
    stale = [
        pk
        for pk, force_id, period, code in Observation.objects.filter(
            level=Level.FORCE,
            force_id__in=list({f for f, _ in wanted}),
            period__in=list({p for _, p in wanted}),
        ).values_list("pk", "force_id", "period", "metric")
        if code in wanted.get((force_id, period), ())
    ]
    for chunk in _chunks(stale):
        Observation.objects.filter(pk__in=chunk).delete()
    metrics = {m.code: m for m in METRICS}
    fresh = []
    for (force_id, period, code), f in figures.items():
        m = metrics[code]
        fresh.append(
            Observation(
                level=Level.FORCE,
                force_id=force_id,
                metric=code,
                period=period,
                numerator=f.numerator,
                denominator=f.denominator,
                value=f.value,
                source_return=current[force_id, m.dataset, period],
                source_kind=current[force_id, m.dataset, period].kind,
                estimated=f.estimated,
                low_confidence=m.computation.low_confidence(f),
                population_year=outside[force_id, period].population_year_for(m),
                **ratio_fields(f),
            )
        )
    Observation.objects.bulk_create(fresh, batch_size=CHUNK)
    FIGURES.changed()


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]
