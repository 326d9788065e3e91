"""A metric's target: the one an administrator set (MetricTarget), else the declared default.

Every reader of a target (verdicts, charts, trends, flags, the API, Engage's exit criteria)
asks here, never `Metric.target`, which is only the catalogue's default.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from metrics.catalogue import Metric, Target
from metrics.catalogue.models import MetricTarget

# The targets read once for a block of work over many metrics and forces (the nightly run).
_read_once: ContextVar[dict | None] = ContextVar("targets_read_once", default=None)


def targets_set() -> dict[str, Target]:
    """The targets administrators have set, by metric code: one query, for a reader of many
    metrics to pass to target_of."""
    return {
        code: Target(value, description)
        for code, value, description in MetricTarget.objects.values_list(
            "metric", "value", "description"
        )
    }


def target_of(metric: Metric, set_targets: dict[str, Target] | None = None) -> Target | None:
    """The metric's target: the one set (from `set_targets` where given, else read now), else
    its declared default, else None."""
    if set_targets is None:
        set_targets = _read_once.get()
    if set_targets is None:
        found = MetricTarget.objects.filter(metric=metric.code).values_list("value", "description")
        return Target(*found[0]) if found else metric.target
    return set_targets.get(metric.code, metric.target)


def target_value_of(metric: Metric, set_targets: dict[str, Target] | None = None) -> float | None:
    target = target_of(metric, set_targets)
    return target.value if target else None


@contextmanager
def targets_read_once():
    """Within the block, every target_of reads the targets set as they were at its start: one
    query for a run over every force and metric, rather than one a chart."""
    token = _read_once.set(targets_set())
    try:
        yield
    finally:
        _read_once.reset(token)
