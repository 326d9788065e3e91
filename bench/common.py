"""Shared set-up for the benchmarks: a scratch PostgreSQL database, migrated, and Django."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "fpo_bench"


def server_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")


def bench_database_url(name: str | None = None) -> str:
    parts = urlparse(server_url())
    return urlunparse(parts._replace(path=f"/{name or BENCH_DB}"))


def fresh_database(name: str | None = None) -> str:
    """Drop and recreate the benchmark database (BENCH_DB unless named), migrate it, and
    point Django at it."""
    name = name or BENCH_DB
    admin = urlunparse(urlparse(server_url())._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = bench_database_url(name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
        env=os.environ,
    )
    return url


def setup_django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started


def start_gunicorn(port: int, env: dict) -> subprocess.Popen:
    """The web app on one sync gunicorn worker, as in production."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "300",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
