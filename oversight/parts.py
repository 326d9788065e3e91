"""Parts that other apps add to oversight's pages, so that oversight names none of them.

An app registers, in its `ready()`, a function that renders its part of a page as HTML from
the request and the page's object: the force on its profile (`PROFILE`), the flag on its page
(`FLAG`). A part asks the access policy what the user may see of it, as any page does; a part
with nothing to show renders nothing.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

PROFILE, FLAG = "profile", "flag"
_PARTS: dict[str, list[Callable[[HttpRequest, object], str]]] = {PROFILE: [], FLAG: []}


def part_add(page: str, render: Callable[[HttpRequest, object], str]) -> None:
    """Show `render(request, obj)` on every `page` (PROFILE or FLAG), in the order added."""
    if render not in _PARTS[page]:
        _PARTS[page].append(render)


def parts_rendered(page: str, request: HttpRequest, obj) -> SafeString:
    html = "".join(str(render(request, obj)) for render in _PARTS[page])
    return mark_safe(html)  # noqa: S308 - each part is its own app's template's output
