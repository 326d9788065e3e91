"""Every read of forces that serves a user goes through here; the access policy decides."""

from accounts import access
from accounts.access import Decision
from forces.models import ForceQuerySet


def forces_visible_to(user) -> ForceQuerySet:
    """The forces the user may see: all for national roles, their own for PCCs and force
    data officers, none for anyone else."""
    return access.forces_where(user, Decision.SEE_FORCE)


def similar_forces_visible_to(user, force):
    """The named members of the force's similar group, or None for a user who sees other
    forces only as aggregates."""
    if not access.sees_named_peers(user):
        return None
    return force.similar_forces.select_related("similar")
