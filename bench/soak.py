"""Soak test (make soak): returns and readers together, for minutes, through the real stack.

A scratch database `fpo_soak` on the PostgreSQL server of DATABASE_URL; the app under
gunicorn (production settings, DEBUG off) with returns queued on receipt, and two Celery
worker processes on Redis (REDIS_URL) loading them. For `--seconds` (default 300):
- 10 uploaders, each the data officer of its own force with its own API token, send
  999-call returns of a few hundred to a few thousand rows for months of their choosing
  (a month sent again is a new version). One send in five is followed by the same bytes
  again, which must give back the same return; one in eight is a bad file from the corpus
  (tests/data/bad_returns), which must be refused (400) or accepted and then rejected.
- 20 readers, analysts signed in with their own sessions, read the overview, the
  completeness page, the returns list and the flags.
Then, once the workers have drained the queue, it checks that no return is left received or
validating; that every good return sent was loaded exactly once: for each force and month
the latest good version is loaded with exactly its file's rows and every earlier one is
superseded with none of its rows left, and the record table holds exactly the rows of the
loaded versions; that no bad file was loaded; and that no request failed (any 5xx, time-out,
or other answer than the expected one; a bad file's 400 is expected). Rate limits are set
high for the run: it measures durability, not the limits. Its last line is:
    soak seconds=<s> uploads=<n> loaded_once=<n> failed_requests=<n> p95_ms=<x>
"""

import argparse
import csv
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import ROOT, fresh_database, setup_django
from bench.load import Run
from bench.web import HEADERS, environment, free_port, gunicorn, manage, wait_until_up

SOAK_DB = "fpo_soak"
UPLOADERS, READERS = 10, 20
CORPUS = ROOT / "tests" / "data" / "bad_returns"
READ_PATHS = ("/", "/completeness/", "/returns/", "/flags/")
LONDON = ZoneInfo("Europe/London")
FIELDS = ["force", "call_id", "connected_at", "answered_at", "abandoned"]


@dataclass
class Sent:
    """A good return accepted: its key, version and rows."""

    return_id: int
    force: str
    period: str
    rows: int


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Run = field(default_factory=Run)
    uploads: int = 0
    good: list[Sent] = field(default_factory=list)
    bad: list[int] = field(default_factory=list)  # bad files accepted: must end rejected

    def timed(self, milliseconds: float, problem: str | None = None) -> None:
        with self.lock:
            self.requests.times_ms.append(milliseconds)
            if problem:
                self.requests.errors.append(problem)


def calls_file(force: str, period: str, rows: int, rng: random.Random) -> bytes:
    year, month = map(int, period.split("-"))
    # Timed in UTC and written in London time: adding seconds to a London time would step
    # by the clock, which jumps at the change to summer time.
    start = datetime(year, month, 1, tzinfo=LONDON).astimezone(UTC)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=LONDON).astimezone(UTC)
    seconds = int((end - start).total_seconds()) - 3600
    out = [",".join(FIELDS)]
    batch = uuid.uuid4().hex[:8]  # new bytes every time: a new version of the month
    for i in range(rows):
        connected = start + timedelta(seconds=rng.randrange(seconds))
        abandoned = rng.random() < 0.03
        answered = "" if abandoned else (connected + timedelta(seconds=rng.randrange(1, 90)))
        answered = answered.astimezone(LONDON).isoformat() if answered else ""
        out.append(
            f"{force},{batch}-{i},{connected.astimezone(LONDON).isoformat()},{answered},"
            f"{str(abandoned).lower()}"
        )
    return ("\n".join(out) + "\n").encode()


def bad_files() -> list[tuple[str, bytes]]:
    with open(CORPUS / "cases.csv", newline="") as index:
        cases = [c for c in csv.DictReader(index) if c["dataset"] == "emergency_calls"]
    return [(c["file"], (CORPUS / "files" / c["file"]).read_bytes()) for c in cases]


def multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def send(port: int, token: str, period: str, name: str, content: bytes) -> tuple[int, dict, float]:
    body, boundary = multipart({"dataset": "emergency_calls", "period": period}, name, content)
    headers = {
        **HEADERS,
        "Authorization": f"Token {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request("POST", "/api/v1/returns/", body=body, headers=headers)
        response = conn.getresponse()
        status, raw = response.status, response.read()
    except (OSError, http.client.HTTPException) as error:
        status, raw = 0, repr(error).encode()
    finally:
        conn.close()
    elapsed = (time.perf_counter() - started) * 1000
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = {"raw": raw[:200].decode(errors="replace")}
    return status, answer, elapsed


def uploader(port, token, force, periods, bad, until, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        period = rng.choice(periods)
        if rng.random() < 1 / 8:
            name, content = rng.choice(bad)
            status, answer, ms = send(port, token, period, name, content)
            problem = None if status in (202, 400) else f"bad {name}: {status} {answer}"
            tally.timed(ms, problem)
            with tally.lock:
                tally.uploads += 1
                if status == 202:
                    tally.bad.append(answer["id"])
            continue
        rows = rng.randrange(200, 3000)
        content = calls_file(force, period, rows, rng)
        status, answer, ms = send(port, token, period, f"{force}-{period}.csv", content)
        tally.timed(ms, None if status == 202 else f"upload: {status} {answer}")
        with tally.lock:
            tally.uploads += 1
            if status == 202:
                tally.good.append(Sent(answer["id"], force, period, rows))
        if status == 202 and rng.random() < 1 / 5:
            again, answer_again, ms = send(port, token, period, f"{force}-{period}.csv", content)
            same = again == 202 and answer_again.get("id") == answer["id"]
            tally.timed(ms, None if same else f"resend: {again} {answer_again}")
            with tally.lock:
                tally.uploads += 1


def reader(port, session, until, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {**HEADERS, "Cookie": f"sessionid={session}"}
    while time.monotonic() < until:
        path = rng.choice(READ_PATHS)
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            status, body = response.status, response.read()
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            status, body = 0, repr(error).encode()
        problem = None if status == 200 else f"GET {path}: {status} {body[:120]!r}"
        tally.timed((time.perf_counter() - started) * 1000, problem)
    conn.close()


def people(forces: list[str]) -> tuple[dict[str, str], list[str]]:
    """An API token for the data officer of each force; signed-in analysts' sessions."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.roles import Role
    from accounts.services import token_create, user_assign_role
    from forces.models import Force

    tokens = {}
    for slug in forces:
        user = get_user_model().objects.create(username=f"soak-officer-{slug}")
        user_assign_role(
            user=user, role=Role.FORCE_DATA_OFFICER, force=Force.objects.get(slug=slug)
        )
        tokens[slug] = token_create(user=user)[1]
    analyst = get_user_model().objects.create(username="soak-analyst")
    user_assign_role(user=analyst, role=Role.ANALYST, force=None)
    sessions = []
    for _ in range(READERS):
        client = Client()
        client.force_login(analyst)
        sessions.append(client.session.session_key)
    return tokens, sessions


def workers_start(env: dict, log_dir: Path) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", env["CELERY_QUEUE"]]
    command += ["--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING"]
    command += ["--without-heartbeat", "--without-mingle", "--without-gossip"]
    return [
        subprocess.Popen(
            [*command, "-n", f"soak{i}@%h"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=open(log_dir / f"worker{i}.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        for i in range(2)
    ]


def drained(timeout: float) -> bool:
    from metrics.models import Return

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Return.objects.filter(status__in=["received", "validating"]).exists():
            return True
        time.sleep(1)
    return False


def verify(tally: Tally) -> tuple[int, list[str]]:
    """(good returns verified loaded exactly once, problems)."""
    from django.db.models import Count

    from metrics.models import EmergencyCallRecord, Return

    problems = []
    stuck = Return.objects.filter(status__in=["received", "validating"]).count()
    if stuck:
        problems.append(f"{stuck} returns left received or validating")
    status = dict(Return.objects.values_list("id", "status"))
    version = dict(Return.objects.values_list("id", "version"))
    records = dict(
        EmergencyCallRecord.objects.values("source_return_id")
        .annotate(n=Count("*"))
        .values_list("source_return_id", "n")
    )
    latest: dict[tuple[str, str], Sent] = {}
    for sent in tally.good:
        key = (sent.force, sent.period)
        if key not in latest or version[sent.return_id] > version[latest[key].return_id]:
            latest[key] = sent
    verified = 0
    for sent in tally.good:
        want = "loaded" if latest[(sent.force, sent.period)] is sent else "superseded"
        rows = records.get(sent.return_id, 0)
        if status[sent.return_id] == want and rows == (sent.rows if want == "loaded" else 0):
            verified += 1
        else:
            report = Return.objects.get(pk=sent.return_id).report.get("errors", [])[:2]
            problems.append(
                f"return {sent.return_id}: {status[sent.return_id]} with {rows} rows, "
                f"{want} expected {report}"
            )
    for return_id in tally.bad:
        if status[return_id] != "rejected" or records.get(return_id, 0):
            problems.append(f"bad file {return_id} is {status[return_id]}")
    expected_total = sum(s.rows for s in latest.values())
    if sum(records.values()) != expected_total:
        problems.append(f"{sum(records.values())} records held, {expected_total} expected")
    return verified, problems


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    args = parser.parse_args()
    redis = os.environ.get("REDIS_URL")
    if not redis:
        raise SystemExit("the soak test needs Redis: set REDIS_URL")

    var_dir = Path(tempfile.mkdtemp(prefix="soak-"))
    url = fresh_database(SOAK_DB)
    env = {
        **environment(url, var_dir),
        "REDIS_URL": redis,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": f"soak-{uuid.uuid4().hex[:8]}",
        "PROCESS_RETURNS_ON_RECEIPT": "true",
        "RATE_LIMIT_RETURNS": "1000000/h",
        "RATE_LIMIT_API": "1000000/m",
        "LOG_LEVEL": "ERROR",  # a bad file's 400 is expected, not news
    }
    # Sessions made here must be read by gunicorn: the same settings, secret key included.
    os.environ.update(env)
    manage("collectstatic", "--noinput", "-v0")
    setup_django()
    from forces.models import Force

    forces = list(
        Force.objects.exclude(slug="durham").order_by("slug").values_list("slug", flat=True)
    )[:UPLOADERS]
    tokens, sessions = people(forces)
    from kit.periods import Month

    last = Month.of(datetime.now(LONDON).date()) - 1
    periods = [(last - n).label() for n in range(36)]
    bad = bad_files()

    try:
        workers = workers_start(env, var_dir)
        port, log = free_port(), var_dir / "gunicorn.log"
        server = gunicorn(port, args.workers, log, **env)
        try:
            wait_until_up(port, server, log)
            tally = Tally()
            started = time.monotonic()
            until = started + args.seconds
            threads = [
                threading.Thread(
                    target=uploader,
                    args=(port, tokens[force], force, periods, bad, until, tally, i),
                )
                for i, force in enumerate(forces)
            ]
            threads += [
                threading.Thread(target=reader, args=(port, session, until, tally, 100 + i))
                for i, session in enumerate(sessions)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.monotonic() - started
            print(f"soak: sent for {seconds:.0f} s; waiting for the workers to drain the queue")
            if not drained(timeout=600):
                print("soak: the workers did not drain the queue in 10 minutes")
            loaded_once, problems = verify(tally)
        finally:
            server.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for process in (server, *workers):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    failed = len(tally.requests.errors)
    for problem in tally.requests.errors[:10] + problems[:20]:
        print(f"soak: {problem}")
    print(
        f"soak: {len(tally.good)} good returns accepted, {len(tally.bad)} bad files accepted "
        f"and rejected, {len(tally.requests.times_ms)} requests"
    )
    print(
        f"soak seconds={seconds:.0f} uploads={tally.uploads} loaded_once={loaded_once} "
        f"failed_requests={failed} p95_ms={tally.requests.p95:.0f}"
    )
    if failed or problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
