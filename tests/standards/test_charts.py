"""The standards charts: none is drawn where every count is hidden from the viewer (the table
says what is suppressed), and one is where any count shows."""

from standards.charts import ageing_figure, bands_figure, monthly_figure
from standards.selectors import Cell, Counts, ForceAgeing, MonthlyCounts


def counts(*values) -> Counts:
    cells = [Cell(f"k{i}", f"band {i}", v, suppressed=v is None) for i, v in enumerate(values)]
    return Counts(cells, None, total_suppressed=True)


def test_no_chart_where_every_count_is_hidden():
    hidden = counts(None, None, None)
    assert bands_figure(hidden, title="t", category_title="c", count_title="n") is None
    assert ageing_figure([ForceAgeing(force=None, ageing=None, counts=hidden)], title="t") is None
    monthly = MonthlyCounts((("k0", "a"), ("k1", "b")), [("2024-03", counts(None, None))])
    assert monthly_figure(monthly, title="t", count_title="n") is None


def test_a_chart_where_any_count_shows():
    shown = counts(None, 7, None)
    figure = bands_figure(shown, title="t", category_title="c", count_title="n")
    assert figure is not None and figure["data"][0]["y"][1] == 7
