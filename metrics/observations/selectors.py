"""Reads of observations, scoped to the user and shaped for them: months, or quarters and
years derived from them, with disclosure (disclosure.py) applied."""

from django.db.models import Q

from accounts import access
from accounts.access import Decision, Scope
from kit.periods import month_label
from metrics.catalogue import METRICS_BY_CODE
from metrics.observations.derived import derived_figures
from metrics.observations.disclosure import Candidate, disclosed, releasable_aggregates
from metrics.observations.models import Observation
from metrics.observations.refresh import similar_groups


def observations_visible_to(user):
    """Every figure for users who see every force's figures. A user who sees only their own
    force's figures gets them, and the national and their similar group's figures as
    aggregates. Others get none."""
    observations = Observation.objects.select_related("force")
    granted = access.scope(user, Decision.SEE_FIGURES)
    if granted == Scope.ALL:
        return observations
    if granted == Scope.NONE:
        return observations.none()
    force = access.acting_force(user)
    Level = Observation.Level
    return observations.filter(
        Q(level=Level.NATIONAL) | Q(level__in=[Level.FORCE, Level.SIMILAR_GROUP], force=force)
    )


def observations_by_period(rows, frequency: str) -> list[tuple[str, list[Observation]]]:
    """Months grouped into their quarters or years: (label, months) per metric, level and
    force, in the order of the rows."""
    groups: dict[tuple, list] = {}
    for o in rows:
        label = month_label(o.period, frequency)
        groups.setdefault((o.metric, o.level, o.force_id, label), []).append(o)
    return [(key[3], months) for key, months in groups.items()]


def observation_items(user, periods: list[tuple[str, list]], *, derived: bool) -> list[dict]:
    """One figure per (label, months) as this user may see it: a month's own figure, or a
    quarter's or year's derived from its months, with disclosure applied."""
    releasable = releasable_aggregates(
        user,
        {
            (METRICS_BY_CODE[o.metric], o.level, o.period)
            for _, months in periods
            for o in months
            if o.level != Observation.Level.FORCE
        },
    )
    groups = similar_groups() if derived else None
    return [_item(user, label, months, releasable, groups) for label, months in periods]


def _item(user, label: str, months: list, releasable: set, groups) -> dict:
    first, metric = months[0], METRICS_BY_CODE[months[0].metric]
    figures = first.figures if groups is None else derived_figures(metric, months, groups)
    shown = disclosed(
        user,
        Candidate(
            metric,
            first.level,
            figures.numerator,
            figures.denominator,
            figures.value,
            months=[(o.numerator, o.denominator) for o in months],
            aggregate_releasable=all((metric, o.level, o.period) in releasable for o in months),
        ),
    )
    years = [o.population_year for o in months if o.population_year is not None]
    return {
        "level": first.level,
        "force": first.force.slug if first.force_id else None,
        "metric": first.metric,
        "period": label,
        "numerator": shown.numerator,
        "denominator": shown.denominator,
        "value": shown.value,
        "low_confidence": metric.computation.low_confidence(figures),
        "suppressed": shown.suppressed,
        "population_year": max(years, default=None),
        "source_kind": source_kind_of(months),
        "estimated": figures.estimated,
        # The interval only with the value it surrounds: it would give a hidden value away.
        "interval_low": figures.low if shown.value is not None else None,
        "interval_high": figures.high if shown.value is not None else None,
    }


def source_kind_of(months: list) -> str:
    """records, aggregate, or mixed where the months (or the forces behind them) differ."""
    kinds = {o.source_kind for o in months}
    return kinds.pop() if len(kinds) == 1 else "mixed"
