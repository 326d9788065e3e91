"""`{% page_parts "profile" force %}`: what other apps add to this page (oversight.parts)."""

from django import template

from oversight.parts import parts_rendered

register = template.Library()


@register.simple_tag(takes_context=True)
def page_parts(context, page: str, obj):
    return parts_rendered(page, context["request"], obj)
