"""`{% engage_status force %}`: a force's Engage standing on pages outside engage (the force
profile), so that those pages need not import engage."""

from django import template

from engage.status import engage_status as status_of

register = template.Library()


@register.inclusion_tag("engage/includes/force_status.html", takes_context=True)
def engage_status(context, force):
    return {"force": force, "status": status_of(context["request"].user, force)}
