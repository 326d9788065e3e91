"""Reads of observations, scoped to the user, and the one rule that hides small counts."""

from django.db.models import Q

from accounts import access
from accounts.access import Decision, Scope
from metrics.observations.models import Observation

# Counts under this, in sensitive areas, are hidden from users the access policy names.
SUPPRESS_BELOW = 5


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


def small_count_hidden(user, metric, numerator) -> bool:
    """Whether this figure's count is too small to show this user: the one place that decides
    disclosure of small counts (DESIGN section 5)."""
    return (
        metric.sensitive
        and numerator is not None
        and numerator < SUPPRESS_BELOW
        and access.suppresses_small_counts(user)
    )
