"""Nightly-run, full-refresh and observations-API benchmark (DESIGN section 8).

Generates a full month of national returns (every declared dataset, all 43 forces, at real
volumes), sends them, and times the night on one worker as production runs it: the overnight
load of every return (it fails if one is rejected), then, over 60 months of history (59 months
of figures before the new one, as years of returns leave them), the nightly analysis: the
aggregates, SPC for every force and metric, the funnels, the standards, the return flags and
the digest. A second night follows with the next month, loaded and analysed the same way: the
flags a night with no change in the data's behaviour raises, by kind.

Then the case of a metric whose definition changes: it generates, sends and loads the 10 months
before the two nights' the same way (national, record-level, at the same volumes; not timed),
and times `manage.py run_overnight --refresh-all`, which recomputes every figure of the 12
months from their records and runs the analysis again, next to a bare count(*) over the same
records.

Then it times pages of the observations API through gunicorn, next to a page of the forces API
as a baseline. The last lines are:
    refresh months=12 rows=<n> seconds=<s>
    flags night=1 new_standard=<n> new_spc=<n> new_funnel=<n> new_returns=<n> open=<n>
    flags night=2 new_standard=<n> new_spc=<n> new_funnel=<n> new_returns=<n> open=<n>
    nightly forces=43 datasets=<n> seconds=<x>
    observations_api p50_ms=<x> p95_ms=<y>
"""

import argparse
import math
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench import common
from bench.common import Timer, fresh_database, setup_django, start_gunicorn


def force_infos() -> list:
    from demo.generator import POPULATION_YEAR, ForceInfo
    from forces.models import Force

    return [
        ForceInfo(f.slug, f.name, f.population_in(POPULATION_YEAR).population)
        for f in Force.objects.all()
    ]


def send_month(out_dir: Path, period: str, scale: float) -> tuple[int, int]:
    from demo.generator import write_returns

    with Timer() as generated:
        written = write_returns(force_infos(), [period], out_dir, scale=scale)
    rows = sum(w.rows for w in written)
    print(f"generated {len(written)} returns, {rows} rows, in {generated.seconds:.1f} s")
    submit(written, period)
    return len(written), rows


def submit(written: list, period: str) -> None:
    """Send each generated file as its force's system account does."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo.returns import system_account
    from forces.models import Force
    from metrics.datasets import DATASETS
    from metrics.returns.services import parse_period, return_submit

    forces = {f.slug: f for f in Force.objects.all()}
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
        w.path.unlink()  # the stored upload is the copy that counts


def the_night(today: date, *, history: bool = True) -> tuple[float, float, dict]:
    from celery import current_app as app

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
    if history:
        print(f"history: {fill_history(levels=['force'])} figures of the 59 months before")
    with Timer() as analysis:
        result = nightly_run(today=today)
    print(f"nightly analysis: {analysis.seconds:.1f} s ({result})")
    return load.seconds, analysis.seconds, result


REFRESH_MONTHS = 12


def flags_of_the_night(night: int, before: int) -> str:
    """What a night raised, by kind, among the flags with ids above `before`, and how many are
    open after it: the line `flags night=<n> new_standard= new_spc= new_funnel= new_returns=
    open=`."""
    from oversight.flags.models import Flag

    new = Flag.objects.filter(pk__gt=before)
    kinds = {
        "new_standard": new.filter(rule=Flag.Rule.TARGET_MISSED).count(),
        "new_spc": new.filter(rule__in=Flag.SPC_RULES).count(),
        "new_funnel": new.filter(rule__in=(Flag.Rule.FUNNEL_HIGH, Flag.Rule.FUNNEL_LOW)).count(),
        "new_returns": new.filter(rule__in=Flag.RETURN_RULES).count(),
        "open": Flag.objects.exclude(status=Flag.Status.CLOSED).count(),
    }
    return f"flags night={night} " + " ".join(f"{k}={v}" for k, v in kinds.items())


def last_flag_id() -> int:
    from django.db.models import Max

    from oversight.flags.models import Flag

    return Flag.objects.aggregate(n=Max("pk"))["n"] or 0


def second_night(out_dir: Path, period: str, scale: float) -> str:
    """The next month's returns, loaded and analysed as the first night's were, on the night
    after its due date: what a second night with no change in the data's behaviour raises."""
    from demo.generator import add_months

    following = add_months(period, 1)
    send_month(out_dir, following, scale)
    before = last_flag_id()
    the_night(today=date.fromisoformat(f"{add_months(following, 1)}-25"), history=False)
    return flags_of_the_night(2, before)


