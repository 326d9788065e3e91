"""The verdicts' icons (oversight.assessments.verdicts: VARIATION_ICONS and the others) and
their key.

Each icon is an <img> of a static SVG file, not inline SVG: the page's strict CSP has no
'unsafe-inline' for the styles inline SVG would need, and the browser fetches each file once
for the hundreds of icons the overview shows."""

import functools

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from oversight.assessments.verdicts import ASSURANCE_ICONS, FUNNEL_ICONS, VARIATION_ICONS

register = template.Library()

IMG = '<img class="app-verdict-icon" src="{}" alt="{}"{} width="24" height="24">'
KEY = [
    ("Variation on the XmR chart", list(VARIATION_ICONS.values()), ""),
    (
        "Assurance against the target",
        list(ASSURANCE_ICONS.values()),
        "No icon: no target, or too few months",
    ),
    ("Place in the funnel plot", list(FUNNEL_ICONS.values()), "No icon: not in a funnel plot"),
]


@register.simple_tag
def verdict_icon(icon, decorative=False):
    """The icon with its words as its text alternative and tooltip; nothing for None. In the
    key the words are written beside it, so there it is decorative (alt="")."""
    return "" if icon is None else _img(icon, decorative)


# Written once per icon and kept: the overview draws several hundred, and looking up each
# one's static URL was most of the grid's time.
@functools.cache
def _img(icon, decorative: bool) -> str:
    if decorative:
        return format_html(IMG, static(icon.path), "", "")
    return format_html(IMG, static(icon.path), icon.words, format_html(' title="{}"', icon.words))


@register.inclusion_tag("oversight/includes/verdict_key.html")
def verdict_key(heading_level=3):
    return {"groups": KEY, "level": heading_level}
