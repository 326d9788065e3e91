"""Reads of returns, scoped to the user by the access policy."""

from accounts import access
from accounts.access import Decision
from metrics.returns.models import RecordingChange, Return


def returns_visible_to(user):
    """Returns of the forces whose returns the user may see (none for a PCC)."""
    return Return.objects.filter(
        force__in=access.forces_where(user, Decision.SEE_RETURNS)
    ).select_related("force", "submitted_by")


def return_files_downloadable_by(user):
    """Returns whose raw file the user may download."""
    return Return.objects.filter(
        force__in=access.forces_where(user, Decision.DOWNLOAD_RETURN_FILE)
    ).select_related("force")


def forces_user_may_submit_for(user):
    return access.forces_where(user, Decision.SUBMIT_RETURNS)


def recording_changes_visible_to(user):
    """Recording changes of the forces the user may see them for."""
    return RecordingChange.objects.filter(
        force__in=access.forces_where(user, Decision.SEE_RECORDING_CHANGES)
    ).select_related("force", "declared_by", "reviewed_by")


def forces_user_may_declare_for(user):
    """A force data officer declares for their own force, an administrator for any."""
    return access.forces_where(user, Decision.DECLARE_RECORDING_CHANGE)
