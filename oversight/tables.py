"""The oversight pages' tables and charts as downloads (kit.exports): built from the same
objects the page draws, so a download holds exactly what the page shows that user."""

from kit.exports import Table
from oversight.trends import COMPARED

SUPPRESSED = "suppressed"


def _shown(value, suppressed: bool):
    return SUPPRESSED if suppressed else value


def overview_table(rows, headlines) -> Table:
    """The overview's grid (and so its map): one row per force, each headline's value,
    month, verdicts and whether its latest due month is in."""
    headings = ["Force", "Region"]
    for metric in headlines:
        headings += [
            f"{metric.name} ({metric.unit})",
            f"{metric.name}: month",
            f"{metric.name}: variation",
            f"{metric.name}: assurance",
            f"{metric.name}: funnel",
            f"{metric.name}: latest month due is in",
        ]
    body = []
    for force, cells in rows:
        row = [force.name, force.region.name]
        for cell in cells:
            a = cell.assessment
            row += [
                _shown(cell.value, cell.suppressed),
                a.period if a else None,
                cell.variation_label,
                cell.assurance_label,
                cell.funnel_label,
                cell.complete,
            ]
        body.append(row)
    return Table("National overview", headings, body)


def profile_table(profile) -> Table:
    """Every month of every metric on a force's profile, with its chart's limits and signal."""
    headings = ["Priority area", "Measure", "Unit", "Month", "Value", "Mean", "Lower limit"]
    headings += ["Upper limit", "Signal"]
    body = []
    for area, summaries in profile.areas:
        for s in summaries:
            for o, p in s.series.points:
                body.append(
                    [area, s.metric.name, s.metric.unit, o.period, o.value, p.mean, p.lpl]
                    + [p.upl, _signal(p)]
                )
    return Table(f"{profile.force.name}: measures by month", headings, body)


def explorer_table(explorer) -> Table:
    metric = explorer.metric
    headings = ["Force", "Region", f"Value ({metric.unit})", metric.denominator, "Funnel"]
    body = [
        [
            r.force.name,
            r.force.region.name,
            _shown(r.value, r.suppressed),
            _shown(r.denominator, r.suppressed),
            r.category_label,
        ]
        for r in explorer.rows
    ]
    national = explorer.national
    if national is not None:
        body.append(
            [
                "England and Wales",
                "",
                _shown(national["value"], national["suppressed"]),
                _shown(national["denominator"], national["suppressed"]),
                "",
            ]
        )
    return Table(f"{metric.name}, {explorer.label}", headings, body)


def force_metric_table(force, metric, points) -> Table:
    """The full chart's data: `points` as the page lists them, (observation, chart row,
    similar group value, national value)."""
    interval = metric.computation.has_interval
    headings = ["Month", f"Value ({metric.unit})"]
    headings += ["95% interval, lower", "95% interval, upper"] if interval else []
    headings += ["Mean", "Lower limit", "Upper limit"]
    headings += ["Signal", *(f"{level.label}" for level in COMPARED)]
    body = [
        [o.period, o.value]
        + ([o.interval_low, o.interval_high] if interval else [])
        + [p.mean, p.lpl, p.upl, _signal(p), similar, national]
        for o, p, similar, national in points
    ]
    return Table(f"{metric.name}, {force.name}", headings, body)


def _signal(point) -> str:
    return f"{point.variation}: {point.rule}" if point.rule else "common cause"
