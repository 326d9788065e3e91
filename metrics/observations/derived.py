"""Quarters and years, derived from the months: flows add up, stocks average, shares pool, and
percentiles are taken again over the pooled records of every month and force behind them."""

from collections import defaultdict

from metrics.catalogue.computations import Figures, Percentile, over_time
from metrics.observations.models import Observation
from metrics.observations.refresh import pooled_percentile, similar_groups

Level = Observation.Level


def derived_figures(metric, months: list[Observation], groups=None) -> Figures:
    """The figure of a quarter or a year from the observations of its months (one metric, one
    level, one force or group)."""
    if not isinstance(metric.computation, Percentile):
        return over_time(metric.computation, [o.figures for o in months])
    return pooled_percentile(metric, _returns_by_month(metric, months, groups))


def _returns_by_month(metric, months: list[Observation], groups) -> dict:
    first = months[0]
    periods = [o.period for o in months]
    if first.level == Level.FORCE:
        return {o.period: [o.source_return_id] for o in months if o.source_return_id}
    members = Observation.objects.filter(
        level=Level.FORCE, metric=metric.code, period__in=periods
    ).exclude(source_return=None)
    if first.level == Level.SIMILAR_GROUP:
        groups = similar_groups() if groups is None else groups
        members = members.filter(force_id__in=groups.get(first.force_id, []))
    by_month = defaultdict(list)
    for period, return_id in members.values_list("period", "source_return_id"):
        by_month[period].append(return_id)
    return dict(by_month)
