"""Plotly figures for the pages: built in Python, drawn by static/js/charts.mjs."""

import plotly.graph_objects as go

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
    labels = [p.strftime("%Y-%m") for p in periods]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=chart["value"],
            mode="lines+markers",
            name="value",
            line={"color": COLOURS["common_cause"]},
            marker={"size": 9, "color": [COLOURS[v] for v in chart["variation"]]},
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
