"""The returns pages' tables as downloads (kit.exports): built from the same rows the page
shows, found by the page's own selector, so a download holds exactly what the page shows that
user (every page of a list)."""

from django.utils import timezone

from kit.exports import Table


def returns_table(returns) -> Table:
    headings = ["Force", "Dataset", "Kind", "Month", "Version", "Status", "Rows", "Received"]
    return Table(
        title="Returns",
        headings=headings,
        rows=[
            [
                r.force.name,
                r.get_dataset_display(),
                r.get_kind_display(),
                r.period,
                r.version,
                r.get_status_display(),
                r.rows_loaded,
                r.submitted_at,
            ]
            for r in returns
        ],
    )


def return_problems_table(ret) -> Table:
    """The validation report's problems, as the page lists them: only a rejected return's
    (the report of any other names none)."""
    errors = ret.report.get("errors", []) if ret.status == ret.Status.REJECTED else []
    return Table(
        title=f"{ret.get_dataset_display()}, {ret.period_label}, version {ret.version}: problems",
        headings=["Row", "Column", "Value", "Problem", "Rule"],
        rows=[
            [e["row"], e["column"] or "Whole file", e.get("value", ""), e["message"], e["rule"]]
            for e in errors
        ],
    )


def completeness_table(dataset, periods, rows) -> Table:
    """The heatmap as the page shows it: a force a row, a month a column, each status."""
    return Table(
        title=f"{dataset.name}: returns by force and month",
        headings=["Force", *(f"{period:%b %Y}" for period in periods)],
        rows=[[force.name, *(cell.status.label for cell in cells)] for force, cells in rows],
    )


def recording_changes_table(changes) -> Table:
    headings = ["Force", "Dataset", "From", "What changed", "Declared", "Declared by"]
    headings += ["Review", "Reason", "Reviewed by"]
    return Table(
        title="Recording changes",
        headings=headings,
        rows=[
            [
                c.force.name,
                c.get_dataset_display(),
                c.effective_from,
                c.description,
                timezone.localdate(c.declared_at),
                _username(c.declared_by),
                c.get_status_display(),
                c.review_reason,
                _username(c.reviewed_by),
            ]
            for c in changes
        ],
    )


def _username(user) -> str:
    return user.get_username() if user is not None else ""
