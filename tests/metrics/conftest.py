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


def csv_rows(content: bytes) -> list[dict]:
    """A CSV file's rows as dicts, read as the service reads it (a byte-order mark dropped)."""
    import csv

    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def load_return(api, content: bytes, *, dataset: str, period: str, **kwargs):
    """Send a return through the API and load it at once; it must load."""
    from metrics.returns.services import return_process

    response = upload(api, content, dataset=dataset, period=period, **kwargs)
    assert response.status_code == 202, response.json()
    ret = return_process(return_id=response.json()["id"])
    assert ret.status == "loaded", ret.report
    return ret
