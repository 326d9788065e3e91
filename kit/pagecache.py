"""The page cache: the heavy parts of pages rendered once and kept until what they rest on
changes.

A part of a page (a grid, a map, charts, a table) rests on one or more `Source`s: named
bodies of data, each with a version of its own that moves on when a write to it commits.
Apps declare their sources (`Source("flags")`), say in their `ready()` which models' saves
and deletes are writes to them (`source.follow(Model)`), and call `source.changed()` where
they write in bulk, since bulk writes send no signal. The version moves on after the write
commits, so a part rendered between the write and its commit, from the data before it, is
never kept under the new version.

A page keeps what it rendered under its sources' versions, the day (what a viewer may see
can depend on it) and the viewer's viewpoint: a function, registered by the app that decides
access (`viewpoint_from`), that names everything its decisions about a user rest on. So this
module decides nothing about who sees what, and no page can forget to key on it; without a
registered viewpoint nothing is kept. A new release of the code (the modules' and templates'
sizes and times under settings.PAGE_CACHE_CODE_ROOTS) renders everything anew. Entries
expire after FIGURES_CACHE_SECONDS (0 turns the cache off, as it is without Redis: the local
memory cache of one process would not hear of another's writes).
"""

import functools
import hashlib
import secrets
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

# Every source declared, by name.
SOURCES: dict[str, "Source"] = {}
# The viewpoint of a user, from the app that decides access.
_viewpoint: list[Callable[[object], str]] = []


def cache_on() -> bool:
    return settings.FIGURES_CACHE_SECONDS > 0


def viewpoint_from(viewpoint: Callable[[object], str]) -> None:
    """Key what pages keep by `viewpoint(user)`: users with the same viewpoint are shown the
    same."""
    _viewpoint[:] = [viewpoint]


class Source:
    """A body of data that kept parts of pages rest on, with a version of its own."""

    def __init__(self, name: str):
        if name in SOURCES:
            raise ValueError(f"The page cache has a source {name!r} already.")
        self.name = name
        self.key = f"figures:version:{name}"
        SOURCES[name] = self

    def __repr__(self) -> str:
        return f"Source({self.name!r})"

    def changed(self, using: str | None = None) -> None:
        """The source has been written: what pages kept of it is stale once the write
        commits."""
        if not cache_on():
            return
        connection = transaction.get_connection(using)
        if connection.in_atomic_block and any(
            func == self.move_on for _, func, _ in connection.run_on_commit
        ):
            return  # already due to move on when this transaction commits
        transaction.on_commit(self.move_on, using=using)

    def move_on(self) -> None:
        cache.set(self.key, secrets.token_hex(8), timeout=None)

    def follow(self, *models) -> None:
        """Each save or delete of these models' rows is a write to the source (bulk writes,
        which send no signal, call `changed` themselves)."""
        for model in models:
            uid = f"{self.name}-{model._meta.label}"
            post_save.connect(self._written, sender=model, dispatch_uid=f"saved-{uid}", weak=False)
            post_delete.connect(self._written, sender=model, dispatch_uid=f"gone-{uid}", weak=False)

    def _written(self, sender, using=None, **kwargs) -> None:
        self.changed(using)


def versions(sources) -> dict[str, str]:
    """The current version of each source, by name, in one round trip to the cache when all
    are set."""
    keys = {source.key: source.name for source in sources}
    found = cache.get_many(keys)
    for key in keys.keys() - found.keys():
        cache.add(key, secrets.token_hex(8), timeout=None)
        found[key] = cache.get(key)
    return {name: found[key] for key, name in keys.items()}


def kept(user, parts: tuple, compute: Callable[[], object], over: tuple[Source, ...]):
    """What `compute` returns (HTML its page rendered, with what else the page needs), kept
    for the user's viewpoint and today under the versions of the sources it is `over` and
    `parts`, which must name the page and everything else it depends on. An exception from
    `compute` keeps nothing."""
    if not cache_on() or not _viewpoint or not over:
        return compute()
    viewer = (_viewpoint[0](user), timezone.localdate())
    named_versions = [f"{name}={version}" for name, version in versions(over).items()]
    named = ":".join([_release(), *named_versions, *(str(p) for p in (*viewer, *parts))])
    key = "figures:" + hashlib.sha256(named.encode()).hexdigest()  # parts may hold a query
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=settings.FIGURES_CACHE_SECONDS)
    return found


def fragment(
    user, parts: tuple, template: str, context: Callable[[], dict], over: tuple[Source, ...]
) -> str:
    """The template rendered with `context()`, kept as `kept` keeps it."""
    html = kept(user, parts, lambda: render_to_string(template, context()), over)
    return mark_safe(html)  # noqa: S308 - the page's own template wrote it


def release_of(roots) -> str:
    """A digest of the modules' and templates' names, sizes and modification times."""
    digest = hashlib.sha1()
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            if path.suffix in {".py", ".html"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


@functools.cache
def _release() -> str:
    return release_of(Path(settings.BASE_DIR) / root for root in settings.PAGE_CACHE_CODE_ROOTS)