def load_months_before(out_dir: Path, period: str, months: int, scale: float) -> tuple[int, int]:
    """Generate, send and load, by the overnight load as for the new month, each of the `months`
    months before `period`, oldest first; another process generates the next month's files
    while this one loads a month. Returns how many returns and rows were loaded."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from django.db import connections

    from demo.generator import write_returns
    from kit.periods import Month
    from metrics.models import Return
    from metrics.returns.services import returns_queue_received

    newest, infos = Month.parse(period), force_infos()
    labels = [(newest - back).label() for back in range(months, 0, -1)]
    connections.close_all()  # the forked generator never touches the database
    fork = multiprocessing.get_context("fork")
    returns = rows = 0
    with ProcessPoolExecutor(1, mp_context=fork) as pool:
        pending = pool.submit(write_returns, infos, labels[:1], out_dir, scale=scale)
        for i, label in enumerate(labels):
            with Timer() as waited:
                written = pending.result()
            if i + 1 < len(labels):
                pending = pool.submit(
                    write_returns, infos, labels[i + 1 : i + 2], out_dir, scale=scale
                )
            submit(written, label)
            with Timer() as load:
                returns_queue_received()
            loaded = Return.objects.filter(period=Month.parse(label).first_day)
            if loaded.exclude(status=Return.Status.LOADED).exists():
                raise SystemExit(f"a generated return of {label} did not load")
            month_rows = sum(w.rows for w in written)
            returns, rows = returns + len(written), rows + month_rows
            print(
                f"month {label}: {len(written)} returns, {month_rows} rows loaded in "
                f"{load.seconds:.1f} s (waited {waited.seconds:.1f} s for its files)"
            )
    return returns, rows


def refresh_all(months: int) -> tuple[int, float, float]:
    """Time `manage.py run_overnight --refresh-all` over every loaded return of the `months`
    months, next to a bare count(*) of the same records; returns the record rows, the
    command's seconds and the count's."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    from metrics.datasets.records import RECORD_MODELS
    from metrics.models import Return
    from oversight.flags.models import NightlyRun

    current = Return.objects.current()
    loaded, periods = current.count(), set(current.values_list("period", flat=True))
    rows = current.aggregate(n=Sum("rows_loaded"))["n"]
    if len(periods) != months:
        raise SystemExit(f"{len(periods)} months loaded, not {months}")
    with Timer() as scan, connection.cursor() as cursor:
        counted = 0
        for model in RECORD_MODELS.values():
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
            counted += cursor.fetchone()[0]
    if counted != rows:
        raise SystemExit(f"the record tables hold {counted} rows, the returns {rows}")
    out = StringIO()
    with Timer() as refresh:
        call_command("run_overnight", "--refresh-all", stdout=out)
    result = NightlyRun.objects.order_by("-started_at").first().result
    print(f"run_overnight --refresh-all: {out.getvalue().strip()}")
    if result.get("refreshed") != loaded or result.get("failures"):
        raise SystemExit(f"the refresh did not recompute all {loaded} returns: {result}")
    print(
        f"refresh: {loaded} returns of {months} months, {rows} rows, in {refresh.seconds:.1f} s; "
        f"baseline count(*) over the same rows {scan.seconds:.1f} s "
        f"(target under 600 s on one worker)"
    )
    return rows, refresh.seconds, scan.seconds


HISTORY_MONTHS = 59


def stable_noise(metric, numerator, denominator) -> float:
    """The relative month-to-month spread of a stable process's figure: the sampling noise of
    what it rests on (a rate on its count, a share on its cases, a mean or percentile on its
    records), and at least 3%, so that a figure resting on 14 offences wobbles as one does."""
    from metrics.catalogue.computations import Count, CountPer, Mean, Percentile, Share

    computation, variance = metric.computation, 0.0
    n, d = max(numerator or 0, 1), max(denominator or 0, 1)
    if isinstance(computation, Count | CountPer):
        variance = 1 / n
    elif isinstance(computation, Share):
        variance = max(1 - (numerator or 0) / d, 0) / n
    elif isinstance(computation, Mean):
        variance = 0.64 / d  # durations: a coefficient of variation of about 0.8
    elif isinstance(computation, Percentile):
        variance = 1.5 / d
    return math.sqrt(variance + 0.03**2)


def fill_history(*, levels: list[str]) -> int:
    """The 59 months before the new one, for every figure the new month has at these levels:
    each month's figure is the new one's with the noise a stable process would leave
    (`stable_noise`), so that a second night with no change in the data raises little."""
    import random

    from kit.periods import Month
    from metrics.catalogue import METRICS_BY_CODE
    from metrics.models import Observation

    latest = Observation.objects.filter(level__in=levels).order_by("-period").first()
    if latest is None:
        return 0
    newest = Month.of(latest.period)
    rng, rows = random.Random(1), []
    current = Observation.objects.filter(level__in=levels, period=newest.first_day)
    for o in current.exclude(value=None):
        spread = stable_noise(METRICS_BY_CODE[o.metric], o.numerator, o.denominator)
        for back in range(1, HISTORY_MONTHS + 1):
            factor = math.exp(rng.gauss(0, spread) - spread**2 / 2)  # positive, mean 1
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
    parser.add_argument(
        "--refresh-months",
        type=int,
        default=REFRESH_MONTHS,
        help="months recomputed by run_overnight --refresh-all, the new one and those before it",
    )
    parser.add_argument(
        "--database", default=common.BENCH_DB, help="the scratch database's name (dropped first)"
    )
    args = parser.parse_args()
    if args.refresh_months < 2:
        parser.error("--refresh-months takes in the two nights' months: 2 or more")
    common.BENCH_DB = args.database
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
        nights = [flags_of_the_night(1, 0)]
        seconds = load_s + analysis_s
        print(
            f"the night: {seconds:.1f} s for {returns} returns and {rows} rows "
            f"(target under 600 s on one worker)"
        )
        nights.append(second_night(Path(tmp) / "files", args.period, args.scale))
        # The refresh's months: the two nights' and those before them.
        with Timer() as before:
            more = load_months_before(
                Path(tmp) / "files", args.period, args.refresh_months - 2, args.scale
            )
        print(
            f"the {args.refresh_months - 2} months before: {more[0]} returns, {more[1]} rows, "
            f"generated and loaded in {before.seconds:.1f} s"
        )
        refresh_rows, refresh_s, _ = refresh_all(args.refresh_months)
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
    print(f"refresh months={args.refresh_months} rows={refresh_rows} seconds={refresh_s:.1f}")
    for line in nights:
        print(line)
    print(f"nightly forces=43 datasets={datasets} seconds={seconds:.1f}")
    print(f"observations_api p50_ms={p50:.1f} p95_ms={p95:.1f}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    main()
