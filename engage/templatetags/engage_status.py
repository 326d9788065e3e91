"""`{% engage_status force %}`: a force's Engage standing on pages outside engage (the force
profile), so that those pages need not import engage. Kept in the figures cache until the
Engage record changes."""

from django import template

from config.figures import ENGAGE, FIGURES, figures_fragment
from engage.status import engage_status as status_of

register = template.Library()


@register.simple_tag(takes_context=True)
def engage_status(context, force):
    user = context["request"].user
    return figures_fragment(
        user,
        ("engage-status", force.pk),
        "engage/includes/force_status.html",
        lambda: {"force": force, "status": status_of(user, force)},
        over=(ENGAGE, FIGURES),  # the record, and the force it is about
    )
