"""The standards pages' figures, as plain plotly JSON drawn by static/js/charts.mjs: stacked
bars of counts (cases by age band, outcomes, conclusion times) and lines of counts by month
(vetting), in oversight.charts' layout and axes. A hidden count is a gap, never a nought."""

from oversight.charts import _axis, _layout, _line, _number

# GOV.UK colours, distinct side by side, for up to six series.
SERIES_COLOURS = ("#1d70b8", "#f47738", "#4c2c92", "#00703c", "#d4351c", "#505a5f")
# The frame's least height (static/css/service.css: .app-chart__plot): a figure as tall or taller
# fills it.
MIN_HEIGHT = 420
# Light to dark for ordered bands (ages, days).
BAND_COLOURS = ("#a5c7e5", "#5694ca", "#1d70b8", "#12436d", "#0b0c0c", "#505a5f")


def stacked_bars(
    categories: list[str],
    series: list[tuple[str, list]],
    *,
    title: str,
    category_title: str,
    count_title: str,
    ordered: bool = False,
    horizontal: bool = False,
) -> dict:
    """One bar per category, stacked from `series`: (name, a count or None per category).
    `ordered` series (bands) are coloured light to dark; `horizontal` bars suit many
    categories (forces), listed top to bottom."""
    colours = BAND_COLOURS if ordered else SERIES_COLOURS
    count, category = ("x", "y") if horizontal else ("y", "x")
    data = []
    for i, (name, counts) in enumerate(series):
        values = [_number(c) for c in counts]
        trace = {
            "type": "bar",
            "name": name,
            "marker": {"color": colours[i % len(colours)]},
            "hovertemplate": f"{name}: %{{{count}}}<extra>%{{{category}}}</extra>",
        }
        if horizontal:
            trace |= {"orientation": "h", "y": categories, "x": values}
        else:
            trace |= {"x": categories, "y": values}
        data.append(trace)
    category_axis = _axis(category_title, type="category")
    count_axis = _axis(count_title, rangemode="tozero")
    if horizontal:
        category_axis["autorange"] = "reversed"
        height = max(MIN_HEIGHT, 22 * len(categories) + 160)
        axes = {"yaxis": category_axis, "xaxis": count_axis}
    else:
        height = MIN_HEIGHT
        axes = {"xaxis": category_axis, "yaxis": count_axis}
    layout = _layout(title, height=height, legend=True, barmode="stack", **axes)
    layout["legend"] = {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}
    layout["margin"] = {**layout["margin"], "t": 90}
    return {"data": data, "layout": layout}


def count_lines(
    months: list[str], series: list[tuple[str, list]], *, title: str, count_title: str
) -> dict:
    """A line of counts by month for each of `series`: (name, a count or None per month)."""
    data = [
        {
            **_line(months, [_number(c) for c in counts], name, colour=SERIES_COLOURS[i], width=2),
            "mode": "lines+markers",
            "connectgaps": False,
            "hoverinfo": "x+y+name",
            "hovertemplate": f"{name}: %{{y}}<extra>%{{x}}</extra>",
        }
        for i, (name, counts) in enumerate(series)
    ]
    layout = _layout(
        title,
        height=MIN_HEIGHT,
        legend=True,
        xaxis=_axis("Month", type="category"),
        yaxis=_axis(count_title, rangemode="tozero"),
    )
    layout["legend"] = {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}
    layout["margin"] = {**layout["margin"], "t": 90}
    return {"data": data, "layout": layout}


# --- The pages' figures, from what standards.selectors gives ------------------------------------


def _nothing_to_draw(series) -> bool:
    """Every count hidden from this viewer (or none): no chart, the table says why."""
    return all(c is None for _, counts in series for c in counts)


def ageing_figure(rows, *, title: str) -> dict | None:
    """Open cases by age band, a bar per force (ForceAgeing rows with counts)."""
    rows = [r for r in rows if r.counts is not None]
    if not rows:
        return None
    bands = rows[0].counts.cells
    series = [(b.label, [r.counts.count(b.key) for r in rows]) for b in bands]
    if _nothing_to_draw(series):
        return None
    return stacked_bars(
        [r.force.name for r in rows],
        series,
        title=title,
        category_title="",
        count_title="Open cases",
        ordered=True,
        horizontal=len(rows) > 1,
    )


def monthly_figure(monthly, *, title: str, count_title: str, lines: bool = False) -> dict | None:
    """MonthlyCounts as stacked bars by month (outcomes) or as lines (vetting)."""
    if not monthly.months:
        return None
    months = [label for label, _ in monthly.months]
    series = [
        (label, [counts.count(code) for _, counts in monthly.months])
        for code, label in monthly.series
    ]
    if _nothing_to_draw(series):
        return None
    if lines:
        return count_lines(months, series, title=title, count_title=count_title)
    return stacked_bars(
        months, series, title=title, category_title="Month", count_title=count_title
    )


def bands_figure(counts, *, title: str, category_title: str, count_title: str) -> dict | None:
    """One bar per band of a Counts (cases concluded by days taken)."""
    if counts is None or _nothing_to_draw([("", [c.count for c in counts.cells])]):
        return None
    figure = stacked_bars(
        [c.label for c in counts.cells],
        [(count_title, [c.count for c in counts.cells])],
        title=title,
        category_title=category_title,
        count_title=count_title,
    )
    figure["layout"]["showlegend"] = False
    return figure
