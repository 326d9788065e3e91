"""The figures cache: the heavy parts of the pages over the figures, rendered once and kept.

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
"""

import functools
import hashlib
import secrets
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts import access

VERSION_KEY = "figures:version"
# Where the code that renders the kept HTML lives: a new release renders it anew.
CODE_ROOTS = ("accounts", "config", "engage", "forces", "metrics", "oversight", "templates")


def figures_cache_on() -> bool:
    return settings.FIGURES_CACHE_SECONDS > 0


def figures_changed(using: str | None = None) -> None:
    """The figures have been written: what the pages kept is stale once the write commits."""
    if not figures_cache_on():
        return
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        func is _version_new for _, func, _ in connection.run_on_commit
    ):
        return  # already due to move on when this transaction commits
    transaction.on_commit(_version_new, using=using)


def figures_follow(*models) -> None:
    """Each save of these models' rows is a write to the figures (bulk writes, which send no
    signal, call figures_changed themselves)."""
    for model in models:
        post_save.connect(_saved, sender=model, dispatch_uid=f"figures-{model._meta.label}")


def _saved(sender, using=None, **kwargs) -> None:
    figures_changed(using)


def _version_new() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def figures_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def figures_kept(user, parts: tuple, compute: Callable[[], object]):
    """What `compute` returns (HTML its page rendered, with what else the page needs), kept
    for the user's viewpoint and today under the figures' version and `parts`, which must name
    the page and everything else it depends on. An exception from `compute` keeps nothing."""
    if not figures_cache_on():
        return compute()
    viewer = (access.viewpoint(user), timezone.localdate())
    key = ":".join(["figures", _release(), figures_version(), *(str(p) for p in (*viewer, *parts))])
    kept = cache.get(key)
    if kept is None:
        kept = compute()
        cache.set(key, kept, timeout=settings.FIGURES_CACHE_SECONDS)
    return kept


def figures_fragment(user, parts: tuple, template: str, context: Callable[[], dict]) -> str:
    """The template rendered with `context()`, kept as figures_kept keeps it."""
    html = figures_kept(user, parts, lambda: render_to_string(template, context()))
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
