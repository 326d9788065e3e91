"""floatformat, worked out directly, writes exactly what Django's filter writes."""

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat as django_floatformat
from hypothesis import given
from hypothesis import strategies as st

from kit.decimals import floatformat

TIES = [0.0, -0.0, 0.05, -0.05, 0.125, -0.125, 2.5, 2.675, 1.005, 9.995, 99.995, -0.004, 1e14]


@pytest.mark.parametrize("value", TIES)
@pytest.mark.parametrize("places", [0, 1, 2, 3])
def test_floatformat_rounds_as_the_filter_does(value, places):
    assert floatformat(value, places) == django_floatformat(value, places)


@given(
    st.floats(allow_nan=True, allow_infinity=True, min_value=None, max_value=None),
    st.integers(min_value=-2, max_value=8),
)
def test_floatformat_writes_what_the_filter_writes(value, places):
    assert floatformat(value, places) == django_floatformat(value, places)


@pytest.mark.parametrize("value", [None, "", "1.5", 7, "abc"])
def test_anything_but_a_float_goes_to_the_filter(value):
    assert floatformat(value, 2) == django_floatformat(value, 2)


def test_a_template_loading_decimals_writes_the_same():
    template = Template("{% load decimals %}{{ a|floatformat:2 }} {{ b|floatformat:0 }}")
    assert template.render(Context({"a": 2.675, "b": -0.4})) == "2.68 0"
