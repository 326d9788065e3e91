"""Demo users: one per role, the PCC and force data officer of the same force."""

import secrets

from django.contrib.auth import get_user_model

from accounts import access
from accounts.roles import Role
from accounts.services import user_assign_role
from forces.models import Force

DEMO_FORCE = "durham"
DEMO_USERS = [
    (Role.ANALYST, "analyst"),
    (Role.INSPECTOR, "inspector"),
    (Role.PCC, "pcc-durham"),
    (Role.FORCE_DATA_OFFICER, "officer-durham"),
    (Role.ADMINISTRATOR, "admin"),
]


def demo_users_create() -> list[tuple[Role, str, str]]:
    """Create or reset the demo users with fresh passwords; returns (role, username, password)."""
    force = Force.objects.get(slug=DEMO_FORCE)
    logins = []
    for role, username in DEMO_USERS:
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.gov.uk"}
        )
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_active = True
        user.save()
        tied = force if access.is_tied_to_a_force(role) else None
        user_assign_role(user=user, role=role, force=tied)
        logins.append((role, username, password))
    return logins
