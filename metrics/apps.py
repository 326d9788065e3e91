import functools
import re

from django.apps import AppConfig
from django.db.backends.signals import connection_created


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _regexp(pattern, value):
    if pattern is None or value is None:
        return None
    return _compiled(pattern).search(str(value)) is not None


def faster_sqlite_regexp(sender, connection, **kwargs):
    """The demo's SQLite checks run REGEXP on every cell: use precompiled patterns."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("REGEXP", 2, _regexp, deterministic=True)


class MetricsConfig(AppConfig):
    name = "metrics"

    def ready(self):
        connection_created.connect(faster_sqlite_regexp)
        from config.figures import figures_follow
        from metrics.models import Observation, RecordingChange

        figures_follow(Observation, RecordingChange)
        # Register the tasks in every process, so that services can queue them by name.
        from metrics.returns import tasks  # noqa: F401
