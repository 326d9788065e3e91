"""Reads of observations, scoped to the user (what of them a user may see: disclosure.py)."""

from django.db.models import Q

from accounts import access
from accounts.access import Decision, Scope
from metrics.observations.models import Observation


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
