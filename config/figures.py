"""The figures cache: the heavy parts of the pages over the figures, flags and returns,
rendered once and kept.

The overview's grid and map, the profile's charts, a force's metric and the metric explorer
are rendered from the figures (observations, the nightly assessments, recording changes,
similar groups), which change when a return is loaded or the nightly analysis runs, not from
one request to the next. A page keeps what it rendered under the figures' version, the day
(disclosure depends on it) and the viewer's viewpoint (accounts.access.viewpoint: two users
with the same viewpoint are shown the same), so the cache decides nothing about who sees
what, and no page can forget to key on it.

Every write to the figures calls `figures_changed`, directly where it writes in bulk, or
through the post_save signal of the models (`figures_follow`); the version moves on after
the write commits, so a page rendered between the write and its commit, from the figures
before it, is never kept under the new version. A new release of the code (its modules' and
templates' sizes and times) renders everything anew. Entries also expire after
FIGURES_CACHE_SECONDS (0 turns the cache off, as it is without Redis: the local memory cache
of one process would not hear of another's writes).

What a page kept rests on one or more sources, each with its own version: the figures, the
flags (raised each night, triaged by the unit), the returns (sent, validated and loaded
through the day) and the Engage record, so that triaging a flag renders the flags pages anew
but not the charts.
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

from accounts import access

# The sources of what pages keep: each has its own version.
FIGURES, FLAGS, RETURNS, ENGAGE = "figures", "flags", "returns", "engage"
# Where the code that renders the kept HTML lives: a new release renders it anew.
CODE_ROOTS = ("accounts", "config", "engage", "forces", "metrics", "oversight", "templates")


def figures_cache_on() -> bool:
    return settings.FIGURES_CACHE_SECONDS > 0


def figures_changed(using: str | None = None, source: str = FIGURES) -> None:
    """The source has been written: what the pages kept of it is stale once the write
    commits."""
    if not figures_cache_on():
        return
    move_on = _VERSION_MOVERS[source]
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        func is move_on for _, func, _ in connection.run_on_commit
    ):
        return  # already due to move on when this transaction commits
    transaction.on_commit(move_on, using=using)


def figures_follow(*models, source: str = FIGURES) -> None:
    """Each save or delete of these models' rows is a write to the source (bulk writes,
    which send no signal, call figures_changed themselves)."""
    for model in models:
        uid = f"{source}-{model._meta.label}"
        post_save.connect(_written(source), sender=model, dispatch_uid=f"saved-{uid}", weak=False)
        post_delete.connect(_written(source), sender=model, dispatch_uid=f"gone-{uid}", weak=False)


def _written(source: str):
    def written(sender, using=None, **kwargs) -> None:
        figures_changed(using, source)

    return written


def _version_key(source: str) -> str:
    return f"figures:version:{source}"


def _version_mover(source: str):
    def move_on() -> None:
        cache.set(_version_key(source), secrets.token_hex(8), timeout=None)

    return move_on


# One callable per source, so that a transaction already due to move a version on is known.
_VERSION_MOVERS = {source: _version_mover(source) for source in (FIGURES, FLAGS, RETURNS, ENGAGE)}


def figures_version(source: str = FIGURES) -> str:
    return figures_versions([source])[source]


def figures_versions(sources) -> dict[str, str]:
    """The current version of each source, in one round trip to the cache when all are set."""
    keys = {_version_key(source): source for source in sources}
    found = cache.get_many(keys)
    for key in keys.keys() - found.keys():
        cache.add(key, secrets.token_hex(8), timeout=None)
        found[key] = cache.get(key)
    return {source: found[key] for key, source in keys.items()}


def figures_kept(user, parts: tuple, compute: Callable[[], object], over=(FIGURES,)):
    """What `compute` returns (HTML its page rendered, with what else the page needs), kept
    for the user's viewpoint and today under the versions of the sources it is `over` and
    `parts`, which must name the page and everything else it depends on. An exception from
    `compute` keeps nothing."""
    if not figures_cache_on():
        return compute()
    viewer = (access.viewpoint(user), timezone.localdate())
    versions = [f"{source}={version}" for source, version in figures_versions(over).items()]
    named = ":".join([_release(), *versions, *(str(p) for p in (*viewer, *parts))])
    key = "figures:" + hashlib.sha256(named.encode()).hexdigest()  # parts may hold a query
    kept = cache.get(key)
    if kept is None:
        kept = compute()
        cache.set(key, kept, timeout=settings.FIGURES_CACHE_SECONDS)
    return kept


def figures_fragment(
    user, parts: tuple, template: str, context: Callable[[], dict], over=(FIGURES,)
) -> str:
    """The template rendered with `context()`, kept as figures_kept keeps it."""
    html = figures_kept(user, parts, lambda: render_to_string(template, context()), over)
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
    return release_of(Path(settings.BASE_DIR) / root for root in CODE_ROOTS)
