"""Plotly figures for the pages: built in Python, drawn by static/js/charts.mjs."""

import plotly.graph_objects as go

from forces.periods import Month


def _with_gaps(chart, periods):
    """The chart's rows on every month from the first to the last, missing months empty."""
    months = Month.between(Month.of(periods[0]), Month.of(periods[-1]))
    framed = chart.copy()
    framed.index = [p.strftime("%Y-%m") for p in periods]
    framed = framed.reindex([m.label() for m in months])
    framed["variation"] = framed["variation"].fillna("common_cause")
    framed["rule"] = framed["rule"].fillna("no figure")
    return framed.astype(object).where(framed.notna(), None)


# Making Data Count colours: blue improvement, orange concern, grey common cause.
COLOURS = {
    "improvement": "#1d70b8",
    "concern": "#f47738",
    "common_cause": "#505a5f",
    "neutral": "#4c2c92",
}


def xmr_figure(chart, periods, *, title: str, unit: str, target=None, changes=()) -> go.Figure:
    """The XmR chart: values coloured by variation, mean and process limits per group,
    the standard as a dashed line, and each declared recording change marked with its
    review status: `changes` is (month, status) pairs."""
    chart = _with_gaps(chart, periods)
    labels = list(chart.index)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=chart["value"],
            mode="lines+markers",
            name="value",
            connectgaps=False,  # a month with no figure is a gap, not a line across it
            line={"color": COLOURS["common_cause"]},
            marker={
                "size": 9,
                "color": [COLOURS.get(v, COLOURS["common_cause"]) for v in chart["variation"]],
            },
            customdata=chart["rule"],
            hovertemplate="%{x}: %{y:.2f} %{customdata}<extra></extra>",
        )
    )
    for column, name, dash in (
        ("mean", "mean", "solid"),
        ("upl", "upper process limit", "dot"),
        ("lpl", "lower process limit", "dot"),
    ):
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=chart[column],
                mode="lines",
                name=name,
                line={"color": "#0b0c0c", "dash": dash, "width": 1},
            )
        )
    if target is not None:
        fig.add_hline(
            y=target,
            line={"color": "#00703c", "dash": "dash"},
            annotation_text=f"standard {target:g}",
        )
    for when, status in changes:
        colour = "#d4351c" if status == "accepted" else "#505a5f"
        fig.add_vline(x=when.strftime("%Y-%m"), line={"color": colour, "dash": "dashdot"})
        fig.add_annotation(
            x=when.strftime("%Y-%m"),
            y=1,
            yref="paper",
            showarrow=False,
            text=f"recording change ({status})",
            font={"color": colour},
        )
    fig.update_layout(
        title=title,
        yaxis_title=unit,
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        legend={"orientation": "h"},
        template="simple_white",
    )
    return fig
