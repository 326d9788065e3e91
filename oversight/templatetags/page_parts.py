"""`{% page_parts "profile" force %}`: what other apps add to this page (oversight.parts); and
`{% area_parts area profile %}`, to one priority area's section of a profile."""

from django import template

from oversight.parts import area_parts_rendered, parts_rendered

register = template.Library()


@register.simple_tag(takes_context=True)
def page_parts(context, page: str, obj):
    return parts_rendered(page, context["request"], obj)


@register.simple_tag
def area_parts(area: str, profile):
    """`{% area_parts area profile %}`: what other apps add to a profile's section of one
    priority area (oversight.parts.area_part_add), for the profile's user and force."""
    return area_parts_rendered(area, profile.user, profile.force)
