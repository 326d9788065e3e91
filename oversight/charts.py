"""Plotly figures for the pages, built in Python as plain plotly JSON (the dicts plotly.js
takes) and drawn by static/js/charts.mjs. Plain dicts, not plotly.graph_objects: building and
validating graph objects costs some 30 ms a figure, and a force profile draws two dozen."""

import math

from kit.periods import Month

# Making Data Count colours: blue improvement, orange concern, grey common cause.
COLOURS = {
    "improvement": "#1d70b8",
    "concern": "#f47738",
    "common_cause": "#505a5f",
    "neutral": "#4c2c92",
}
BLACK, GREEN, RED, GREY, PURPLE = "#0b0c0c", "#00703c", "#d4351c", "#505a5f", "#4c2c92"
FONT = {"family": "GDS Transport, arial, sans-serif", "color": BLACK}
# Funnel categories, from far above to far below.
FUNNEL_COLOURS = {
    "high_998": "#d4351c",
    "high_95": "#f47738",
    "within": "#505a5f",
    "low_95": "#5694ca",
    "low_998": "#1d70b8",
}


def _number(value):
    """A JSON number to 6 significant figures (the pages show two decimals; seventeen digits
    doubled a profile's charts), or None for a gap (NaN is not JSON)."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else float(f"{value:.6g}")


def _axis(title: str = "", **more) -> dict:
    return {
        "title": {"text": title},
        "showline": True,
        "linecolor": BLACK,
        "ticks": "outside",
        "zeroline": False,
        "automargin": True,
        **more,
    }


def _layout(title: str, *, height: int, legend: bool, **more) -> dict:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}} if title else {},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 50 if title else 10, "b": 40},
        "showlegend": legend,
        "legend": {"orientation": "h", "y": -0.2},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "font": FONT,
        "hovermode": "closest",
        **more,
    }


def _line(x, y, name: str, *, colour: str, dash: str = "solid", width: float = 1) -> dict:
    return {
        "type": "scatter",
        "mode": "lines",
        "x": x,
        "y": y,
        "name": name,
        "line": {"color": colour, "dash": dash, "width": width},
        "hoverinfo": "skip",
    }


def xmr_figure(
    chart,
    periods,
    *,
    title: str,
    unit: str,
    target=None,
    changes=(),
    comparisons=(),
    compact: bool = False,
    step: int = 1,
) -> dict:
    """The XmR chart: values coloured by variation, mean and process limits per group, the
    standard as a dashed line, each declared recording change marked with its review status
    (`changes`: (month, status) pairs), and other series to compare with (`comparisons`:
    (name, {month label: value}) pairs, e.g. the similar group and national figures). A
    compact chart (for a profile's small multiples) has no title or legend. `step` is the
    months a period spans (3 for a quarterly return): the axis holds a slot per period."""
    months, slots = _months_and_slots(periods, step)
    data = [
        _values_trace(chart, months, slots, compact=compact),
        *_limit_traces(chart, months, slots),
        *_comparison_traces(months, comparisons),
    ]
    marks = _target_marks(target) + _recording_change_marks(changes, months)
    layout = _xmr_layout(
        data,
        title="" if compact else title,
        unit="" if compact else unit,
        target=target,
        marks=marks,
        compact=compact,
        changes=bool(changes),
    )
    return {"data": data, "layout": layout}


def _months_and_slots(periods, step: int = 1) -> tuple[list[str], list[int]]:
    """The labels of the periods (months, or every `step` months) from the first period to the
    last, and each period's place among them: a profile draws dozens of these charts, so they
    are built from plain lists, by index. A quarterly series has no empty month between its
    quarters, which would break its lines into dots."""
    first, last = Month.of(periods[0]), Month.of(periods[-1])
    slots = [first.months_to(Month.of(p)) // step for p in periods]
    return [m.label() for m in Month.between(first, last)[::step]], slots


def _placed(values, slots, size: int, *, empty=None, shown=_number) -> list:
    """shown(value) at each value's slot among `size` months, `empty` in the months between."""
    placed = [empty] * size
    for slot, value in zip(slots, _shown_once(values, shown), strict=True):
        placed[slot] = value
    return placed


def _values_trace(chart, months, slots, *, compact: bool) -> dict:
    """The values as a line with markers coloured by variation, the rule that marked each
    point (or "common cause") on hover."""
    size = len(months)
    colours = _placed(
        chart["variation"],
        slots,
        size,
        empty=GREY,
        shown=lambda v: COLOURS.get(v, COLOURS["common_cause"]),
    )
    hover = _placed(
        chart["rule"], slots, size, empty="no figure", shown=lambda rule: rule or "common cause"
    )
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "x": months,
        "y": _placed(chart["value"], slots, size),
        "name": "value",
        "connectgaps": False,  # a month with no figure is a gap, not a line across it
        "line": {"color": GREY, "width": 1.5},
        "marker": {"size": 6 if compact else 9, "color": colours},
        "customdata": hover,
        "hovertemplate": "%{x}: %{y:.2f} %{customdata}<extra></extra>",
    }


