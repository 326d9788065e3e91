"""Recording changes: a force declares a change in how it records a dataset, from a month.

A force declares a change (a request); an analyst or an administrator accepts or refuses it,
with a reason. Only accepted changes are the change points analysis rebases SPC limits on.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import access
from accounts.access import Decision
from accounts.models import AuditEvent
from accounts.services import audit_record
from metrics.returns.models import RecordingChange, Return


@transaction.atomic
def recording_change_declare(
    *, user, force, dataset: str, effective_from: date, description: str, request=None
) -> RecordingChange:
    """Record the change, audited. Raises PermissionDenied if the user may not declare for
    the force and ValidationError if a field is invalid."""
    access.require(user, Decision.DECLARE_RECORDING_CHANGE, force)
    change = RecordingChange(
        force=force,
        dataset=dataset,
        effective_from=effective_from,
        description=(description or "").strip(),
        declared_by=user,
    )
    change.full_clean()
    change.save()
    audit_record(
        action=AuditEvent.Action.CHANGE,
        user=user,
        obj=change,
        request=request,
        what="recording change declared",
        force=force.slug,
        dataset=dataset,
        effective_from=change.period_label,
    )
    return change


def source_changes_declare(*, ret: Return) -> list[RecordingChange]:
    """Where a loaded return makes the force's source of the dataset change kind (aggregate
    returns to records, or back) against the months either side, declare the change from the
    first month of the new kind: charts mark it, and once the unit accepts it SPC limits are
    rebased there, as for any recording change. Declared by the service, awaiting review;
    declared once, whatever its review."""
    months = dict(  # in one read: every loading runs this
        Return.objects.current()
        .filter(force_id=ret.force_id, dataset=ret.dataset)
        .exclude(period=ret.period)
        .values_list("period", "kind")
    )
    before = max((p for p in months if p < ret.period), default=None)
    after = min((p for p in months if p > ret.period), default=None)
    points = []
    if before is not None and months[before] != ret.kind:
        points.append((ret.period, months[before], ret.kind))
    if after is not None and months[after] != ret.kind:
        points.append((after, ret.kind, months[after]))
    declared = []
    for month, old, new in points:
        if RecordingChange.objects.filter(
            force_id=ret.force_id, dataset=ret.dataset, effective_from=month
        ).exists():
            continue
        change = RecordingChange.objects.create(
            force_id=ret.force_id,
            dataset=ret.dataset,
            effective_from=month,
            description=f"Source change: from {month:%Y-%m} the figures come from "
            f"{Return.Kind(new).label.lower()} returns instead of "
            f"{Return.Kind(old).label.lower()} returns.",
        )
        audit_record(
            action=AuditEvent.Action.CHANGE,
            obj=change,
            what="source change declared",
            force=ret.force.slug,
            dataset=ret.dataset,
            effective_from=change.period_label,
        )
        declared.append(change)
    return declared


REVIEW_DECISIONS = {
    "accept": RecordingChange.Status.ACCEPTED,
    "refuse": RecordingChange.Status.REFUSED,
}


@transaction.atomic
def recording_change_review(
    *, user, change: RecordingChange, decision: str, reason: str, request=None
) -> RecordingChange:
    """Accept or refuse a declared change, with a reason; audited. Only an accepted change
    rebases SPC limits, so a force cannot on its own make a real change disappear."""
    access.require(user, Decision.APPROVE_RECORDING_CHANGE, change.force_id)
    errors = {}
    if decision not in REVIEW_DECISIONS:
        errors["decision"] = f"decision must be one of {', '.join(REVIEW_DECISIONS)}"
    if not (reason or "").strip():
        errors["reason"] = "Give the reason for the decision."
    if errors:
        raise ValidationError(errors)
    locked = RecordingChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != RecordingChange.Status.PENDING:
        raise ValidationError(
            {"decision": f"This change was already {locked.get_status_display().lower()}."}
        )
    locked.status, locked.review_reason = REVIEW_DECISIONS[decision], reason.strip()
    locked.reviewed_by, locked.reviewed_at = user, timezone.now()
    locked.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
    audit_record(
        action=AuditEvent.Action.CHANGE,
        user=user,
        obj=locked,
        request=request,
        what=f"recording change {locked.status}",
        reason=locked.review_reason,
    )
    return locked


def change_marks(force, dataset: str) -> list[RecordingChange]:
    """Every declared change of the force's dataset, for marking on its chart, oldest first;
    only the accepted ones rebase limits (change_points)."""
    return list(
        RecordingChange.objects.filter(
            force_id=getattr(force, "pk", force), dataset=dataset
        ).order_by("effective_from", "declared_at")
    )


def change_marks_by_dataset(force) -> dict[str, list[RecordingChange]]:
    """change_marks of every dataset of the force in one query: {dataset: [changes]}."""
    marks = defaultdict(list)
    for change in RecordingChange.objects.filter(force_id=getattr(force, "pk", force)).order_by(
        "effective_from", "declared_at"
    ):
        marks[change.dataset].append(change)
    return dict(marks)


def accepted_change_points(*, dataset: str | None = None, forces=None) -> dict[tuple, list]:
    """The months (first days) from which forces' recording of datasets changed, by an
    accepted change, for many forces and datasets in one query: {(force id, dataset): [months,
    oldest first]}; pairs without an accepted change are absent. Unscoped: for analysis,
    which rebases SPC limits on them. `forces` is Force objects,
    ids or a queryset; None is all."""
    changes = RecordingChange.objects.accepted()
    if dataset is not None:
        changes = changes.filter(dataset=dataset)
    if forces is not None:
        changes = changes.filter(force__in=forces)
    points = defaultdict(list)
    rows = changes.order_by("force_id", "dataset", "effective_from").values_list(
        "force_id", "dataset", "effective_from"
    )
    for force_id, code, month in rows.distinct():
        points[(force_id, code)].append(month)
    return dict(points)
