"""Engage pages: the download of a PPOG meeting document, scoped and audited."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404

from engage.meetings import document_downloaded
from engage.models import MeetingDocument
from engage.selectors import documents_visible_to

CONTENT_TYPES = {
    MeetingDocument.FileType.PDF: "application/pdf",
    MeetingDocument.FileType.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    MeetingDocument.FileType.ODT: "application/vnd.oasis.opendocument.text",
}


@login_required
def document_download(request, pk):
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    document_downloaded(user=request.user, document=document, request=request)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=CONTENT_TYPES[document.file_type],
    )
