"""The standards pages' tables as downloads (kit.exports), built from the very objects the page
draws (standards.selectors), so a download holds exactly what the page shows that user: a
hidden count is "suppressed", and the case references only where the page shows them."""

from kit.exports import Table
from metrics.datasets.aggregates import OPEN_CASE_AGE_LABELS
from oversight.tables import explorer_table, overview_table

SUPPRESSED = "suppressed"


def _count(cell):
    return SUPPRESSED if cell.suppressed else cell.count


def _total(counts):
    return SUPPRESSED if counts.total_suppressed else counts.total


def figures_table(rows, metrics) -> Table:
    """The grid of forces by standards measure, with the overview's columns for each."""
    grid = overview_table(rows, metrics)
    return Table("Professional standards: forces by measure", grid.headings, grid.rows)


def funnel_table(explorer) -> Table:
    return explorer_table(explorer)


def ageing_table(rows) -> Table:
    """Each force's open cases by age band at its latest month (ForceAgeing rows)."""
    headings = ["Force", "Month", "Kind of return", *OPEN_CASE_AGE_LABELS.values(), "Total"]
    headings.append("Note")
    body = []
    for r in rows:
        ret = r.ageing.ret
        start = [r.force.name, ret.period if ret else None, ret.get_kind_display() if ret else ""]
        if r.counts is None:
            body.append([*start, *[None] * len(OPEN_CASE_AGE_LABELS), None, r.ageing.reason])
        else:
            cells = [_count(c) for c in r.counts.cells]
            body.append([*start, *cells, _total(r.counts), ""])
    return Table("Open misconduct cases by months open", headings, body)


def bands_table(title: str, heading: str, counts) -> Table:
    """A Counts as rows of (band, count), and its total where it may be shown."""
    body = [[c.label, _count(c)] for c in counts.cells]
    if counts.cells:
        body.append(["Total", _total(counts)])
    return Table(title, [heading, "Cases"], body)


def monthly_table(title: str, monthly) -> Table:
    """MonthlyCounts: a row per month, a column per count."""
    headings = ["Month", *(label for _, label in monthly.series)]
    body = [[label, *(_count(c) for c in counts.cells)] for label, counts in monthly.months]
    return Table(title, headings, body)


def oldest_table(force, oldest) -> Table:
    headings = ["Case reference", "Received", "Months open", "Age band", "Allegation category"]
    headings += ["Severity", "Suspended or restricted"]
    body = [
        [
            c.case_ref,
            c.received_date,
            c.months_open,
            c.band_label,
            c.allegation_category,
            c.severity,
            c.suspended_or_restricted,
        ]
        for c in oldest
    ]
    return Table(f"{force.name}: oldest open misconduct cases", headings, body)


def barred_list_table(force, shown) -> Table:
    """The dismissals whose barred-list notification is outstanding: counts, and each case where
    the user may see case references."""
    barred = shown.barred
    if shown.cases is not None:
        headings = ["Case reference", "Concluded", "Days since conclusion", "Past the deadline"]
        body = [[c.case_ref, c.concluded_date, c.days, c.past_deadline] for c in shown.cases]
    else:
        headings = ["Dismissals not yet notified", "Cases"]
        counts = shown.counts
        body = [] if counts is None else [[c.label, _count(c)] for c in counts.cells]
        if counts is not None:
            body.append(["Total", _total(counts)])
    title = f"{force.name}: barred-list notifications outstanding"
    if barred.as_of:
        title += f" at {barred.as_of:%d %B %Y}"
    return Table(title, headings, body)


def national_tables(page) -> dict:
    """Each table of the national page, by the name its downloads ask for (`?table=`)."""
    tables = {
        "figures": lambda: figures_table(page.grid, page.metrics),
        "ageing": lambda: ageing_table(page.ageing),
        "outcomes": lambda: monthly_table("Misconduct outcomes by month", page.outcomes),
        "vetting": lambda: monthly_table("Vetting applications and decisions", page.vetting),
    }
    for explorer in page.funnels:
        tables[f"funnel-{explorer.metric.code}"] = lambda e=explorer: funnel_table(e)
    return tables


def force_tables(page) -> dict:
    """Each table of a force's page that the user sees, by the name its downloads ask for."""
    force = page.force
    tables = {
        "ageing": lambda: ageing_table([page.ageing]),
        "outcomes": lambda: monthly_table(f"{force.name}: misconduct outcomes", page.outcomes),
        "timeliness": lambda: bands_table(
            f"{force.name}: cases concluded by days taken",
            "Days from receipt to conclusion",
            page.timeliness_counts,
        ),
        "vetting": lambda: monthly_table(f"{force.name}: vetting", page.vetting),
        "barred-list": lambda: barred_list_table(force, page.barred_list),
    }
    if page.oldest is not None:
        tables["oldest"] = lambda: oldest_table(force, page.oldest)
    return tables
