import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils.html import json_script


def test_chart_json_writes_what_json_script_writes():
    figure = {
        "layout": {"title": {"text": "</script><b>Grade 1 & 2</b>"}},
        "data": [{"x": [datetime.date(2026, 10, 1)], "y": [Decimal("1.5"), None], "name": "é"}],
    }
    written = Template("{% load chart_data %}{{ figure|chart_json:'chart-x' }}").render(
        Context({"figure": figure})
    )
    assert written == json_script(figure, "chart-x")
    assert "</script><b>" not in written
