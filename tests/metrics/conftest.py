import io

import pytest

from metrics.datasets import DATASETS


@pytest.fixture(autouse=True)
def returns_dir(tmp_path, settings):
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


def csv_bytes(header: list[str], rows: list[list[str]], *, newline: str = "\n") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def emergency_calls_file(rows: list[list[str]] | None = None, *, force="durham") -> bytes:
    header = DATASETS["emergency_calls"].headers
    rows = (
        rows
        if rows is not None
        else [
            [force, "C1", "2024-03-01T08:00:00+00:00", "2024-03-01T08:00:07+00:00", "false"],
            [force, "C2", "2024-03-02T09:00:00+00:00", "2024-03-02T09:00:31+00:00", "false"],
            [force, "C3", "2024-03-31T23:59:00+01:00", "", "true"],
        ]
    )
    return csv_bytes(header, rows)


def upload(
    api,
    content: bytes,
    *,
    dataset="emergency_calls",
    period="2024-03",
    force=None,
    name="return.csv",
    path="/api/v1/returns/",
    kind=None,
):
    data = {"dataset": dataset, "period": period, "file": io.BytesIO(content)}
    if kind:
        data["kind"] = kind
    data["file"].name = name
    if force:
        data["force"] = force
    return api.post(path, data, format="multipart")
