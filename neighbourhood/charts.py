"""The guarantee page's figure: the national neighbourhood workforce by month against the
guarantee's trajectory to March 2029, in oversight.charts' layout. A month some force has not
sent is marked as holding fewer forces, never joined to the line as if complete; a month hidden
from the viewer is a gap."""

from kit.periods import Month
from oversight.charts import _axis, _layout, _number

MEASURED, TRAJECTORY, SHORT = "#1d70b8", "#505a5f", "#f47738"


def _day(period) -> str:
    return f"{period:%Y-%m}-28"  # the strength at the month's end, near enough for the axis


def trajectory_figure(months, milestones, expected_at, *, title: str) -> dict:
    """`months`: guarantee.NationalMonth, oldest first; `milestones`: the guarantee's
    (month, FTE, name); `expected_at(month)`: its straight-line trajectory."""
    if not months:
        return {}
    first, last = Month.of(months[0].period), Month.of(milestones[-1][0])
    line = [m.first_day for m in Month.between(first, last)]
    complete = [m for m in months if m.complete]
    short = [m for m in months if not m.complete and m.fte is not None]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Guarantee's trajectory",
            "x": [_day(p) for p in line],
            "y": [round(expected_at(p)) for p in line],
            "line": {"color": TRAJECTORY, "dash": "dash", "width": 1.5},
            "hovertemplate": "Trajectory: %{y:,.0f} FTE<extra>%{x|%B %Y}</extra>",
        },
        {
            "type": "scatter",
            "mode": "markers+text",
            "name": "Guarantee's milestones",
            "x": [_day(p) for p, _, _ in milestones],
            "y": [fte for _, fte, _ in milestones],
            "text": [f"{name}: {fte:,.0f}" for _, fte, name in milestones],
            # The first label reads to the right, so the plot's left edge never cuts it.
            "textposition": ["top right"] + ["top left"] * (len(milestones) - 1),
            "marker": {"color": TRAJECTORY, "symbol": "diamond", "size": 10},
            "hovertemplate": "%{text}<extra>%{x|%B %Y}</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "National total, every force returned",
            "x": [_day(m.period) for m in complete],
            "y": [_number(m.fte) for m in complete],
            "line": {"color": MEASURED, "width": 2},
            "marker": {"color": MEASURED, "size": 6},
            "hovertemplate": "National total: %{y:,.0f} FTE<extra>%{x|%B %Y}</extra>",
        },
    ]
    if short:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Some forces not yet returned",
                "x": [_day(m.period) for m in short],
                "y": [_number(m.fte) for m in short],
                "text": [f"{m.forces} of 43 forces" for m in short],
                "marker": {"color": SHORT, "symbol": "circle-open", "size": 9},
                "hovertemplate": "%{y:,.0f} FTE from %{text}<extra>%{x|%B %Y}</extra>",
            }
        )
    layout = _layout(
        title,
        height=440,
        legend=True,
        xaxis=_axis("Month", type="date", tickformat="%b %Y"),
        yaxis=_axis("FTE in neighbourhood roles", rangemode="tozero", tickformat=",.0f"),
    )
    layout["legend"] = {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"}
    layout["margin"] = {**layout["margin"], "t": 110}
    return {"data": data, "layout": layout}
