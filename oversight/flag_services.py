"""Reading and acting on flags, scoped to the user."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import AuditEvent
from accounts.roles import Role, sees_all_forces, user_role
from accounts.services import audit_record
from forces.selectors import forces_visible_to
from oversight.flag_models import Flag, FlagComment

RETURN_RULES = [Flag.Rule.MISSING, Flag.Rule.LATE, Flag.Rule.REJECTED]


def flags_visible_to(user):
    """National roles see every flag; a PCC their force's; a force data officer their
    force's return flags only."""
    flags = Flag.objects.select_related("force")
    if sees_all_forces(user):
        return flags
    flags = flags.filter(force__in=forces_visible_to(user))
    if user_role(user) == Role.FORCE_DATA_OFFICER:
        return flags.filter(rule__in=RETURN_RULES)
    return flags if user_role(user) == Role.PCC else flags.none()


def may_set_status(user) -> bool:
    return user_role(user) in {Role.ANALYST, Role.INSPECTOR, Role.ADMINISTRATOR}


def may_reply(user, flag: Flag) -> bool:
    return user_role(user) == Role.PCC and flags_visible_to(user).filter(pk=flag.pk).exists()


@transaction.atomic
def flag_set_status(*, user, flag: Flag, status: str, case_reference: str = "") -> Flag:
    if not may_set_status(user):
        raise PermissionDenied("Only the performance unit and inspectors change a flag's status.")
    if status not in Flag.Status.values:
        raise ValidationError({"status": f"status must be one of {', '.join(Flag.Status.values)}"})
    if status == Flag.Status.LINKED and not case_reference.strip():
        raise ValidationError({"case_reference": "Give the case the flag is linked to."})
    flag.status, flag.case_reference, flag.status_changed_by = status, case_reference.strip(), user
    flag.save(update_fields=["status", "case_reference", "status_changed_by", "updated_at"])
    audit_record(action=AuditEvent.Action.CHANGE, user=user, obj=flag, status=status)
    return flag


def flag_comment_add(*, user, flag: Flag, text: str) -> FlagComment:
    """A comment: a PCC's right of reply on their force's flag, or a note by the unit."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter your comment."})
    if len(text) > 5000:
        raise ValidationError({"text": "A comment can be at most 5,000 characters."})
    reply = may_reply(user, flag)
    if not reply and not may_set_status(user):
        raise PermissionDenied("You may not comment on this flag.")
    comment = FlagComment.objects.create(flag=flag, author=user, text=text, right_of_reply=reply)
    audit_record(action=AuditEvent.Action.CHANGE, user=user, obj=flag, comment=comment.pk)
    return comment
