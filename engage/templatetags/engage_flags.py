"""A flag's links into Engage on the flag's page outside engage, so that it need not import
engage: `{% flag_case flag as case %}` (the case its reference names, if the user sees it) and
`{% flag_raise_button flag %}` (raise it as a cause of concern, for those who change engage)."""

from django import template

from engage.selectors import cases_visible_to, may_change

register = template.Library()


@register.simple_tag(takes_context=True)
def flag_case(context, flag):
    if not flag.case_reference:
        return None
    cases = cases_visible_to(context["request"].user)
    return cases.filter(reference=flag.case_reference).first()


@register.inclusion_tag("engage/includes/flag_raise_button.html", takes_context=True)
def flag_raise_button(context, flag):
    return {
        "flag": flag,
        "may_raise": may_change(context["request"].user, flag.force_id),
        "csrf_token": context.get("csrf_token"),
    }
