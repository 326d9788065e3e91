"""Reads of returns and datasets, scoped to the user."""

from forces.selectors import forces_visible_to
from metrics.models import Return


def returns_visible_to(user):
    """Returns of the forces the user may see."""
    return Return.objects.filter(force__in=forces_visible_to(user)).select_related(
        "force", "submitted_by"
    )
