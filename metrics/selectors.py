"""Reads of returns and datasets, scoped to the user."""

from forces.selectors import forces_visible_to
from metrics.models import Return


def returns_visible_to(user):
    """Returns of the forces the user may see."""
    return Return.objects.filter(force__in=forces_visible_to(user)).select_related(
        "force", "submitted_by"
    )


def observations_visible_to(user):
    """National roles see every figure. A PCC sees their own force's figures and, as
    aggregates only, the national figure and their force's similar group. Others see none."""
    from django.db.models import Q

    from accounts.roles import Role, sees_all_forces, user_role
    from forces.selectors import force_of_user
    from metrics.models import Observation

    observations = Observation.objects.select_related("force")
    if sees_all_forces(user):
        return observations
    force = force_of_user(user) if user_role(user) == Role.PCC else None
    if force is None:
        return observations.none()
    Level = Observation.Level
    return observations.filter(
        Q(level=Level.NATIONAL) | Q(level__in=[Level.FORCE, Level.SIMILAR_GROUP], force=force)
    )


def must_suppress_small_counts(user) -> bool:
    from accounts.roles import Role, user_role

    return user_role(user) == Role.PCC
