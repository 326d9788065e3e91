"""Web benchmark (DESIGN section 8): the pages at 43 forces × 60 months × every metric.

Sets up a scratch database `bench_web` on the PostgreSQL server of DATABASE_URL: the figures
of every metric for every force, similar group and the nation over 60 months, written in bulk
(bench/webdata.py), one return per force, dataset and month, and the flags, assessments and
charts the nightly run leaves. Serves it with gunicorn on loopback as production does (DEBUG
off, the real settings, static files through whitenoise from collectstatic), and drives each
page from concurrent clients on keep-alive connections, each signed in with its own session:
an analyst for the national pages, Durham's PCC for their own force's. After a warm-up, every
page gets the same number of requests, and every response must be a 200 holding the page's
content. The trivial /health/ view, measured in the same run, is the baseline.

Each page is timed twice, by two gunicorns over the same database: warm, with the figures
cache as production keeps it in Redis (REDIS_URL; kit/pagecache.py), so that after the
warm-up the timed requests are served what was rendered; and cold, with the cache off
(FIGURES_CACHE_SECONDS=0), so that every request renders its page afresh. Running the
benchmark with FIGURES_CACHE_SECONDS=0, or without Redis, turns the cache off for both. The
last lines are one per page:
    page <name> p50_ms=<x> p95_ms=<y> baseline_p50_ms=<z> cold_p50_ms=<x> cold_p95_ms=<y>
"""

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT, Timer, server_url, setup_django
from bench.load import Run, drive, fetch

BENCH_DB = "bench_web"
TARGET_P50_MS, TARGET_P95_MS = 150, 300  # warm: through the figures cache
COLD_TARGET_P50_MS, COLD_TARGET_P95_MS = 250, 500  # cold: every request renders afresh


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    viewer: str  # "analyst" or "pcc"
    markers: tuple[str, ...]  # {force}, {last_force} and {metric} are filled in, escaped
    kwargs: dict = field(default_factory=dict)


PAGES = (
    Page("overview", "home", "analyst", ("National overview", "{last_force}")),
    Page("force-profile", "force-detail", "pcc", ("{force}",), {"slug": "durham"}),
    Page(
        "metric-explorer",
        "metric-explorer",
        "analyst",
        ("{metric}", "{last_force}"),
        {"code": "crime_rate"},
    ),
    Page(
        "force-metric",
        "force-metric",
        "pcc",
        ("{metric}", "{force}", "<figure"),
        {"slug": "durham", "code": "grade1_within_standard"},
    ),
    Page("flags", "flag-list", "analyst", ("Flags", "govuk-table")),
    Page("completeness", "completeness", "analyst", ("{last_force}",)),
)
BASELINE = Page("baseline", "health", "analyst", ("ok",))


