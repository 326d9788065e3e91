"""Reads of flags, scoped to the user by the access policy."""

from django.db.models import Q

from accounts import access
from accounts.access import Decision
from metrics.observations.disclosure import disclosed_detail
from oversight.flags.models import Flag


def flags_visible_to(user):
    """Performance flags of the forces the user sees them for, and return flags likewise (a
    force data officer: their own force's return flags only)."""
    performance = access.forces_where(user, Decision.SEE_PERFORMANCE_FLAGS)
    returns = access.forces_where(user, Decision.SEE_RETURN_FLAGS)
    return Flag.objects.select_related("force").filter(
        Q(force__in=performance) & ~Q(rule__in=Flag.RETURN_RULES)
        | Q(force__in=returns, rule__in=Flag.RETURN_RULES)
    )


def may_set_status(user, flag: Flag) -> bool:
    return access.allows(user, Decision.CHANGE_FLAG_STATUS, flag.force_id)


def may_reply(user, flag: Flag) -> bool:
    return access.allows(user, Decision.REPLY_TO_FLAG, flag.force_id)


def may_comment(user, flag: Flag) -> bool:
    return may_reply(user, flag) or access.allows(user, Decision.COMMENT_ON_FLAG, flag.force_id)


def flag_detail_for(user, flag: Flag) -> dict:
    """The data the rule fired on, as this user may see it (small counts hidden)."""
    if not flag.metric:
        return flag.detail
    return disclosed_detail(user, metric_code=flag.metric, detail=flag.detail)