def _limit_traces(chart, months, slots) -> list[dict]:
    """The mean and the process limits of each point's group."""
    size = len(months)
    return [
        _line(months, _placed(chart["mean"], slots, size), "mean", colour=BLACK),
        _line(
            months,
            _placed(chart["upl"], slots, size),
            "upper process limit",
            colour=BLACK,
            dash="dot",
        ),
        _line(
            months,
            _placed(chart["lpl"], slots, size),
            "lower process limit",
            colour=BLACK,
            dash="dot",
        ),
    ]


def _comparison_traces(months, comparisons) -> list[dict]:
    """The first two series to compare with, as dashed lines with their values on hover."""
    return [
        {
            **_line(months, [_number(values.get(m)) for m in months], name, colour=colour),
            "line": {"color": colour, "dash": "dash", "width": 1.5},
            "hoverinfo": "x+y+name",
        }
        for (name, values), colour in zip(comparisons, (PURPLE, GREEN), strict=False)
    ]


def _target_marks(target) -> list[tuple[dict, dict]]:
    """The standard, if there is one, as a line across the chart and its label: a (shape,
    annotation) pair."""
    if target is None:
        return []
    label = {
        "xref": "paper",
        "x": 1,
        "xanchor": "right",
        "y": target,
        "yanchor": "bottom",
        "text": f"target {target:g}",
        "showarrow": False,
        "font": {"color": GREEN, "size": 11},
    }
    return [(_hline(target, GREEN), label)]


def _recording_change_marks(changes, months) -> list[tuple[dict, dict]]:
    """Each recording change within the months shown as an upright line and its review status
    above the chart, red once accepted: (shape, annotation) pairs."""
    marks = []
    for when, status in changes:
        label = when.strftime("%Y-%m")
        if label not in months:
            continue
        colour = RED if status == "accepted" else GREY
        line = {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": label,
            "x1": label,
            "y0": 0,
            "y1": 1,
            "line": {"color": colour, "dash": "dashdot", "width": 1},
        }
        text = {
            "x": label,
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "text": f"recording change ({status})",
            "font": {"color": colour, "size": 11},
        }
        marks.append((line, text))
    return marks


def _xmr_layout(
    data, *, title: str, unit: str, target, marks, compact: bool, changes: bool
) -> dict:
    """The layout: months along a category axis, a y-axis holding every value and the
    standard, and the marks' shapes and annotations; a compact chart keeps tight margins, with
    room above for a recording change's label where any was declared."""
    layout = _layout(
        title,
        height=200 if compact else 420,
        legend=not compact,
        xaxis=_axis(type="category", nticks=6 if compact else 12),
        yaxis=_axis(unit, range=_range(data, target)),
        shapes=[shape for shape, _ in marks],
        annotations=[annotation for _, annotation in marks],
    )
    if compact:
        layout["margin"] = {"l": 45, "r": 10, "t": 20 if changes else 10, "b": 30}
    return layout


def _shown_once(values, shown) -> list:
    """shown(value) for each value, worked out once for each distinct value: a chart's mean
    and limits repeat along each of its groups."""
    found = {}
    return [found[v] if v in found else found.setdefault(v, shown(v)) for v in values]


def _hline(y: float, colour: str) -> dict:
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": colour, "dash": "dash", "width": 1.5},
    }


def _range(data: list[dict], *also) -> list[float] | None:
    """A y-axis range holding every drawn value and the standard, with some room."""
    values = [v for trace in data for v in trace["y"] if v is not None]
    values += [v for v in also if v is not None]
    if not values:
        return None
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1
    return [low - pad, high + pad]


