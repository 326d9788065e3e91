"""The XmR chart's figure: missing months are gaps, not lines drawn across them."""

import json
from datetime import date

from metrics import analysis
from oversight.charts import xmr_figure


def test_a_missing_month_is_a_gap_in_the_chart():
    periods = [date(2024, 1, 1), date(2024, 3, 1), date(2024, 4, 1)]  # no February
    chart = analysis.xmr([70.0, 72.0, 69.0], improvement="increase")
    figure = json.loads(
        json.dumps(
            xmr_figure(chart, periods, title="t", unit="%", changes=[(date(2024, 3, 1), "pending")])
        )
    )
    values = figure["data"][0]
    assert values["x"] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert values["y"] == [70.0, None, 72.0, 69.0]
    assert values["connectgaps"] is False
    annotations = [a["text"] for a in figure["layout"]["annotations"]]
    assert "recording change (pending)" in annotations


def test_a_quarterly_series_has_a_slot_a_quarter_and_only_a_missing_quarter_is_a_gap():
    periods = [date(2024, 1, 1), date(2024, 4, 1), date(2024, 10, 1)]  # no July
    chart = analysis.xmr([65.0, 66.0, 64.0], improvement="increase")
    figure = xmr_figure(
        chart, periods, title="t", unit="%", comparisons=[("national", {"2024-04": 65.5})], step=3
    )
    values, mean = figure["data"][0], figure["data"][1]
    assert values["x"] == ["2024-01", "2024-04", "2024-07", "2024-10"]
    assert values["y"] == [65.0, 66.0, None, 64.0]
    assert mean["y"][:2] == [65.0, 65.0]  # a line between the quarters, not dots apart
    assert figure["data"][4]["y"] == [None, 65.5, None, None]
