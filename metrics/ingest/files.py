"""Raw return files: stored durably outside the web root, and the cheap checks at upload."""

import codecs
import csv
import hashlib
import os
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from metrics.datasets import Dataset

CHUNK = 1024 * 1024
BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


class FileProblem(ValueError):
    """A problem seen at upload; the message names it for the sender."""

    def __init__(self, message: str, *, code: str, row: int | None = None):
        super().__init__(message)
        self.code = code
        self.row = row


@dataclass(frozen=True)
class StoredFile:
    relative_path: str
    sha256: str
    size: int


def returns_dir() -> Path:
    path = Path(settings.RETURNS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


_batch = threading.local()


@contextmanager
def uploads_synced_together():
    """For bulk sends (the demo): the files stored inside reach the disk together when the
    block ends, one sync for the batch instead of one for each file."""
    _batch.on = True
    try:
        yield
    finally:
        _batch.on = False
        os.sync()


def store_upload(source, *, force_slug: str) -> StoredFile:
    """Copy an uploaded file to RETURNS_DIR in blocks, hashing as it goes."""
    digest, size = hashlib.sha256(), 0
    relative = Path(force_slug) / f"{uuid.uuid4().hex}.csv"
    target = returns_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    source.seek(0)
    with open(target, "wb") as out:
        while block := source.read(CHUNK):
            digest.update(block)
            size += len(block)
            out.write(block)
        out.flush()
        if not getattr(_batch, "on", False):
            os.fsync(out.fileno())
    return StoredFile(str(relative), digest.hexdigest(), size)


def path_of(relative: str) -> Path:
    return returns_dir() / relative


def discard(relative: str) -> None:
    path_of(relative).unlink(missing_ok=True)


def first_bytes(source, n: int = 64 * 1024) -> bytes:
    source.seek(0)
    head = source.read(n)
    source.seek(0)
    return head


def check_head(head: bytes, dataset: Dataset, *, size: int) -> None:
    """Cheap checks on the start of a file: not empty, UTF-8, the declared header, a row."""
    if size == 0 or not head.strip():
        raise FileProblem("The file is empty.", code="empty_file")
    for bom, name in BOMS.items():
        if head.startswith(bom):
            raise FileProblem(
                f"The file is encoded as {name}; send it as UTF-8 (with or "
                "without a byte order mark).",
                code="encoding",
            )
    text = head.removeprefix(codecs.BOM_UTF8)
    first_line = text.split(b"\n", 1)[0]
    if b"\x00" in first_line:
        raise FileProblem(
            "The header holds NUL bytes: the file looks like UTF-16 without a byte order "
            "mark, or is not text. Save it as 'CSV UTF-8' and send it again.",
            code="encoding",
        )
    try:
        header_text = first_line.decode("utf-8")
    except UnicodeDecodeError:
        raise FileProblem(
            f"The header is not UTF-8; it looks like {guess_encoding(first_line)}. "
            "Send the file as UTF-8.",
            code="encoding",
        ) from None
    if "\r" in header_text.rstrip("\r"):
        raise FileProblem(
            "Lines end with a bare carriage return (CR), as Excel for Mac's 'CSV (Macintosh)' "
            "writes, or the header holds one. Save the file as 'CSV UTF-8' and send it again.",
            code="line_endings",
        )
    try:
        header = next(csv.reader([header_text.rstrip("\r")]))
    except csv.Error as exc:
        raise FileProblem(f"The header cannot be read as CSV: {exc}.", code="header") from None
    check_header(header, version_for_header(dataset, header))
    rest = text.split(b"\n", 1)[1] if b"\n" in text else b""
    if not rest.strip(b"\r\n\t ,"):
        raise FileProblem("The file has a header but no rows.", code="empty_file")


def version_for_header(dataset: Dataset, header: list[str]) -> Dataset:
    """The version of the dataset's schema a file follows: the one whose columns its header
    holds, whatever their order. A header that matches none is read as the version it is
    nearest (the fewest columns missing or unexpected; the latest on a tie), whose header
    check then names what differs."""
    given = {h.strip() for h in header}

    def distance(version: Dataset) -> int:
        return len(given.symmetric_difference(version.headers))

    return min(reversed(dataset.versions), key=distance)


def check_header(header: list[str], dataset: Dataset) -> None:
    given = [h.strip() for h in header]
    expected = dataset.headers
    missing = [h for h in expected if h not in given]
    unexpected = [h for h in given if h not in expected]
    repeated = sorted({h for h in given if given.count(h) > 1})
    parts = []
    if missing:
        parts.append("missing " + ", ".join(repr(h) for h in missing))
    if unexpected:
        parts.append("unexpected " + ", ".join(repr(h) for h in unexpected))
    if repeated:
        parts.append("repeated " + ", ".join(repr(h) for h in repeated))
    if parts:
        raise FileProblem(
            f"The header does not match the {dataset.code} schema "
            f"v{dataset.version}: {'; '.join(parts)}. Expected: "
            f"{','.join(expected)}",
            code="header",
        )


def guess_encoding(sample: bytes) -> str:
    """Name the likely encoding of bytes that are not UTF-8, for the error message."""
    try:
        sample.decode("cp1252")
        return "Windows-1252 (or ISO-8859-1)"
    except UnicodeDecodeError:
        return "an encoding other than UTF-8"


def find_invalid_utf8(path: Path) -> tuple[int, str] | None:
    """The row number (header is row 1) of the first bytes that are not UTF-8, and a guess."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                line += block[: exc.start].count(b"\n")
                return line, guess_encoding(block[exc.start : exc.start + 64])
            line += block.count(b"\n")
    return None


def find_nul_byte(path: Path) -> int | None:
    """The row number (header is row 1) of the first NUL byte: valid UTF-8, but no text
    field can hold one."""
    line = 1
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            at = block.find(b"\x00")
            if at >= 0:
                return line + block[:at].count(b"\n")
            line += block.count(b"\n")
    return None
