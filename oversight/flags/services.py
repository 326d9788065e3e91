"""Acting on flags: change a flag's status, add a comment. The caller has found the flag
through flags_visible_to; the access policy decides what the user may do with it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import access
from accounts.access import Decision
from accounts.models import AuditEvent
from accounts.services import audit_record
from oversight.flags.models import Flag, FlagComment
from oversight.flags.selectors import may_reply


@transaction.atomic
def flag_set_status(*, user, flag: Flag, status: str, case_reference: str = "") -> Flag:
    access.require(user, Decision.CHANGE_FLAG_STATUS, flag.force_id)
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
    reply = may_reply(user, flag)
    if not reply:
        access.require(user, Decision.COMMENT_ON_FLAG, flag.force_id)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter your comment."})
    if len(text) > 5000:
        raise ValidationError({"text": "A comment can be at most 5,000 characters."})
    comment = FlagComment.objects.create(flag=flag, author=user, text=text, right_of_reply=reply)
    audit_record(action=AuditEvent.Action.CHANGE, user=user, obj=flag, comment=comment.pk)
    return comment