def environment(url: str, var_dir: Path) -> dict:
    """Production settings for the bench database: the real settings module, DEBUG off."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": str(var_dir),
        "RETURNS_DIR": str(var_dir / "returns"),
        "WHITENOISE_USE_FINDERS": "false",
        "LOG_LEVEL": "WARNING",
    }


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, env=os.environ)


def set_up(sessions: int) -> dict:
    from bench.webdata import analysis_run, data_load, users_create
    from metrics.returns.completeness import london_today

    today = london_today()
    with Timer() as loading:
        loaded = data_load(today)
    print(
        f"set-up: {loaded['observations']} observations and {loaded['returns']} returns "
        f"generated and written in bulk with COPY (not computed from records through the "
        f"pipeline) in {loading.seconds:.1f} s"
    )
    with Timer() as analysing:
        analysed = analysis_run(today)
    print(
        f"set-up: nightly analysis stored {analysed['assessments']} assessments and "
        f"{analysed['flags']} flags in {analysing.seconds:.1f} s"
    )
    return users_create(sessions=sessions)


def pages_resolved(pages) -> tuple[list[tuple[Page, str]], list[Page]]:
    """(page, path) for each page whose URL name resolves; the pages that do not."""
    from django.urls import NoReverseMatch, reverse

    found, skipped = [], []
    for page in pages:
        try:
            found.append((page, reverse(page.url_name, kwargs=page.kwargs)))
        except NoReverseMatch:
            skipped.append(page)
    return found, skipped


def markers_of(page: Page) -> tuple[str, ...]:
    from django.utils.html import escape

    from forces.models import Force
    from metrics.catalogue import METRICS_BY_CODE

    names = {
        "force": Force.objects.get(slug=page.kwargs.get("slug", "durham")).name,
        "last_force": Force.objects.order_by("-name").first().name,
        "metric": METRICS_BY_CODE[page.kwargs["code"]].name if "code" in page.kwargs else "",
    }
    return tuple(m.format(**{k: escape(v) for k, v in names.items()}) for m in page.markers)


def in_process(path: str, session: str) -> list[tuple[int, float]]:
    """(SQL queries, milliseconds) of the first request to the page and of the next, through
    the test client in this process: the page's own cost, without queueing. The first renders
    what the page cache keeps (kit/pagecache.py); the second is served from it."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    timed = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured, Timer() as timer:
            response = client.get(path, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} in process")
        timed.append((len(captured.captured_queries), timer.seconds * 1000))
    return timed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn(port: int, workers: int, log: Path, **env: str) -> subprocess.Popen:
    """The app as the Dockerfile serves it: sync workers, here on loopback; `env` adds to
    the environment."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "120"]
    command += ["--error-logfile", str(log)]
    environment = {**os.environ, **env}
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)


def wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    import http.client

    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if fetch(conn, "/health/", HEADERS)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in 60 s")


# As the TLS-terminating proxy in front of gunicorn would send them.
HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}


def static_check(port: int, session: str) -> str:
    """A stylesheet the overview links to answers 200 from whitenoise."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    _, body, _ = fetch(conn, "/", {**HEADERS, "Cookie": f"sessionid={session}"})
    links = re.findall(rb'href="(/static/[^"]+\.css)"', body)
    if not links:
        raise SystemExit("the overview links to no stylesheet")
    path = links[0].decode()
    status, css, headers = fetch(conn, path, {**HEADERS, "Accept-Encoding": "gzip, br"})
    if status != 200:
        raise SystemExit(f"static file {path} answered {status}")
    encoding = headers.get("Content-Encoding", "none")
    return f"static: {path} answered 200 ({len(css)} bytes, {encoding})"


def measure(port: int, page: Page, path: str, sessions: dict, args) -> Run:
    markers = markers_of(page) if page is not BASELINE else page.markers
    common = {"sessions": sessions[page.viewer], "markers": markers, "headers": HEADERS}
    drive(port, path, requests=args.warmup, clients=args.clients, **common)
    run = drive(port, path, requests=args.requests, clients=args.clients, **common)
    if run.errors:
        raise SystemExit(
            f"{page.name}: {len(run.errors)} of {args.requests} responses were wrong, "
            f"e.g. {run.errors[0]}"
        )
    return run


@dataclass
class Server:
    """A gunicorn serving the bench database, on its own port."""

    port: int
    process: subprocess.Popen
    log: Path


def servers_start(args, var_dir: Path) -> list[Server]:
    """The warm server, with the figures cache as the settings have it, and the cold one,
    with the cache off."""
    servers = []
    for name, env in (("warm", {}), ("cold", {"FIGURES_CACHE_SECONDS": "0"})):
        port, log = free_port(), var_dir / f"gunicorn-{name}.log"
        servers.append(Server(port, gunicorn(port, args.workers, log, **env), log))
    return servers


