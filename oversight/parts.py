"""Parts that other apps add to oversight's pages, so that oversight names none of them.

An app registers, in its `ready()`, a function that renders its part of a page as HTML from
the request and the page's object: the force on its profile (`PROFILE`), the flag on its page
(`FLAG`). A part asks the access policy what the user may see of it, as any page does; a part
with nothing to show renders nothing.

A force profile's section of one priority area has a place of its own (`area_part_add`, keyed
by the area's name), drawn inside the section, which the page cache keeps per viewpoint: its
parts are rendered from the user and the force, not the request, and must depend on nothing
but what the viewpoint names.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

PROFILE, FLAG = "profile", "flag"
_PARTS: dict[str, list[Callable[[HttpRequest, object], str]]] = {PROFILE: [], FLAG: []}
_AREA_PARTS: dict[str, list[Callable[[object, object], str]]] = {}


def part_add(page: str, render: Callable[[HttpRequest, object], str]) -> None:
    """Show `render(request, obj)` on every `page` (PROFILE or FLAG), in the order added."""
    if render not in _PARTS[page]:
        _PARTS[page].append(render)


def parts_rendered(page: str, request: HttpRequest, obj) -> SafeString:
    html = "".join(str(render(request, obj)) for render in _PARTS[page])
    return mark_safe(html)  # noqa: S308 - each part is its own app's template's output


def area_part_add(area: str, render: Callable[[object, object], str]) -> None:
    """Show `render(user, force)` in the section of the priority area `area` of every force
    profile, in the order added."""
    parts = _AREA_PARTS.setdefault(area, [])
    if render not in parts:
        parts.append(render)


def area_parts_rendered(area: str, user, force) -> SafeString:
    html = "".join(str(render(user, force)) for render in _AREA_PARTS.get(area, []))
    return mark_safe(html)  # noqa: S308 - each part is its own app's template's output
