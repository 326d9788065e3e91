"""The access policy: every decision about who sees and does what, in one place.

A decision is granted to a role at one of three scopes: every force, the user's own force,
or none. The table POLICY holds them all; the README's "Who sees what" is generated from it
(`policy_table_markdown`, and a test holds the README to it). Selectors, views, API
permissions, the navigation and notifications ask the functions below; no other module reads
group names or calls django-guardian (an import contract and tests/accounts/test_access.py
hold them to it).

Denials: a force or object outside the user's scope answers 404, as a missing one does
(`require_visible`); one the user sees but whose role may not change it answers 403
(`require`).

Apps above accounts add their own decisions and rows (`policy_add`, in their `ready()`), so
that engage and standards decide about their subjects without editing this module. Every page
and API action declares the gate it passes (`Gate`: `sees` or `does` a decision, or
`SIGNED_IN`), through accounts.permissions, and a test walks every URL to hold them to it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import IntegerField
from django.db.models.functions import Cast
from django.http import Http404
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, get_objects_for_user, get_users_with_perms, remove_perm

from accounts.roles import Role
from forces.models import Force, ForceQuerySet
from kit.errors import NamedNotFound


class Scope(StrEnum):
    ALL = "every force"
    OWN = "own force"
    NONE = "no"


class Decision(StrEnum):
    SEE_FORCE = "see_force"
    SEE_NAMED_PEERS = "see_named_peers"
    SEE_FIGURES = "see_figures"
    SEE_SMALL_COUNTS = "see_small_counts"
    SEE_RETURNS = "see_returns"
    DOWNLOAD_RETURN_FILE = "download_return_file"
    SUBMIT_RETURNS = "submit_returns"
    SEE_COMPLETENESS = "see_completeness"
    SEE_PERFORMANCE_FLAGS = "see_performance_flags"
    SEE_RETURN_FLAGS = "see_return_flags"
    CHANGE_FLAG_STATUS = "change_flag_status"
    REPLY_TO_FLAG = "reply_to_flag"
    COMMENT_ON_FLAG = "comment_on_flag"
    SEE_RECORDING_CHANGES = "see_recording_changes"
    DECLARE_RECORDING_CHANGE = "declare_recording_change"
    APPROVE_RECORDING_CHANGE = "approve_recording_change"
    RECEIVE_FLAG_DIGEST = "receive_flag_digest"
    RECEIVE_RETURN_NOTICES = "receive_return_notices"
    ADMINISTER = "administer"
    SEE_AUDIT_LOG = "see_audit_log"


@dataclass(frozen=True)
class Rule:
    """What a decision allows, the decision that must allow seeing the object first (so that
    a denial of a change to an unseen object is a 404, not a 403), and each role's scope."""

    description: str
    grants: dict[Role, Scope]
    seen_through: str | None = None

    def scope_for(self, role: Role | None) -> Scope:
        return self.grants.get(role, Scope.NONE) if role else Scope.NONE


ALL, OWN, NO = Scope.ALL, Scope.OWN, Scope.NONE


def grants(analyst, inspector, pcc, officer, administrator) -> dict[Role, Scope]:
    return {
        Role.ANALYST: analyst,
        Role.INSPECTOR: inspector,
        Role.PCC: pcc,
        Role.FORCE_DATA_OFFICER: officer,
        Role.ADMINISTRATOR: administrator,
    }


