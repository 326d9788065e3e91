"""The floors of docs/architecture.md hold in templates too, which import-linter cannot read:
an app's templates load the tags, and include or extend the templates, only of apps on its
own floor or below."""

import re
from pathlib import Path

from django.conf import settings

FLOORS = [{"kit"}, {"forces"}, {"accounts"}, {"metrics"}, {"oversight"}, {"engage", "standards"}]
FLOOR = {app: n for n, apps in enumerate(FLOORS) for app in apps}
BASE = Path(settings.BASE_DIR)


def _tag_libraries() -> dict[str, str]:
    """Each of the project's template tag libraries, by name, with the app that holds it."""
    return {
        path.stem: app
        for app in FLOOR
        for path in (BASE / app).glob("**/templatetags/*.py")
        if path.stem != "__init__"
    }


def _used_apps(text: str, libraries: dict[str, str]) -> set[str]:
    used = set()
    for names in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", text):
        used |= {libraries[name] for name in names.split() if name in libraries}
    for path in re.findall(r"{%\s*(?:include|extends)\s+[\"']([a-z_]+)/", text):
        if path in FLOOR:
            used.add(path)
    return used


def test_templates_use_only_their_own_floor_and_below():
    libraries = _tag_libraries()
    assert {"page_parts", "chart_data"} <= libraries.keys()  # the scan finds the libraries
    upward = []
    for app, floor in FLOOR.items():
        for template in (BASE / app).glob("**/templates/**/*.html"):
            for used in _used_apps(template.read_text(), libraries):
                if FLOOR[used] > floor:
                    upward.append(f"{template.relative_to(BASE)} uses {used}")
    assert upward == []


def test_an_upward_use_is_found():
    libraries = {"engage_status": "engage"}
    assert _used_apps("{% load static engage_status %}", libraries) == {"engage"}
    assert _used_apps('{% include "engage/includes/x.html" %}', libraries) == {"engage"}
