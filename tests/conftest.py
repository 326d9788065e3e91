import os
import uuid

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from forces.models import Force
from tests.accounts.factories import user_with_role

# Playwright's sync API runs an event loop in the test thread; the live server is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in-process unless a test starts a real worker (tests/metrics/test_worker.py)."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def figures_cache_off(settings):
    """Pages compute their figures on every request (tests/oversight/test_pagecache.py
    turns the cache on): a test's writes never commit, so they would not move its version on."""
    settings.FIGURES_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def rate_limits_counted_afresh(settings):
    """Each test's requests count against the rate limits from nothing: the counts are kept in
    Redis, which outlives a test (tests/accounts/test_ratelimits.py sets the limits)."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl:{uuid.uuid4().hex}:"


def ensure_reference_data() -> None:
    """Reload the data migrations' reference data where a transactional test emptied it."""
    import importlib

    from django.apps import apps

    if not Force.objects.exists():
        importlib.import_module("forces.migrations.0002_load_forces").load(apps, None)
        importlib.import_module("forces.migrations.0004_mid_year_populations").load(apps, None)
    importlib.import_module("accounts.migrations.0002_role_groups").create_groups(apps, None)


@pytest.fixture
def reference_data(db):
    ensure_reference_data()


@pytest.fixture
def force_a(reference_data):
    return Force.objects.get(slug="durham")


@pytest.fixture
def force_b(reference_data):
    return Force.objects.get(slug="cumbria")


# The personas of the suite (STYLE.md habit 6): each fixture's role, force and username.
PERSONAS = {
    "analyst": (Role.ANALYST, None, "alice-analyst"),
    "inspector": (Role.INSPECTOR, None, "ivan-inspector"),
    "administrator": (Role.ADMINISTRATOR, None, "ada-admin"),
    "pcc_a": (Role.PCC, "durham", "pat-pcc-a"),
    "pcc_b": (Role.PCC, "cumbria", "bob-pcc-b"),
    "officer_a": (Role.FORCE_DATA_OFFICER, "durham", "olga-officer-a"),
    "officer_b": (Role.FORCE_DATA_OFFICER, "cumbria", "oscar-officer-b"),
}


def persona(name: str):
    """The persona's user, made afresh; for set-ups wider than one test, which cannot ask for
    the function-scoped fixtures below (tests/test_permission_matrix.py)."""
    role, slug, username = PERSONAS[name]
    force = Force.objects.get(slug=slug) if slug else None
    return user_with_role(role, force=force, username=username)


@pytest.fixture
def analyst(db):
    return persona("analyst")


@pytest.fixture
def inspector(db):
    return persona("inspector")


@pytest.fixture
def administrator(db):
    return persona("administrator")


@pytest.fixture
def pcc_a(force_a):
    return persona("pcc_a")


@pytest.fixture
def pcc_b(force_b):
    return persona("pcc_b")


@pytest.fixture
def officer_a(force_a):
    return persona("officer_a")


@pytest.fixture
def officer_b(force_b):
    return persona("officer_b")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    """An API client signed in (by session) as the given user."""

    def sign_in(user):
        api.force_authenticate(None)
        api.force_login(user)
        return api

    return sign_in


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
