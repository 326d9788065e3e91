"""Recording changes: a force declares a change in how it records a dataset, from a month.

Selectors (who sees which, the change points analysis rebases SPC limits on) and the one
service that writes them.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from accounts.models import AuditEvent
from accounts.services import audit_record
from forces.models import Force
from forces.selectors import forces_user_may_submit_for, forces_visible_to
from oversight.models import RecordingChange


def recording_changes_visible_to(user):
    """Recording changes of the forces the user may see."""
    return RecordingChange.objects.filter(force__in=forces_visible_to(user)).select_related(
        "force", "declared_by"
    )


def forces_user_may_declare_for(user):
    """A force data officer declares for their own force, an administrator for any."""
    return forces_user_may_submit_for(user)


def force_to_declare_for(user, slug: str) -> Force:
    """The force with that id if the user may declare for it: 404 when they cannot see it,
    403 when they see it but may not declare for it."""
    force = forces_user_may_declare_for(user).filter(slug=slug).first()
    if force is not None:
        return force
    if forces_visible_to(user).filter(slug=slug).exists():
        raise PermissionDenied("You may not declare recording changes for this force.")
    raise Http404("No force you may see has that id.")


@transaction.atomic
def recording_change_declare(
    *, user, force, dataset: str, effective_from: date, description: str, request=None
) -> RecordingChange:
    """Record the change, audited. Raises PermissionDenied if the user may not declare for
    the force and ValidationError if a field is invalid."""
    if not forces_user_may_declare_for(user).filter(pk=force.pk).exists():
        raise PermissionDenied("You may not declare recording changes for this force.")
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


def change_points(force, dataset: str) -> list[date]:
    """The months (first days) from which a force's recording of a dataset changed, oldest
    first. Unscoped: for analysis, which rebases SPC limits on them."""
    return list(
        RecordingChange.objects.filter(force_id=getattr(force, "pk", force), dataset=dataset)
        .order_by("effective_from")
        .values_list("effective_from", flat=True)
        .distinct()
    )


def change_points_by_force(dataset: str, forces=None) -> dict[int, list[date]]:
    """change_points for many forces in one query: {force id: [months, oldest first]}; forces
    without a change are absent. `forces` is Force objects, ids or a queryset; None is all."""
    changes = RecordingChange.objects.filter(dataset=dataset)
    if forces is not None:
        changes = changes.filter(force__in=forces)
    points = defaultdict(list)
    rows = changes.order_by("force_id", "effective_from").values_list("force_id", "effective_from")
    for force_id, month in rows.distinct():
        points[force_id].append(month)
    return dict(points)
