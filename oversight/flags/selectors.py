"""Reads of flags, scoped to the user by the access policy."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from accounts import access
from accounts.access import Decision
from metrics.catalogue import METRICS
from metrics.datasets import DATASETS
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


def force_flags_visible_to(user, force):
    """flags_visible_to for one force, with the policy asked about that force here rather than
    the user's forces put into the query: a page about one force runs one plain query."""
    rules = []
    if access.allows(user, Decision.SEE_PERFORMANCE_FLAGS, force):
        rules += [rule for rule in Flag.Rule if rule not in Flag.RETURN_RULES]
    if access.allows(user, Decision.SEE_RETURN_FLAGS, force):
        rules += list(Flag.RETURN_RULES)
    return Flag.objects.filter(force=force, rule__in=rules)


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


# The triage page's two kinds of flag: signals about performance, and flags about returns.
PERFORMANCE, DATA = "performance", "data"
KINDS = {PERFORMANCE: "Performance signals", DATA: "Data flags"}
KIND_RULES = {
    PERFORMANCE: [rule for rule in Flag.Rule if rule not in Flag.RETURN_RULES],
    DATA: list(Flag.RETURN_RULES),
}


def flag_kinds_visible_to(user) -> list[str]:
    """The kinds of flag the user sees for at least one force, performance first."""
    decisions = {PERFORMANCE: Decision.SEE_PERFORMANCE_FLAGS, DATA: Decision.SEE_RETURN_FLAGS}
    return [kind for kind, decision in decisions.items() if access.allows(user, decision)]


def flag_forces_visible_to(user):
    """The forces the user sees any flag of: those they may filter the triage page by."""
    seen = access.forces_where(user, Decision.SEE_PERFORMANCE_FLAGS) | access.forces_where(
        user, Decision.SEE_RETURN_FLAGS
    )
    return seen.order_by("name")


def _kind_q(kind: str) -> Q:
    return Q(rule__in=Flag.RETURN_RULES) if kind == DATA else ~Q(rule__in=Flag.RETURN_RULES)


def _area_q(area: str) -> Q:
    """A performance flag on a metric of the area; a data flag on a dataset feeding one."""
    metrics = [m for m in METRICS if m.priority_area == area]
    return Q(metric__in=[m.code for m in metrics]) | Q(
        metric="", dataset__in={m.dataset for m in metrics}
    )


@dataclass
class Triage:
    """The flags a triage view shows, the rows they make (unpaginated, one per row of the
    table), how many flags those are, and counts per kind and per status."""

    flags: QuerySet
    rows: QuerySet
    shown: int
    kind_counts: dict[str, int]
    status_counts: list[tuple[str, str, int]]


def flag_triage(user, *, kind, force=None, area="", rule="", period=None, status="") -> Triage:
    """The flags the user sees, filtered: kind and rule, force, priority area, month, status.
    Counts per kind follow every filter but kind and rule; counts per status every filter but
    status."""
    flags = flags_visible_to(user)
    if force is not None:
        flags = flags.filter(force=force)
    if area:
        flags = flags.filter(_area_q(area))
    if period is not None:
        flags = flags.filter(period=period)
    shown_q = _kind_q(kind) & (Q(rule=rule) if rule else Q())
    counts = {
        row["status"]: row
        for row in flags.order_by()
        .values("status")
        .annotate(
            performance=Count("pk", filter=_kind_q(PERFORMANCE)),
            data=Count("pk", filter=_kind_q(DATA)),
            shown=Count("pk", filter=shown_q),
        )
    }
    counted = [row for value, row in counts.items() if not status or value == status]
    listed = flags.filter(shown_q, **({"status": status} if status else {}))
    return Triage(
        flags=listed,
        rows=flag_rows(listed),
        shown=sum(row["shown"] for row in counted),
        kind_counts={k: sum(row[k] for row in counted) for k in KINDS},
        status_counts=[
            (value, label, counts.get(value, {}).get("shown", 0))
            for value, label in Flag.Status.choices
        ],
    )


def flag_rows(flags) -> QuerySet:
    """One row per flag, except that a force's missing returns of one month (and status) make
    one row: each row's period, force, rule, status and key (the flag's id, or 0 for a group
    of missing returns), in the order the page lists them."""
    return (
        flags.order_by()
        .annotate(
            row_key=Case(
                When(rule=Flag.Rule.MISSING, then=Value(0)),
                default=F("pk"),
                output_field=IntegerField(),
            )
        )
        .values("period", "force__name", "force_id", "rule", "status", "row_key")
        .annotate(flags=Count("pk"))
        .order_by("-period", "force__name", "rule", "status", "row_key")
    )


def _row_key(flag: Flag):
    if flag.rule == Flag.Rule.MISSING:
        return (flag.force_id, flag.period, flag.status)
    return flag.pk


def _grouped(flags) -> list[Flag]:
    """Flags gathered into rows: each row is its first flag, with `members` (the row's flags,
    by dataset, each with its `dataset_name`)."""
    rows: dict[object, list[Flag]] = {}
    for flag in flags:
        flag.dataset_name = (
            DATASETS[flag.dataset].name if flag.dataset in DATASETS else flag.dataset
        )
        rows.setdefault(_row_key(flag), []).append(flag)
    leads = []
    for members in rows.values():
        members.sort(key=lambda f: f.dataset)
        members[0].members = members
        leads.append(members[0])
    return leads


def flag_rows_resolved(flags, rows) -> list[Flag]:
    """The flags of some rows of `flag_rows(flags)` (a page of them), in one query."""
    rows = list(rows)
    if not rows:
        return []
    wanted = Q(pk__in=[row["row_key"] for row in rows if row["row_key"]])
    for row in rows:
        if not row["row_key"]:
            wanted |= Q(
                force_id=row["force_id"],
                period=row["period"],
                status=row["status"],
                rule=Flag.Rule.MISSING,
            )
    by_key = {_row_key(lead): lead for lead in _grouped(flags.filter(wanted))}
    return [
        by_key[row["row_key"] or (row["force_id"], row["period"], row["status"])] for row in rows
    ]


def flag_rows_all(flags) -> list[Flag]:
    """Every row of `flag_rows(flags)`, resolved, in the same order (for an export)."""
    ordered = flags.order_by("-period", "force__name", "rule", "status", "pk")
    return _grouped(ordered)