D = Decision
# Columns: analyst, inspector, PCC, force data officer, administrator.
POLICY: dict[str, Rule] = {
    D.SEE_FORCE: Rule("See a force and its reference data", grants(ALL, ALL, OWN, OWN, ALL)),
    D.SEE_NAMED_PEERS: Rule(
        "See other forces by name (similar forces, funnel points)", grants(ALL, ALL, NO, NO, ALL)
    ),
    D.SEE_FIGURES: Rule(
        "See a force's figures and charts (PCC: with national and similar-group aggregates)",
        grants(ALL, ALL, OWN, NO, ALL),
    ),
    D.SEE_SMALL_COUNTS: Rule(
        "See counts under 5 in sensitive areas (otherwise suppressed)",
        grants(ALL, ALL, NO, NO, ALL),
    ),
    D.SEE_RETURNS: Rule("See returns and their validation reports", grants(ALL, ALL, NO, OWN, ALL)),
    D.DOWNLOAD_RETURN_FILE: Rule(
        "Download a raw return file", grants(ALL, ALL, NO, OWN, ALL), seen_through=D.SEE_RETURNS
    ),
    D.SUBMIT_RETURNS: Rule(
        "Send a return", grants(NO, NO, NO, OWN, ALL), seen_through=D.SEE_RETURNS
    ),
    D.SEE_COMPLETENESS: Rule(
        "See completeness: each return's status and due date", grants(ALL, ALL, OWN, OWN, ALL)
    ),
    D.SEE_PERFORMANCE_FLAGS: Rule(
        "See performance flags (SPC, funnel, target)", grants(ALL, ALL, OWN, NO, ALL)
    ),
    D.SEE_RETURN_FLAGS: Rule(
        "See return flags (missing, late, rejected)", grants(ALL, ALL, OWN, OWN, ALL)
    ),
    D.CHANGE_FLAG_STATUS: Rule(
        "Change a flag's status", grants(ALL, ALL, NO, NO, ALL), seen_through=D.SEE_RETURN_FLAGS
    ),
    D.REPLY_TO_FLAG: Rule(
        "Reply to a flag (right of reply)",
        grants(NO, NO, OWN, NO, NO),
        seen_through=D.SEE_RETURN_FLAGS,
    ),
    D.COMMENT_ON_FLAG: Rule(
        "Add a note to a flag", grants(ALL, ALL, NO, NO, ALL), seen_through=D.SEE_RETURN_FLAGS
    ),
    D.SEE_RECORDING_CHANGES: Rule(
        "See declared recording changes", grants(ALL, ALL, OWN, OWN, ALL)
    ),
    D.DECLARE_RECORDING_CHANGE: Rule(
        "Declare a recording change",
        grants(NO, NO, NO, OWN, ALL),
        seen_through=D.SEE_RECORDING_CHANGES,
    ),
    D.APPROVE_RECORDING_CHANGE: Rule(
        "Accept or refuse a recording change",
        grants(ALL, NO, NO, NO, ALL),
        seen_through=D.SEE_RECORDING_CHANGES,
    ),
    D.RECEIVE_FLAG_DIGEST: Rule(
        "Receive the nightly digest of new flags", grants(ALL, NO, NO, NO, NO)
    ),
    D.RECEIVE_RETURN_NOTICES: Rule(
        "Receive return reminders and rejection notices", grants(NO, NO, NO, OWN, NO)
    ),
    D.ADMINISTER: Rule("Manage users, roles and reference data", grants(NO, NO, NO, NO, ALL)),
    D.SEE_AUDIT_LOG: Rule(
        "See and download the audit log (sign-ins, tokens, uploads, downloads, denials, changes)",
        grants(NO, NO, NO, NO, ALL),
    ),
}


def policy_add(rules: Mapping[str, Rule]) -> None:
    """An app's own decisions (a StrEnum of its own) and their rows, added in its `ready()`."""
    for decision, rule in rules.items():
        if POLICY.get(decision, rule) != rule:
            raise ImproperlyConfigured(f"The access policy has a different {decision!r} already.")
        POLICY[decision] = rule


# The object permission on forces.Force that ties a force-level role to its force.
FORCE_PERMISSIONS = {
    Role.PCC: "oversee_force",
    Role.FORCE_DATA_OFFICER: "submit_returns",
}


# --- Who the user is -------------------------------------------------------------------------


def role_of(user) -> Role | None:
    """The user's role, or None for a user without one (who sees nothing)."""
    if user is None or not user.is_authenticated or not user.is_active:
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


def acting_force(user) -> Force | None:
    """The one force a PCC or force data officer acts for, or None (national roles act for
    every force, and a user without a role for none)."""
    role = role_of(user)
    if role not in FORCE_PERMISSIONS:
        return None
    cached = getattr(user, "_acting_force_cache", False)
    if cached is not False:
        return cached
    # role_grant gives the object permission to the user alone, never through a group: one
    # query on guardian's table, much cheaper than get_objects_for_user on every request.
    granted = UserObjectPermission.objects.filter(
        user=user,
        permission__codename=FORCE_PERMISSIONS[role],
        content_type=ContentType.objects.get_for_model(Force),
    ).values(as_pk=Cast("object_pk", IntegerField()))
    force = Force.objects.with_reference().filter(pk__in=granted).order_by("pk").first()
    user._acting_force_cache = force
    return force


def viewpoint(user) -> str:
    """What every decision of this policy about the user rests on: their role and the force
    they act for. Users with the same viewpoint are shown the same, so a page may keep what it
    rendered for one and show it to another (kit.pagecache)."""
    role, force = role_of(user), acting_force(user)
    return f"{role.value if role else 'none'}@{force.pk if force else 'all'}"


def is_tied_to_a_force(role: Role | str | None) -> bool:
    return role in FORCE_PERMISSIONS


# --- Decisions ---------------------------------------------------------------------------------


def scope(user, decision: str) -> Scope:
    """The scope at which the user is granted the decision."""
    granted = POLICY[decision].scope_for(role_of(user))
    if granted == Scope.OWN and acting_force(user) is None:
        return Scope.NONE
    return granted


def allows(user, decision: str, force=None) -> bool:
    """Whether the user may make the decision: about `force` (a Force or its id) when given,
    about at least one force otherwise."""
    granted = scope(user, decision)
    if granted == Scope.NONE:
        return False
    if granted == Scope.ALL or force is None:
        return True
    return acting_force(user).pk == getattr(force, "pk", force)


def forces_where(user, decision: str) -> ForceQuerySet:
    """The forces about which the user may make the decision."""
    forces = Force.objects.with_reference()
    granted = scope(user, decision)
    if granted == Scope.ALL:
        return forces
    if granted == Scope.OWN:
        return forces.filter(pk=acting_force(user).pk)
    return forces.none()