def benchmark(args, sessions: dict, var_dir: Path) -> None:
    pages, skipped = pages_resolved(PAGES)
    if skipped:
        names = ", ".join(f"{p.name} ({p.url_name})" for p in skipped)
        print(f"skipped, their URL names do not resolve yet: {names}")
    from django.conf import settings

    seconds = settings.FIGURES_CACHE_SECONDS
    print(
        f"figures cache: warm server keeps pages {seconds} s (FIGURES_CACHE_SECONDS), cold "
        "server off: every request renders its page afresh"
        if seconds
        else "figures cache: off for both servers (FIGURES_CACHE_SECONDS=0, or no REDIS_URL): "
        "every request renders its page afresh"
    )
    for page, path in pages:
        (first_n, first_ms), (next_n, next_ms) = in_process(path, sessions[page.viewer][0])
        print(
            f"in process: {page.name} {path} as {page.viewer}: first {first_n} queries, "
            f"{first_ms:.1f} ms; next {next_n} queries, {next_ms:.1f} ms"
        )
    print(f"load average of the machine: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    servers = servers_start(args, var_dir)
    try:
        for server in servers:
            wait_until_up(server.port, server.process, server.log)
        warm, cold = servers
        print(static_check(warm.port, sessions["analyst"][0]))
        print(
            f"driving: {args.clients} clients, {args.warmup} warm-up and {args.requests} timed "
            f"requests per page and server, two servers (warm on 127.0.0.1:{warm.port}, cold "
            f"on 127.0.0.1:{cold.port}) each of gunicorn {args.workers} sync workers, one "
            "driven at a time (sync workers close each connection after its response; the "
            "clients reconnect)"
        )
        baseline = measure(warm.port, BASELINE, "/health/", sessions, args)
        runs = [
            (
                page,
                measure(warm.port, page, path, sessions, args),
                measure(cold.port, page, path, sessions, args),
            )
            for page, path in pages
        ]
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            server.process.wait(timeout=30)
    report(baseline, runs)


def met(run: Run, p50: float, p95: float) -> str:
    return "met" if run.p50 < p50 and run.p95 < p95 else "missed"


def report(baseline: Run, runs: list[tuple[Page, Run, Run]]) -> None:
    print(f"baseline /health/ p50 {baseline.p50:.1f} ms, p95 {baseline.p95:.1f} ms")
    print(
        f"targets (DESIGN §8): warm p50 under {TARGET_P50_MS} ms and p95 under "
        f"{TARGET_P95_MS} ms; cold p50 under {COLD_TARGET_P50_MS} ms and p95 under "
        f"{COLD_TARGET_P95_MS} ms"
    )
    for page, warm, cold in runs:
        print(
            f"{page.name}: warm {warm.p50 / baseline.p50:.1f}× the baseline's p50, target "
            f"{met(warm, TARGET_P50_MS, TARGET_P95_MS)}; cold {cold.p50 / baseline.p50:.1f}×, "
            f"target {met(cold, COLD_TARGET_P50_MS, COLD_TARGET_P95_MS)}"
        )
    for page, warm, cold in runs:
        print(
            f"page {page.name} p50_ms={warm.p50:.1f} p95_ms={warm.p95:.1f} "
            f"baseline_p50_ms={baseline.p50:.1f} cold_p50_ms={cold.p50:.1f} "
            f"cold_p95_ms={cold.p95:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=30, help="untimed requests per page")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3, help="as the Dockerfile runs")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    from bench.webdata import create_database, drop_database

    server = server_url()
    with tempfile.TemporaryDirectory() as tmp:
        with Timer() as setting_up:
            url = create_database(server, BENCH_DB)
            os.environ.update(environment(url, Path(tmp)))
            manage("migrate", "--noinput", "-v0")
            manage("collectstatic", "--noinput", "-v0")
            setup_django()
            sessions = set_up(args.clients)
        print(f"set-up: {setting_up.seconds:.1f} s in all (migrate, collectstatic, data)")
        try:
            benchmark(args, sessions, Path(tmp))
        finally:
            from django.db import connections

            connections.close_all()
            if not args.keep:
                drop_database(server, BENCH_DB)


if __name__ == "__main__":
    main()
