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
