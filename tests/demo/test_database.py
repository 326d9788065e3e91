"""The demo's own PostgreSQL (demo/database.py) and what make demo runs on it (demo/serve.py):
a server started in a temporary var/, tuned, reached through the URL Django is given and
stopped; a database whose set-up did not finish made again; the server stopped however the
demo ends."""

import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psutil
import psycopg
import pytest

from demo.database import (
    DATABASE,
    SETTINGS,
    demo_database_loaded,
    demo_database_prepare,
    demo_database_start,
    demo_database_stop,
)
from demo.serve import serve

ROOT = Path(__file__).resolve().parents[2]
SLEEP = [sys.executable, "-c", "import time; time.sleep(120)"]


@pytest.fixture
def var_dir():
    """A var/ of its own, not under pytest's tmp_path, which another pytest session on the
    machine may clear away meanwhile (and whose long path the socket need not share)."""
    with tempfile.TemporaryDirectory(prefix="fpo-demo-") as tmp:
        var = Path(tmp) / "var"
        yield var
        demo_database_stop(var)


def server_process(var_dir: Path) -> psutil.Process:
    pid = int((var_dir / "pgdata" / "postmaster.pid").read_text().split()[0])
    return psutil.Process(pid)


def gone(process: psutil.Process) -> bool:
    """The process has ended (a zombie too: whoever reaps orphans here may take a moment)."""
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_starts_in_var_on_a_socket_there_tuned_for_the_load_and_stops(var_dir):
    started = time.perf_counter()
    db = demo_database_start(var_dir)
    assert time.perf_counter() - started < 30
    assert db.pgdata == var_dir.resolve() / "pgdata"
    assert (db.socket_dir / ".s.PGSQL.5432").is_socket()
    assert dj_database_url.parse(db.url())["HOST"] == str(db.socket_dir)
    with psycopg.connect(db.url("postgres"), autocommit=True) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""  # no TCP port
        for name, value in SETTINGS.items():
            assert conn.execute("SELECT current_setting(%s)", [name]).fetchone()[0] == value
        conn.execute("CREATE TABLE kept (id int)")
    server = server_process(var_dir)

    assert demo_database_stop(var_dir) is True
    assert gone(server)
    assert demo_database_stop(var_dir) is False

    # Started again, it uses the data directory as it was, with no initdb and no restart.
    started = time.perf_counter()
    db = demo_database_start(var_dir)
    assert time.perf_counter() - started < 10
    with db.connect() as conn:
        assert conn.execute("SELECT to_regclass('kept')").fetchone()[0] == "kept"


def test_a_set_up_that_did_not_finish_is_made_again_and_a_finished_one_kept(var_dir):
    db = demo_database_start(var_dir)
    assert demo_database_prepare(db) is False  # new
    with db.connect(DATABASE) as conn:
        conn.execute("CREATE TABLE half_done (id int)")
    assert demo_database_prepare(db) is False  # stopped halfway: dropped and made again
    with db.connect(DATABASE) as conn:
        assert conn.execute("SELECT to_regclass('half_done')").fetchone()[0] is None
        conn.execute("CREATE TABLE done (id int)")
    demo_database_loaded(db)

    assert demo_database_prepare(db) is True
    with db.connect(DATABASE) as conn:
        assert conn.execute("SELECT to_regclass('done')").fetchone()[0] == "done"
    # Until the set-up that now runs on it finishes, it is not taken for a finished one.
    assert demo_database_prepare(db) is False


def serve_in_a_process(var_dir: Path, *, setup: list[list[str]]) -> subprocess.Popen:
    code = (
        "import sys; from pathlib import Path; from demo.serve import serve; "
        f"sys.exit(serve(Path({str(var_dir)!r}), setup={setup!r}, run={SLEEP!r}))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )


def running_step(demo: subprocess.Popen) -> psutil.Process:
    """The demo's `run` step, once it runs."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for child in psutil.Process(demo.pid).children():
            try:
                if "time.sleep(120)" in " ".join(child.cmdline()):
                    return child
            except psutil.Error:
                pass  # a step that has just ended
        assert demo.poll() is None, demo.stdout.read()
        time.sleep(0.1)
    pytest.fail("the demo's run step never started")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_the_database_stops_when_the_demo_is_stopped(var_dir, signum):
    show = "import os; print(os.environ['DATABASE_URL'], os.environ.get('REDIS_URL'))"
    demo = serve_in_a_process(var_dir, setup=[[sys.executable, "-c", show]])
    step = running_step(demo)
    server = server_process(var_dir)

    demo.send_signal(signum)
    out, _ = demo.communicate(timeout=60)

    assert demo.returncode == 128 + signum
    assert gone(step)
    assert gone(server)
    assert "demo database: stopped" in out
    url, redis = out.split("made afresh\n")[1].split()[:2]
    assert url.endswith(f"/{DATABASE}") and "pgdata" in url and redis == "None"
    # The set-up finished before the demo served: the next run keeps it.
    assert demo_database_prepare(demo_database_start(var_dir)) is True


@pytest.mark.slow
def test_a_failing_step_stops_the_database_and_its_set_up_is_made_again(var_dir):
    status = serve(var_dir, setup=[[sys.executable, "-c", "raise SystemExit(3)"]], run=SLEEP)

    assert status == 3
    assert not (var_dir / "pgdata" / "postmaster.pid").exists()
    assert demo_database_prepare(demo_database_start(var_dir)) is False


@pytest.mark.slow
def test_a_second_run_on_a_finished_set_up_runs_the_shorter_set_up(var_dir):
    def step(name):
        return [sys.executable, "-c", f"open({str(var_dir / 'steps')!r}, 'a').write({name!r})"]

    quick = [sys.executable, "-c", "pass"]
    for _ in range(2):
        status = serve(var_dir, setup=[step("full ")], setup_again=[step("again ")], run=quick)
        assert status == 0
    assert (var_dir / "steps").read_text() == "full again "
