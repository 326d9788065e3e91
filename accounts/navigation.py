"""The service navigation: each page is offered to the users the access policy lets use it."""

from django.urls import reverse

from accounts import access
from accounts.access import Decision

# (label, url name, the decision that must allow the page). Only pages that exist belong here;
# apps above accounts add theirs in their ready() (`navigation_add`).
NAVIGATION = [
    ("Overview", "home", Decision.SEE_FIGURES),
    ("Measures", "metric-list", Decision.SEE_FIGURES),
    ("Returns", "return-list", Decision.SEE_RETURNS),
    ("Flags", "flag-list", Decision.SEE_RETURN_FLAGS),
    ("Completeness", "completeness", Decision.SEE_COMPLETENESS),
    ("Recording changes", "recording-change-list", Decision.SEE_RECORDING_CHANGES),
    ("API tokens", "tokens", Decision.SEE_FORCE),
    ("Audit log", "audit-log", Decision.SEE_AUDIT_LOG),
    ("Administration", "admin:index", Decision.ADMINISTER),
]


def navigation_add(label: str, url_name: str, decision: str, *, before: str) -> None:
    """Offer an app's page in the navigation, before the page named `before`."""
    if any(name == url_name for _, name, _ in NAVIGATION):
        return
    at = next(i for i, (_, name, _) in enumerate(NAVIGATION) if name == before)
    NAVIGATION.insert(at, (label, url_name, decision))


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for label, url_name, decision in NAVIGATION:
        if not access.allows(user, decision):
            continue
        href = reverse(url_name)
        active = current_path == href if href == "/" else current_path.startswith(href)
        items.append({"label": label, "href": href, "active": active})
    return items