def require_visible(user, decision: str, force=None) -> None:
    """Http404 unless the user may see (decision) the force: out of scope is as if missing."""
    if not allows(user, decision, force):
        raise Http404("Not found.")


def require(user, decision: str, force=None) -> None:
    """Http404 when the user cannot see the object the decision is about, PermissionDenied
    when they see it but their role may not make the decision."""
    seen_through = POLICY[decision].seen_through
    if seen_through is not None:
        require_visible(user, seen_through, force)
    if not allows(user, decision, force):
        raise PermissionDenied(f"Your role may not {POLICY[decision].description.lower()}.")


def force_for(user, decision: str, slug: str | None = None) -> Force:
    """The force a request makes the decision about: the one with the id `slug`, 404 unless the
    user sees it (through the decision's `seen_through`, or the decision itself), 403 if they
    see it but may not make the decision; without an id, the one force they may make it about
    (a ValidationError on "force" when they may make it about several)."""
    if slug:
        seen = POLICY[decision].seen_through or decision
        force = forces_where(user, seen).filter(slug=slug).first()
        if force is None:
            raise NamedNotFound("No force you may see has that id.")
        require(user, decision, force)
        return force
    require(user, decision)
    forces = list(forces_where(user, decision)[:2])
    if len(forces) > 1:
        doing = POLICY[decision].description.lower()
        raise ValidationError({"force": [f"Give the force: you may {doing} for more than one."]})
    return forces[0]


class Gate(NamedTuple):
    """What a page or API action decides before it runs (declared through
    accounts.permissions), of a decision:

    - `sees`: the user sees its objects for at least one force (404 otherwise);
    - `does`: the user may make it for at least one force (404 when they see none of what it is
      about, 403 when they do but their role may not);
    - `lists`: none: a list shows what the decision scopes, which may be nothing;
    - `SIGNED_IN`: none: every signed-in user's own tokens, their start page.

    The view then decides about the very force or object it finds."""

    decision: str | None
    kind: str

    def enforce(self, user) -> None:
        if self.kind == "sees":
            require_visible(user, self.decision)
        elif self.kind == "does":
            require(user, self.decision)


def sees(decision: str) -> Gate:
    return Gate(decision, "sees")


def does(decision: str) -> Gate:
    return Gate(decision, "does")


def lists(decision: str) -> Gate:
    return Gate(decision, "lists")


SIGNED_IN = Gate(None, "signed in")


# Named decisions used across the apps.


def sees_named_peers(user) -> bool:
    return allows(user, Decision.SEE_NAMED_PEERS)


def suppresses_small_counts(user) -> bool:
    """Counts under 5 in sensitive areas are hidden from this user."""
    return not allows(user, Decision.SEE_SMALL_COUNTS)


def users_who(decision: str, force=None) -> list:
    """Active users granted the decision: about `force` when given (those granted it for every
    force and those whose own force it is), else everyone granted it at any scope."""
    rule, users = POLICY[decision], get_user_model().objects.filter(is_active=True)
    every = [r for r in Role if rule.scope_for(r) == Scope.ALL]
    found = set(users.filter(groups__name__in=[r.value for r in every]))
    if Role.ADMINISTRATOR in every:
        found |= set(users.filter(is_superuser=True))
    for role, codename in FORCE_PERMISSIONS.items():
        if rule.scope_for(role) != Scope.OWN:
            continue
        members = users.filter(groups__name=role.value)
        if force is not None:
            tied = get_users_with_perms(
                force, only_with_perms_in=[codename], with_superusers=False, with_group_users=False
            )
            members = members.filter(pk__in=[u.pk for u in tied])
        found |= set(members)
    return sorted(found, key=lambda u: u.username)


def emails_of(users) -> list[str]:
    return sorted({u.email for u in users if u.email})


# --- Granting roles ------------------------------------------------------------------------------


def role_grant(*, user, role: Role, force=None) -> None:
    """Replace the user's role (and force) with the one given; the caller checks the pair."""
    _roles_clear(user)
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    if role in FORCE_PERMISSIONS:
        assign_perm(f"forces.{FORCE_PERMISSIONS[role]}", user, force)
    # Administrators manage the service in Django admin.
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["is_staff", "is_superuser"])
    user._role_cache = False
    user._acting_force_cache = False


def _roles_clear(user) -> None:
    user.groups.remove(*Group.objects.filter(name__in=[r.value for r in Role]))
    for codename in FORCE_PERMISSIONS.values():
        perm = f"forces.{codename}"
        for force in get_objects_for_user(
            user, perm, with_superuser=False, accept_global_perms=False, use_groups=False
        ):
            remove_perm(perm, user, force)


# --- The table, for people ---------------------------------------------------------------------


def policy_table_markdown() -> str:
    """The policy as the README's "Who sees what" table."""
    roles = list(Role)
    lines = [
        "| decision | " + " | ".join(r.label for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for rule in POLICY.values():
        cells = [rule.scope_for(r).value for r in roles]
        lines.append(f"| {rule.description} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
