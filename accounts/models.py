from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only")

    def delete(self):
        raise TypeError("The audit log is append-only")


class AuditEvent(models.Model):
    """One entry of the append-only audit log (DESIGN section 9).

    Rows are never changed or removed: the methods below refuse in Python, and a trigger
    refuses any UPDATE or DELETE in PostgreSQL (migration 0003), whoever sends it. So the
    actor and the force are kept as plain values: the user's id stays when the user is
    deleted (no foreign key constraint, nothing to set null), beside their username, and the
    force is its slug."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        SIGN_OUT = "sign_out", "Signed out"
        TOKEN_CREATED = "token_created", "API token created"
        TOKEN_REVOKED = "token_revoked", "API token revoked"
        TOKEN_USED = "token_used", "API token used"
        LOCKED_OUT = "locked_out", "Locked out"
        PERMISSION_DENIED = "permission_denied", "Permission denied"
        RATE_LIMITED = "rate_limited", "Rate limited"
        UPLOAD = "upload", "Upload"
        DOWNLOAD = "download", "Download"
        EXPORT = "export", "Export"
        CHANGE = "change", "Change"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    # The force the event is about, or else the one its actor acts for (a PCC, a data officer).
    force = models.CharField(max_length=64, blank=True, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only")
