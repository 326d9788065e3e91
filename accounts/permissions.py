"""Access declared where it is used, decided by the access policy.

A page declares its gate with `@decided(gate)`; an API view with `permission_map`, from each
action (a viewset's) or method (a plain APIView's) to its gate, checked by `DeclaredAccess`,
the API's one permission class. The gates are accounts.access's: `sees(decision)`,
`does(decision)` or `SIGNED_IN`. An action missing from the map is refused, and
tests/accounts/test_declared_access.py fails for any URL or action without a gate.
"""

import functools

from django.contrib.auth.decorators import login_required
from rest_framework.permissions import BasePermission

from accounts.access import SIGNED_IN, Gate


def decided(gate: Gate):
    """The page's gate: sign-in first, then the gate, before the view runs."""

    def decorate(view):
        @functools.wraps(view)
        def gated(request, *args, **kwargs):
            gate.enforce(request.user)
            return view(request, *args, **kwargs)

        wrapped = login_required(gated)
        wrapped.access_gate = gate
        return wrapped

    return decorate


def gate_of(view, request) -> Gate | None:
    """The gate the API view declares for the request's action (a plain APIView's: its method,
    HEAD as GET), or None. OPTIONS describes the endpoint to anyone signed in."""
    action = getattr(view, "action", None) or request.method.lower()
    if action in ("metadata", "options"):
        return SIGNED_IN
    return getattr(view, "permission_map", {}).get("get" if action == "head" else action)


class DeclaredAccess(BasePermission):
    """Signed in, and through the gate the view declares for the action."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        gate = gate_of(view, request)
        if gate is None:
            return False  # undeclared: refused
        gate.enforce(request.user)
        return True
