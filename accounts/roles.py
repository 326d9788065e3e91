"""The five roles of DESIGN section 2 and how a user's role is read.

Analyst, inspector and administrator are groups that see every force. A PCC and a force
data officer are groups too, and each is tied to one force by a django-guardian object
permission on that force.
"""

from django.db import models


class Role(models.TextChoices):
    ANALYST = "analyst", "Home Office analyst"
    INSPECTOR = "inspector", "HMICFRS inspector"
    PCC = "pcc", "Police and Crime Commissioner"
    FORCE_DATA_OFFICER = "force_data_officer", "Force data officer"
    ADMINISTRATOR = "administrator", "Administrator"


NATIONAL_ROLES = frozenset({Role.ANALYST, Role.INSPECTOR, Role.ADMINISTRATOR})

# The object permission on forces.Force that ties a force-level role to its force.
FORCE_PERMISSIONS = {
    Role.PCC: "oversee_force",
    Role.FORCE_DATA_OFFICER: "submit_returns",
}


def user_role(user) -> Role | None:
    """The user's role, or None for a user without one (who sees nothing)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    cached = getattr(user, "_role_cache", False)
    if cached is not False:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    role = next((r for r in Role if r.value in names), None)
    user._role_cache = role
    return role


def sees_all_forces(user) -> bool:
    return user_role(user) in NATIONAL_ROLES