def _limits_among(limits: list[dict], points) -> dict:
    """The limit lines' values from just below the smallest force shown to just above the
    largest, as one trace: with one force shown (a PCC's own), the limits either side of it."""
    sizes = [p[1] for p in points if p[1]]
    if not sizes:
        return {"y": []}
    low, high = min(sizes), max(sizes)
    found = []
    for trace in limits:
        pairs = [(x, y) for x, y in zip(trace["x"], trace["y"], strict=True) if y is not None]
        below = [x for x, _ in pairs if x < low]
        above = [x for x, _ in pairs if x > high]
        start = max(below, default=low)
        stop = min(above, default=high)
        found += [y for x, y in pairs if start <= x <= stop]
    return {"y": found}


def funnel_figure(
    curve,
    points,
    *,
    title: str,
    unit: str,
    target: float,
    per: float,
    denominator: str,
    from_zero: bool = False,
) -> dict:
    """The funnel plot: each force's value against its denominator, the target and the 95%
    and 99.8% limits along the denominators. `curve` is Funnel.curve(); `points` is
    (label, denominator, value, category) per force shown; values are on the metric's scale
    (`per` times the funnel's ratio); `denominator` names the x axis. With `from_zero` (counts
    and rates) the y axis starts at zero, so that a difference is seen at its true size."""
    x = [float(d) for d in curve["denominator"]]

    def limit(column):
        return [_number(v * per) for v in curve[column]]

    data = [
        _line(x, limit("ul998"), "99.8% limits", colour=BLACK, dash="dash"),
        {
            **_line(x, limit("ll998"), "99.8% limits", colour=BLACK, dash="dash"),
            "showlegend": False,
        },
        _line(x, limit("ul95"), "95% limits", colour=BLACK, dash="dot"),
        {**_line(x, limit("ll95"), "95% limits", colour=BLACK, dash="dot"), "showlegend": False},
        _line([x[0], x[-1]], [target * per, target * per], "national", colour=PURPLE),
        {
            "type": "scatter",
            "mode": "markers",
            "x": [_number(p[1]) for p in points],
            "y": [_number(p[2]) for p in points],
            "name": "forces",
            "text": [p[0] for p in points],
            "marker": {
                "size": 9,
                "color": [FUNNEL_COLOURS.get(p[3], GREY) for p in points],
                "line": {"color": BLACK, "width": 1},
            },
            "hovertemplate": "%{text}: %{y:.2f}<extra></extra>",
        },
    ]
    layout = _layout(
        title,
        height=460,
        legend=True,
        xaxis=_axis(f"{denominator} (log scale)", type="log"),
        # The forces, the national line and the limits at the forces' sizes: further left
        # the limits widen off the plot.
        yaxis=_axis(
            unit,
            range=_range([*data[-2:], _limits_among(data[:4], points)], 0.0 if from_zero else None),
        ),
    )
    return {"data": data, "layout": layout}


def choropleth_figure(areas, *, title: str, geojson_url: str, categories) -> dict:
    """The map of police force areas: one trace per category (`categories`: (key, label,
    colour) in legend order), so the legend names them. `areas` is (ONS code, force name,
    category key, hover text) per force. The boundaries are fetched from `geojson_url`,
    keyed by `properties.id`; the base map is hidden (docs/decisions/0003-the-map.md)."""
    data = []
    for key, label, colour in categories:
        members = [a for a in areas if a[2] == key]
        if not members:
            continue
        data.append(
            {
                "type": "choropleth",
                "geojson": geojson_url,
                "featureidkey": "properties.id",
                "locations": [a[0] for a in members],
                "z": [1] * len(members),
                "text": [f"{a[1]}: {a[3]}" for a in members],
                "hovertemplate": "%{text}<extra></extra>",
                "colorscale": [[0, colour], [1, colour]],
                "showscale": False,
                "showlegend": True,
                "name": label,
                "marker": {"line": {"color": "#ffffff", "width": 0.8}},
            }
        )
    layout = _layout(title, height=640, legend=True)
    layout["legend"] = {"orientation": "v", "x": 0, "y": 1, "bgcolor": "rgba(255,255,255,0.8)"}
    layout["margin"] = {"l": 0, "r": 0, "t": 50, "b": 0}
    layout["geo"] = {
        "fitbounds": "locations",
        "visible": False,
        "projection": {"type": "mercator"},
    }
    return {"data": data, "layout": layout}
