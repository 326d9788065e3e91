"""The service navigation: which pages each role is offered."""

from django.urls import reverse

from accounts.roles import Role, user_role

# (label, url name, roles that see it). Only pages that exist belong here.
NAVIGATION = [
    ("Forces", "home", None),
    (
        "Returns",
        "return-list",
        {Role.FORCE_DATA_OFFICER, Role.ADMINISTRATOR, Role.ANALYST, Role.INSPECTOR},
    ),
    ("Flags", "flag-list", {Role.ANALYST, Role.INSPECTOR, Role.ADMINISTRATOR, Role.PCC}),
    ("Completeness", "completeness", None),
    ("Recording changes", "recording-change-list", None),
    ("API tokens", "tokens", None),
    ("Administration", "admin:index", {Role.ADMINISTRATOR}),
]


def navigation_for(user, current_path: str) -> list[dict]:
    role = user_role(user)
    if role is None:
        return []
    items = []
    for label, url_name, roles in NAVIGATION:
        if roles is not None and role not in roles:
            continue
        href = reverse(url_name)
        active = current_path == href if href == "/" else current_path.startswith(href)
        items.append({"label": label, "href": href, "active": active})
    return items
