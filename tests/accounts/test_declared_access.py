"""Every page and API action declares the gate it passes (accounts.permissions), apart from a
short, named list of public addresses: a forgotten check fails here, not only where a denial
test happens to exist."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIRequestFactory

from accounts import access
from accounts.access import Gate
from accounts.permissions import DeclaredAccess, decided

# Addresses anyone may use, by URL name (or route where unnamed), with why.
PUBLIC = {
    "health": "the load balancers' check, and the benchmark's baseline",
    "login": "signing in",
    "logout": "signing out",
    "api-schema": "the published OpenAPI schema",
    "api-docs": "the API's documentation",
    "^api/": "the API's 404 for any other path",
}
# Django admin decides for itself: staff only, and only administrators are staff
# (accounts.access.role_grant).
ADMIN = "admin/"


def _patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route != ADMIN:
                yield from _patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def _undeclared(route, pattern) -> list[str]:
    view = pattern.callback
    if pattern.name in PUBLIC or route in PUBLIC:
        return []
    cls = getattr(view, "cls", None)
    if cls is None:
        return [] if isinstance(getattr(view, "access_gate", None), Gate) else [route]
    if not any(isinstance(p, DeclaredAccess) for p in cls().get_permissions()):
        return [f"{route} ({cls.__name__} does not use DeclaredAccess)"]
    actions = getattr(view, "actions", None) or {
        method: method for method in cls.http_method_names if hasattr(cls, method)
    }
    declared = getattr(cls, "permission_map", {})
    return [
        f"{route} {method} -> {cls.__name__}.{action}"
        for method, action in actions.items()
        if method in cls.http_method_names
        and method not in ("head", "options")
        and not isinstance(declared.get(action), Gate)
    ]


def test_every_page_and_api_action_declares_its_gate():
    routes = list(_patterns())
    assert len(routes) > 60  # the walk finds the service's addresses
    undeclared = [problem for route, pattern in routes for problem in _undeclared(route, pattern)]
    assert undeclared == []


def test_the_public_list_names_addresses_that_exist():
    named = {pattern.name for _, pattern in _patterns()} | {route for route, _ in _patterns()}
    assert PUBLIC.keys() <= named


def test_an_undeclared_page_is_found():
    class Pattern:
        name = "somewhere"
        callback = staticmethod(lambda request: None)

    assert _undeclared("somewhere/", Pattern()) == ["somewhere/"]
    Pattern.callback = staticmethod(decided(access.SIGNED_IN)(lambda request: None))
    assert _undeclared("somewhere/", Pattern()) == []


@pytest.mark.django_db
def test_an_undeclared_api_action_is_refused(analyst):
    class View:
        action = "list"
        permission_map = {}

    request = APIRequestFactory().get("/")
    request.user = analyst
    assert DeclaredAccess().has_permission(request, View()) is False
    View.permission_map = {"list": access.lists("see_figures")}
    assert DeclaredAccess().has_permission(request, View()) is True
