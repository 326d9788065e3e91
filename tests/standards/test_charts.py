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


def test_a_pcc_whose_every_outcome_is_hidden_gets_the_table_not_no_outcomes(client, pcc_a, force_a):
    from datetime import date

    from tests.metrics.factories import ObservationFactory

    ObservationFactory(
        force=force_a,
        metric="dismissals_per_1000",
        period=date(2024, 3, 1),
        numerator=2.0,
        denominator=1100.0,
        value=2 / 1100 * 1000,
    )
    client.force_login(pcc_a)
    page = client.get("/standards/durham/").content.decode()
    outcomes = page[page.index('id="outcomes"') : page.index('id="timeliness"')]
    assert "No outcomes have been counted yet" not in outcomes
    assert "suppressed" in outcomes and 'data-chart="chart-outcomes"' not in outcomes
