"""floatformat as Django's filter writes it, at a fraction of its cost (kit.decimals): a
template that writes a table of hundreds of figures loads this in place of the built-in; and
`detail_value`, a flag's figures as a person reads them."""

import math

from django import template

from kit import decimals

register = template.Library()
register.filter("floatformat", decimals.floatformat, is_safe=True)


@register.filter
def detail_value(value):
    """A number in a flag's detail to two decimals, or to three significant figures below one
    (a p-value keeps its size); anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and math.isfinite(value) and 0 < abs(value) < 1:
        return f"{value:.3g}"
    return decimals.floatformat(value, -2)
