"""PPOG meetings: record one with its attendees and the forces discussed, its decisions on
cases, and its documents, which are checked by content (PDF, DOCX or ODT) and size and kept
outside the web root."""

import hashlib
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import access
from accounts.models import AuditEvent
from accounts.services import audit_record
from engage.models import MeetingDecision, MeetingDocument, PPOGMeeting
from engage.policy import EngageDecision
from engage.services import _audit
from kit.history import tracked_save

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@transaction.atomic
def meeting_record(*, user, held_on, attendees=(), forces=(), minutes: str = "") -> PPOGMeeting:
    access.require(user, EngageDecision.CHANGE_ENGAGE)
    forces = list(forces)
    for force in forces:
        access.require(user, EngageDecision.CHANGE_ENGAGE, force)
    meeting = PPOGMeeting(
        held_on=held_on,
        attendees=[a.strip() for a in attendees if a.strip()],
        minutes=minutes,
        created_by=user,
    )
    tracked_save(meeting, user=user, reason="meeting recorded")
    meeting.forces.set(forces)
    _audit(user, meeting, "PPOG meeting recorded", forces=[f.slug for f in forces])
    return meeting


@transaction.atomic
def meeting_decide(*, user, meeting: PPOGMeeting, case, text: str) -> MeetingDecision:
    """A decision of the meeting on a case; the case's force joins the forces discussed."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, case.force_id)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Record what was decided."})
    decision = MeetingDecision(meeting=meeting, case=case, text=text)
    tracked_save(decision, user=user, reason="PPOG decision")
    meeting.forces.add(case.force)
    _audit(user, case, "PPOG decision", meeting=meeting.pk, decision=decision.pk)
    return decision


def sniff_file_type(head: bytes, opened) -> str | None:
    """The document's type from its content: PDF by its header; DOCX and ODT are zip files
    told apart by their parts. None for anything else."""
    if head.startswith(b"%PDF-"):
        return MeetingDocument.FileType.PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(opened) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return MeetingDocument.FileType.ODT
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return MeetingDocument.FileType.DOCX
    except zipfile.BadZipFile:
        return None
    return None


def _checked(upload) -> tuple[str, str]:
    """(file type, sha256) of an acceptable upload; ValidationError naming the problem."""
    limit = settings.ENGAGE_DOCUMENT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError({"file": "The file is empty."})
    if upload.size > limit:
        raise ValidationError({"file": f"The file is larger than {limit // (1024 * 1024)} MB."})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    file_type = sniff_file_type(head, upload)
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if file_type is None:
        raise ValidationError({"file": "Only PDF, DOCX and ODT documents can be attached."})
    if extension != file_type:
        raise ValidationError(
            {"file": f"The file is a {file_type.upper()} document but is named .{extension}."}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return file_type, digest.hexdigest()


@transaction.atomic
def document_attach(*, user, meeting: PPOGMeeting, upload, kind: str) -> MeetingDocument:
    access.require(user, EngageDecision.CHANGE_ENGAGE)
    if kind not in MeetingDocument.Kind.values:
        raise ValidationError({"kind": f"kind must be one of {', '.join(MeetingDocument.Kind)}."})
    file_type, sha256 = _checked(upload)
    name = PurePath(upload.name).name[:255]
    document = MeetingDocument(
        meeting=meeting,
        kind=kind,
        file_type=file_type,
        original_name=name,
        size_bytes=upload.size,
        sha256=sha256,
        uploaded_by=user,
    )
    document.file.save(f"{sha256[:16]}.{file_type}", upload, save=False)
    tracked_save(document, user=user, reason="document attached")
    audit_record(
        action=AuditEvent.Action.UPLOAD, user=user, obj=document, meeting=meeting.pk, name=name
    )
    return document


def document_downloaded(*, user, document: MeetingDocument, request=None) -> None:
    """Audit a download; the caller found the document through documents_visible_to."""
    audit_record(
        action=AuditEvent.Action.DOWNLOAD,
        user=user,
        request=request,
        obj=document,
        meeting=document.meeting_id,
    )
