"""Ingest benchmark (DESIGN section 8).

Generates a 1,000,000-row street_crime return, then in the same run times a bare PostgreSQL
COPY of the file into a table of text columns (the baseline) and the full pipeline from the
stored upload to loaded rows; and measures the web process's memory while it accepts a
200 MB upload through the API. The last line is:
    ingest rows=<n> pipeline_s=<x> copy_s=<y> ratio=<x/y>
"""

import argparse
import os
import tempfile
from pathlib import Path

import psycopg

from bench.common import Timer, fresh_database, setup_django


def bare_copy(url: str, path: Path) -> float:
    columns = ", ".join(f"c{i} text" for i in range(12))
    with psycopg.connect(url) as conn:
        conn.execute(f"CREATE TABLE bench_copy ({columns})")
        conn.commit()
        with Timer() as timer, conn.cursor() as cur:
            with (
                open(path, "rb") as f,
                cur.copy("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
            ):
                while block := f.read(1024 * 1024):
                    copy.write(block)
            conn.commit()
        conn.execute("DROP TABLE bench_copy")
        conn.commit()
    return timer.seconds


def pipeline(path: Path, *, period: str) -> tuple[float, float, int, dict]:
    """Store the file as an upload would (timed apart), then time processing the stored
    return: claim, COPY, checks, attach, supersede."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from accounts.roles import Role
    from accounts.services import user_assign_role
    from forces.models import Force
    from metrics.datasets import DATASETS
    from metrics.returns.services import parse_period, return_process, return_submit

    force = Force.objects.get(slug="durham")
    user = get_user_model().objects.create(username="bench-officer")
    user_assign_role(user=user, role=Role.FORCE_DATA_OFFICER, force=force)
    with open(path, "rb") as f, Timer() as stored:
        upload = TemporaryUploadedFile(path.name, "text/csv", path.stat().st_size, "utf-8")
        upload.file = f
        ret, _ = return_submit(
            user=user,
            force=force,
            dataset=DATASETS["street_crime"],
            period=parse_period(period),
            upload=upload,
        )
    with Timer() as processed:
        ret = return_process(return_id=ret.pk)
    assert ret.status == "loaded", ret.report
    return stored.seconds, processed.seconds, ret.rows_loaded, ret.timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--upload-mb", type=int, default=200)
    parser.add_argument("--skip-upload", action="store_true")
    args = parser.parse_args()

    url = fresh_database()
    setup_django()
    from django.conf import settings

    from demo.generator import write_street_crime_rows

    with tempfile.TemporaryDirectory() as tmp:
        settings.RETURNS_DIR = Path(tmp) / "returns"
        path = Path(tmp) / "2024-03-durham-street.csv"
        with Timer() as generated:
            write_street_crime_rows(
                path, n_rows=args.rows, force_name="Durham Constabulary", period="2024-03", seed=1
            )
        size_mb = path.stat().st_size / 1e6
        print(f"generated {args.rows} rows, {size_mb:.0f} MB in {generated.seconds:.1f} s")
        copy_s = bare_copy(url, path)
        print(f"baseline: bare COPY into a text table    {copy_s:7.2f} s")
        store_s, pipeline_s, rows, timings = pipeline(path, period="2024-03")
        print(f"upload stored (hashed, fsynced)          {store_s:7.2f} s")
        print(
            f"pipeline: stored upload to loaded rows  {pipeline_s:7.2f} s  "
            f"(stages: {', '.join(f'{k} {v:.2f}' for k, v in timings.items())})"
        )
        print(f"pipeline / COPY = {pipeline_s / copy_s:.2f} (target at most 2)")
        if not args.skip_upload:
            from bench.upload import measure_upload

            measure_upload(size_mb=args.upload_mb, work=Path(tmp))
    print(
        f"ingest rows={rows} pipeline_s={pipeline_s:.2f} copy_s={copy_s:.2f} "
        f"ratio={pipeline_s / copy_s:.2f}"
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    main()
