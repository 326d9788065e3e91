import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from engage.meetings import document_attach, meeting_decide, meeting_record
from engage.models import Framework, Grade
from engage.peel import grade_record, peel_comparison
from tests.engage.factories import CaseFactory, MeetingFactory, PeelGradeFactory

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.fixture(autouse=True)
def documents_dir(settings, tmp_path):
    settings.ENGAGE_DOCUMENTS_DIR = tmp_path / "documents"
    return settings.ENGAGE_DOCUMENTS_DIR


def test_grade_record_corrects_the_same_question_and_year(inspector, force_a):
    args = {
        "force": force_a,
        "framework": Framework.PEEL_2023_25,
        "question": "Investigating crime",
        "year": 2024,
    }
    grade_record(user=inspector, grade=Grade.GOOD, **args)
    grade = grade_record(user=inspector, grade=Grade.ADEQUATE, **args)
    assert [h.grade for h in grade.history.all()] == [Grade.ADEQUATE, Grade.GOOD]
    with pytest.raises(ValidationError, match="grade must be one of"):
        grade_record(user=inspector, grade="excellent", **args)


def test_comparison_warns_where_the_frameworks_questions_differ(force_a, force_b):
    old, new = Framework.PEEL_2021_22, Framework.PEEL_2023_25
    PeelGradeFactory(force=force_a, framework=old, question="Investigating crime", year=2022)
    PeelGradeFactory(
        force=force_a, framework=new, question="Investigating crime", year=2024, grade=Grade.GOOD
    )
    PeelGradeFactory(force=force_a, framework=old, question="Good use of resources", year=2022)
    PeelGradeFactory(
        force=force_b, framework=new, question="Leadership and force management", year=2024
    )
    rows = {r.question: r for r in peel_comparison(force_a.peel_grades.all())}
    assert rows["Investigating crime"].warning == ""
    assert rows["Investigating crime"].grades[new].grade == Grade.GOOD
    assert rows["Good use of resources"].missing_from == [new]
    assert "Not a question of 2023-25" in rows["Good use of resources"].warning
    assert rows["Leadership and force management"].missing_from == [old]
    assert rows["Leadership and force management"].grades[new] is None


def test_meeting_records_decisions_on_cases_and_the_forces_discussed(inspector, force_a):
    case = CaseFactory(force=force_a)
    meeting = meeting_record(
        user=inspector,
        held_on=datetime.date(2024, 5, 14),
        attendees=["HMI Wendy Williams (chair)", " "],
        minutes="Minutes",
    )
    meeting_decide(user=inspector, meeting=meeting, case=case, text="Remain under PPOG oversight")
    assert meeting.attendees == ["HMI Wendy Williams (chair)"]
    assert list(meeting.forces.all()) == [force_a]
    assert [d.text for d in case.decisions.all()] == ["Remain under PPOG oversight"]


@pytest.mark.parametrize(
    "name, content, file_type",
    [("letter.pdf", PDF, "pdf"), ("plan.docx", DOCX, "docx"), ("plan.odt", ODT, "odt")],
)
def test_document_checked_by_content_and_stored_outside_the_web_root(
    inspector, documents_dir, name, content, file_type
):
    meeting = MeetingFactory()
    upload = SimpleUploadedFile(name, content)
    document = document_attach(
        user=inspector, meeting=meeting, upload=upload, kind="revisit_letter"
    )
    assert (document.file_type, document.size_bytes, document.original_name) == (
        file_type,
        len(content),
        name,
    )
    assert document.file.path.startswith(str(documents_dir))
    with open(document.file.path, "rb") as stored:
        assert stored.read() == content
    assert AuditEvent.objects.filter(action="upload", object_id=str(document.pk)).exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("letter.pdf", b"<html>not a pdf</html>", "Only PDF, DOCX and ODT"),
        ("letter.docx", PDF, "is a PDF document but is named .docx"),
        ("plan.zip", zipped({"a.txt": b"x"}), "Only PDF, DOCX and ODT"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_document_refused_by_content(inspector, name, content, message):
    with pytest.raises(ValidationError, match=message):
        document_attach(
            user=inspector,
            meeting=MeetingFactory(),
            upload=SimpleUploadedFile(name, content),
            kind="other",
        )


def test_document_refused_over_the_size_limit(inspector, settings):
    settings.ENGAGE_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="larger than"):
        document_attach(
            user=inspector,
            meeting=MeetingFactory(),
            upload=SimpleUploadedFile("big.pdf", PDF + b"0" * 100),
            kind="other",
        )
