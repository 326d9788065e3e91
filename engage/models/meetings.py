"""PPOG meetings: who met, the forces discussed, the decisions on cases, minutes and
documents (kept outside the web root)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from simple_history.models import HistoricalRecords


@deconstructible(path="engage.models.meetings.DocumentStorage")
class DocumentStorage(FileSystemStorage):
    """Meeting documents under ENGAGE_DOCUMENTS_DIR, never served by URL: they are read only
    through the scoped, audited download view."""

    @property
    def base_location(self):
        return str(settings.ENGAGE_DOCUMENTS_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


class PPOGMeeting(models.Model):
    held_on = models.DateField()
    attendees = models.JSONField(default=list, blank=True, help_text="Names and roles")
    forces = models.ManyToManyField("forces.Force", blank=True, related_name="ppog_meetings")
    minutes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[forces])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "PPOG meeting"

    def __str__(self) -> str:
        return f"PPOG {self.held_on:%Y-%m-%d}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(PPOGMeeting, on_delete=models.CASCADE, related_name="decisions")
    case = models.ForeignKey("engage.Case", on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.case}"


class MeetingDocument(models.Model):
    class Kind(models.TextChoices):
        REVISIT_LETTER = "revisit_letter", "Revisit letter"
        IMPROVEMENT_PLAN = "improvement_plan", "Improvement plan"
        OTHER = "other", "Other"

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document (DOCX)"
        ODT = "odt", "OpenDocument text (ODT)"

    meeting = models.ForeignKey(PPOGMeeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(storage=DocumentStorage(), upload_to="meetings/%Y/%m", max_length=300)
    file_type = models.CharField(max_length=8, choices=FileType.choices)
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
