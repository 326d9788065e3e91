"""Fill a temporary staging table of text columns from a return file.

The file is streamed in with COPY. The staging table has `line` (the row's number in the
file, header = 1) and one text column per declared column, named by its field, in any order
the file gives them.
"""

import codecs
import csv
from collections.abc import Callable
from pathlib import Path

from metrics.datasets import Dataset
from metrics.ingest.files import CHUNK, check_header

STAGING = "return_staging"


def read_header(path: Path) -> tuple[list[str], int]:
    """The header's cells and the byte offset where the rows start."""
    with open(path, "rb") as f:
        first = f.readline()
    offset = len(first)
    text = first.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace").rstrip("\r\n")
    return [h.strip() for h in next(csv.reader([text]))], offset


def staging_fields(dataset: Dataset, header: list[str]) -> list[str]:
    check_header(header, dataset)
    by_header = {c.header: c.field for c in dataset.columns}
    return [by_header[h] for h in header]


def create_and_fill(cursor, dataset: Dataset, path: Path, progress: Callable[[float], None]) -> int:
    header, offset = read_header(path)
    fields = staging_fields(dataset, header)
    columns = ", ".join(f"{f} text" for f in fields)
    cursor.execute(
        f"CREATE TEMP TABLE {STAGING} (line bigint GENERATED ALWAYS AS IDENTITY "
        f"(START WITH 2), {columns}) ON COMMIT DROP"
    )
    _copy(cursor, fields, path, offset, progress)
    cursor.execute(f"SELECT count(*) FROM {STAGING}")
    return cursor.fetchone()[0]


def _copy(cursor, fields, path: Path, offset: int, progress) -> None:
    size = max(path.stat().st_size, 1)
    # HEADER makes COPY's line numbers the file's own rows; the BOM is left out.
    sql = (
        f"COPY {STAGING} ({', '.join(fields)}) FROM STDIN "
        "(FORMAT csv, HEADER true, ENCODING 'UTF8')"
    )
    done = offset
    with open(path, "rb") as f, cursor.copy(sql) as copy:
        copy.write(f.readline().removeprefix(codecs.BOM_UTF8))
        while block := f.read(CHUNK):
            copy.write(block)
            done += len(block)
            if done % (16 * CHUNK) < CHUNK:
                progress(done / size)


def drop(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGING}")
