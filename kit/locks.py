"""PostgreSQL session advisory locks: one holder at a time across processes and machines.

Each kind of lock has its own namespace (the first key), so keys of different kinds never
meet. A session lock is released by the server when its connection ends, so the work of a
killed process can be taken over.
"""

from contextlib import contextmanager
from enum import IntEnum

from django.db import connection


class LockNamespace(IntEnum):
    RETURN_LOAD = 7301  # key: the return's id
    NIGHTLY_RUN = 7302  # key: 0


@contextmanager
def advisory_lock(namespace: LockNamespace, key: int = 0, *, notice_dead_client: bool = False):
    """Yields True while this session holds the lock, False if another holds it."""
    with connection.cursor() as cursor:
        if notice_dead_client:
            # Notice a vanished client even mid-query, so a killed worker's lock goes quickly.
            cursor.execute("SET client_connection_check_interval = '1s'")
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [int(namespace), int(key)])
        locked = cursor.fetchone()[0]
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [int(namespace), int(key)])
