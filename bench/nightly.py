"""Nightly-run and observations-API benchmark (DESIGN section 8).

Generates a full month of national returns (every declared dataset, all 43 forces, at real
volumes), sends them, and times the night on one worker as production runs it: the overnight
load of every return (it fails if one is rejected), then, over 60 months of history (59 months
of figures before the new one, as years of returns leave them), the nightly analysis: the
aggregates, SPC for every force and metric, the funnels, the standards, the return flags and
the digest. Then it times pages of the observations API through gunicorn, next to a page of
the forces API as a baseline. The last two lines are:
    nightly forces=43 datasets=<n> seconds=<x>
    observations_api p50_ms=<x> p95_ms=<y>
"""

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import Timer, fresh_database, setup_django, start_gunicorn


def send_month(out_dir: Path, period: str, scale: float) -> tuple[int, int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo.generator import POPULATION_YEAR, ForceInfo, write_returns
    from demo.returns import system_account
    from forces.models import Force
    from metrics.datasets import DATASETS
    from metrics.returns.services import parse_period, return_submit

    forces = {f.slug: f for f in Force.objects.all()}
    infos = [
        ForceInfo(f.slug, f.name, f.population_in(POPULATION_YEAR).population)
        for f in forces.values()
    ]
    with Timer() as generated:
        written = write_returns(infos, [period], out_dir, scale=scale)
    rows = sum(w.rows for w in written)
    print(f"generated {len(written)} returns, {rows} rows, in {generated.seconds:.1f} s")
    users = {slug: system_account(force) for slug, force in forces.items()}
    for w in written:
        upload = SimpleUploadedFile(w.path.name, w.path.read_bytes())
        return_submit(
            user=users[w.force],
            force=forces[w.force],
            dataset=DATASETS[w.dataset],
            period=parse_period(period),
            upload=upload,
        )
    return len(written), rows


def the_night(today: date) -> tuple[float, float, dict]:
    from config.celery import app
    from metrics.models import Return
    from metrics.returns.services import returns_queue_received
    from oversight.flags.nightly import nightly_run

    app.conf.task_always_eager = True  # one worker: the tasks run one after another here
    with Timer() as load:
        returns_queue_received()
    statuses = dict.fromkeys(Return.Status.values, 0)
    for status in Return.objects.values_list("status", flat=True):
        statuses[status] += 1
    print(
        f"overnight load: {load.seconds:.1f} s ({statuses['loaded']} loaded, "
        f"{statuses['rejected']} rejected)"
    )
    if statuses["loaded"] != sum(statuses.values()):
        raise SystemExit(f"a generated return did not load: {statuses}")
    print(f"history: {fill_history(levels=['force'])} figures of the 59 months before")
    with Timer() as analysis:
        result = nightly_run(today=today)
    print(f"nightly analysis: {analysis.seconds:.1f} s ({result})")
    return load.seconds, analysis.seconds, result


HISTORY_MONTHS = 59


def fill_history(*, levels: list[str]) -> int:
    """The 59 months before the new one, for every figure the new month has at these levels:
    each month's figure is the new one's with 3% noise, as a stable process would leave."""
    import random

    from forces.periods import Month
    from metrics.models import Observation

    latest = Observation.objects.filter(level__in=levels).order_by("-period").first()
    if latest is None:
        return 0
    newest = Month.of(latest.period)
    rng, rows = random.Random(1), []
    current = Observation.objects.filter(level__in=levels, period=newest.first_day)
    for o in current.exclude(value=None):
        for back in range(1, HISTORY_MONTHS + 1):
            factor = 1 + rng.gauss(0, 0.03)
            rows.append(
                Observation(
                    level=o.level,
                    force_id=o.force_id,
                    metric=o.metric,
                    period=(newest - back).first_day,
                    numerator=o.numerator * factor if o.numerator is not None else None,
                    denominator=o.denominator,
                    value=o.value * factor,
                    population_year=o.population_year,
                )
            )
    Observation.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)


def api_latency(paths: list[str], *, requests: int) -> dict[str, tuple[float, float]]:
    from bench.upload import _free_port, _token, _worker_pid  # noqa: F401

    port, token = _free_port(), _token(role="analyst", username="bench-analyst")
    server = start_gunicorn(port, {**os.environ, "DEBUG": "true"})
    results = {}
    try:
        conn = _connect(port)
        for path in paths:
            times = []
            for i in range(requests + 10):
                started = time.perf_counter()
                conn.request("GET", path, headers={"Authorization": f"Token {token}"})
                response = conn.getresponse()
                response.read()
                assert response.status == 200, (path, response.status)
                if i >= 10:  # the first requests warm the process up
                    times.append((time.perf_counter() - started) * 1000)
            times.sort()
            results[path] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def _connect(port: int):
    import http.client

    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            return conn
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--period", default="2024-03")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    fresh_database()
    setup_django()
    from django.conf import settings

    from metrics.datasets import DATASETS

    datasets = len(DATASETS)

    with tempfile.TemporaryDirectory() as tmp:
        settings.RETURNS_DIR = Path(tmp) / "returns"
        os.environ["RETURNS_DIR"] = str(settings.RETURNS_DIR)
        returns, rows = send_month(Path(tmp) / "files", args.period, args.scale)
        load_s, analysis_s, _ = the_night(today=date(2024, 4, 25))
    seconds = load_s + analysis_s
    print(
        f"the night: {seconds:.1f} s for {returns} returns and {rows} rows "
        f"(target under 600 s on one worker)"
    )
    filled = fill_history(levels=["national", "similar_group"])
    print(f"filled {filled} aggregate figures of the 59 months before, for the API")
    pages = {
        "baseline /api/v1/forces/": "/api/v1/forces/",
        "observations, one force and metric": "/api/v1/observations/?force=durham"
        "&metric=calls_answered_10s&page_size=60",
        "observations, a page of 100": "/api/v1/observations/?page_size=100",
        "observations, one page (50 rows)": "/api/v1/observations/",
    }
    latency = api_latency(list(pages.values()), requests=args.requests)
    for label, path in pages.items():
        p50, p95 = latency[path]
        print(f"{label:38s} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    p50, p95 = latency[pages["observations, one page (50 rows)"]]
    print(f"nightly forces=43 datasets={datasets} seconds={seconds:.1f}")
    print(f"observations_api p50_ms={p50:.1f} p95_ms={p95:.1f}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    main()
