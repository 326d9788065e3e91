"""make demo: python -m demo.serve [--port 8000].

Starts the demo's PostgreSQL in var/ (demo.database), migrates, sets up the demo
(demo_setup) and serves it with runserver on 127.0.0.1, with DEBUG on, Celery tasks run
eagerly (no REDIS_URL) and each return loaded as it is uploaded. The database stops when
the demo does: Ctrl-C, SIGTERM, SIGHUP, or a step that fails. A second run keeps a database
whose set-up finished, and demo_setup reuses what it holds; one whose set-up was stopped
halfway is made again, with the return files it stored.

Like demo.database, this imports nothing of Django: each step is a manage.py process of
its own, given DATABASE_URL for the demo's database.
"""

import argparse
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from demo.database import (
    DemoDatabase,
    default_var_dir,
    demo_database_loaded,
    demo_database_prepare,
    demo_database_start,
    demo_database_stop,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# What a set-up stored under var/ besides the database (the settings' defaults): removed with
# a database that is made again, since nothing refers to it any more.
STORED = {"RETURNS_DIR": "returns", "ENGAGE_DOCUMENTS_DIR": "engage_documents"}


class Stopped(Exception):
    """SIGTERM or SIGHUP: end the demo as Ctrl-C does."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m demo.serve",
        description="Set up the demo on its own PostgreSQL in var/ and serve it.",
    )
    parser.add_argument("--port", default=os.environ.get("DEMO_PORT", "8000"))
    args = parser.parse_args(argv)
    # Links in the notifications the demo prints point at the demo.
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{args.port}")
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    return serve(
        default_var_dir(),
        setup=[manage + ["migrate", "--noinput", "-v0"], manage + ["demo_setup"]],
        # A finished set-up keeps its returns: only new logins (and anything migrations add).
        setup_again=[
            manage + ["migrate", "--noinput", "-v0"],
            manage + ["demo_setup", "--no-returns"],
        ],
        run=manage + ["runserver", "--noreload", f"127.0.0.1:{args.port}"],
    )


def serve(
    var_dir: Path,
    *,
    setup: list[list[str]],
    run: list[str],
    setup_again: list[list[str]] | None = None,
) -> int:
    """Start the demo's database, run each setup command (`setup_again` instead, if given, on a
    database whose set-up finished before), mark the set-up finished, then run `run` until it
    ends or the demo is stopped; stop the database in every case. Returns the exit status: the
    first failing command's, or 128 + the signal that stopped the demo."""
    var_dir.mkdir(parents=True, exist_ok=True)
    with (var_dir / "demo.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another demo is running on {var_dir}: stop it first.", file=sys.stderr)
            return 1
        previous = {s: signal.signal(s, _stopped) for s in (signal.SIGTERM, signal.SIGHUP)}
        # Ctrl-C ends the demo even where it was started with SIGINT ignored, as a shell does
        # for a command it runs in the background.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            started = time.perf_counter()
            db = demo_database_start(var_dir)
            _say(f"demo database: PostgreSQL {_version(db)} in {db.pgdata}, "
                 f"started in {time.perf_counter() - started:.1f} s; while the demo runs, "
                 f"DATABASE_URL={db.url()}")  # fmt: skip
            if demo_database_prepare(db):
                _say("demo database: keeping the finished set-up it holds")
                setup = setup_again or setup
            else:
                _say("demo database: made afresh")
                _stored_remove(var_dir)
            env = _environment(db)
            for command in setup:
                if status := _run(command, env):
                    return status
            demo_database_loaded(db)
            return _run(run, {**env, "PROCESS_RETURNS_ON_RECEIPT": "true"})
        except KeyboardInterrupt:
            return 128 + signal.SIGINT
        except Stopped as stop:
            return 128 + stop.signum
        finally:
            # A second signal while the database stops must not cut the stop short.
            for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(s, signal.SIG_IGN)
            if demo_database_stop(var_dir):
                _say("demo database: stopped")
            for s, handler in previous.items():
                signal.signal(s, handler)
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _stopped(signum, frame):
    raise Stopped(signum)


def _environment(db: DemoDatabase) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    return {**env, "DATABASE_URL": db.url(), "DEBUG": "true"}


def _run(command: list[str], env: dict[str, str]) -> int:
    """Run a step; if the demo is stopped meanwhile, end the step before going on."""
    child = subprocess.Popen(command, env=env, cwd=BASE_DIR)
    try:
        return child.wait()
    except BaseException:
        # Ctrl-C reached the step too (it shares the terminal); a SIGTERM did not.
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        raise


def _stored_remove(var_dir: Path) -> None:
    for setting, name in STORED.items():
        if not os.environ.get(setting):
            shutil.rmtree(var_dir / name, ignore_errors=True)


def _version(db: DemoDatabase) -> str:
    with db.connect() as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def _say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    sys.exit(main())
