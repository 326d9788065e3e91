"""Every read of forces that serves a user goes through here."""

from guardian.shortcuts import get_objects_for_user

from accounts.roles import FORCE_PERMISSIONS, sees_all_forces
from forces.models import Force, ForceQuerySet

FORCE_PERMS = [f"forces.{codename}" for codename in FORCE_PERMISSIONS.values()]


def forces_visible_to(user) -> ForceQuerySet:
    """The forces the user may see: all for national roles, their own for PCCs and
    force data officers, none for anyone else."""
    forces = Force.objects.with_reference()
    if sees_all_forces(user):
        return forces
    if not user.is_authenticated:
        return forces.none()
    return get_objects_for_user(
        user,
        FORCE_PERMS,
        klass=forces,
        any_perm=True,
        with_superuser=False,
        accept_global_perms=False,
    )


def force_of_user(user) -> Force | None:
    """The one force a PCC or force data officer is tied to, or None."""
    if not user.pk or sees_all_forces(user):
        return None
    return forces_visible_to(user).first()


def forces_user_may_submit_for(user) -> ForceQuerySet:
    """Forces whose returns the user may send: their own for a force data officer,
    any for an administrator."""
    from accounts.roles import Role, user_role

    if user_role(user) == Role.ADMINISTRATOR:
        return Force.objects.all()
    if not user.is_authenticated:
        return Force.objects.none()
    return get_objects_for_user(
        user,
        "forces.submit_returns",
        klass=Force,
        with_superuser=False,
        accept_global_perms=False,
    )
