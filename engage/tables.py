"""The engage pages' tables as downloads (kit.exports): built from the same rows the page
shows, read through engage.selectors and engage.pages, so a download holds exactly what the
page shows that user (every page of a list)."""

from django.utils import timezone

from engage.section55 import Standing
from kit.exports import Table

STANDING_LABELS = {
    Standing.ON_TIME: "Published on time",
    Standing.LATE: "Published late",
    Standing.OVERDUE: "Overdue",
    Standing.DUE: "Due",
}


def cases_table(cases) -> Table:
    """The case list: `cases` as engage.pages.case_rows gives them, with their counts."""
    headings = ["Case", "Force", "State", "Closed", "Opened", "Open causes of concern"]
    headings += ["Overdue actions"]
    return Table(
        title="Engage cases",
        headings=headings,
        rows=[
            [
                case.reference,
                case.force.name,
                case.get_state_display(),
                _day(case.closed_at),
                _day(case.opened_at),
                case.open_causes,
                case.overdue_actions,
            ]
            for case in cases
        ],
    )


def improvement_plan_table(case, actions, today) -> Table:
    headings = ["Action", "Cause of concern", "Owner", "Due", "Overdue", "Status", "Evidence"]
    return Table(
        title=f"Engage case {case.reference}: improvement plan",
        headings=headings,
        rows=[
            [
                action.title,
                action.cause.title if action.cause else "",
                action.owner,
                action.due_on,
                action.is_overdue(today),
                action.get_status_display(),
                action.evidence,
            ]
            for action in actions
        ],
    )


def meetings_table(meetings) -> Table:
    """The meeting list: `meetings` as engage.pages.meeting_rows gives them."""
    return Table(
        title="PPOG meetings",
        headings=["Held", "Forces discussed", "Decisions"],
        rows=[
            [m.held_on, "; ".join(f.name for f in m.forces.all()), m.decision_count]
            for m in meetings
        ],
    )


def decisions_table(meeting, decisions) -> Table:
    return Table(
        title=f"PPOG meeting of {meeting.held_on:%-d %B %Y}: decisions",
        headings=["Case", "Force", "Decision"],
        rows=[[d.case.reference, d.case.force.name, d.text] for d in decisions],
    )


def peel_grades_table(force, grades) -> Table:
    return Table(
        title=f"{force.name}: PEEL grades",
        headings=["Framework", "Question or area", "Year", "Grade"],
        rows=[
            [g.get_framework_display(), g.question, g.year, g.get_grade_display()] for g in grades
        ],
    )


def reports_table(rows) -> Table:
    """The report list: `rows` as engage.pages.reports_with_standing gives them, each report's
    recommendations and section 55 responses those the user sees."""
    headings = ["Report", "Link", "Published", "About", "Recommendations"]
    headings += ["Areas for improvement", "Recommendation statuses", "Section 55 response"]
    body = []
    for row in rows:
        report = row.report
        body.append(
            [
                report.title,
                report.url,
                report.published_on,
                report.force.name if report.force else "National (thematic)",
                report.recommendation_count,
                report.afi_count,
                "; ".join(
                    f"{rec.reference or rec.get_kind_display()}: {rec.get_status_display()}"
                    for rec in report.visible_recommendations
                ),
                "; ".join(_response_text(report, r, s) for r, s in row.responses),
            ]
        )
    return Table("HMICFRS reports", headings, body)


def _response_text(report, response, standing: str) -> str:
    whose = f"{response.force.name}: " if response.force_id != report.force_id else ""
    return f"{whose}due {response.due_on.isoformat()}: {STANDING_LABELS[standing]}"


def _day(moment):
    return timezone.localdate(moment) if moment is not None else None


def support_levels_table(rows) -> Table:
    """The list of levels of support: `rows` as engage.pages.support_rows gives them."""
    headings = ["Force", "Level", "Decided", "Plan", "Plan required but not received"]
    return Table(
        title="Levels of support",
        headings=headings,
        rows=[
            [
                row.force.name,
                row.decision.level if row.decision else None,
                row.decision.decided_on if row.decision else None,
                row.plan.received_on if row.plan else None,
                row.needs_plan,
            ]
            for row in rows
        ],
    )


def support_history_table(force, decisions) -> Table:
    """A force's decisions, newest first, as engage.pages.force_support gives them (with the
    evidence the user sees)."""
    headings = ["Decided", "Level", "Reasons", "Decided by", "Flags", "Assurance verdicts"]
    headings += ["Engage case", "PEEL grades"]
    return Table(
        title=f"{force.name}: levels of support",
        headings=headings,
        rows=[
            [
                view.decision.decided_on,
                view.decision.level,
                view.decision.reasons,
                view.decision.decided_by.get_username() if view.decision.decided_by else "",
                "; ".join(f"{f.summary} ({f.period:%Y-%m})" for f in view.flags),
                "; ".join(f"{a.metric} ({a.period:%Y-%m})" for a in view.assessments),
                view.decision.case.reference if view.decision.case else "",
                "; ".join(
                    f"{g.question} {g.year}: {g.get_grade_display()}" for g in view.peel_grades
                ),
            ]
            for view in decisions
        ],
    )


def plan_actions_table(force, plan, today) -> Table:
    headings = ["Action", "Owner", "Due", "Overdue", "Status", "Evidence"]
    actions = plan.actions.all() if plan is not None else []
    return Table(
        title=f"{force.name}: performance improvement plan",
        headings=headings,
        rows=[
            [
                action.title,
                action.owner,
                action.due_on,
                action.is_overdue(today),
                action.get_status_display(),
                action.evidence,
            ]
            for action in actions
        ],
    )


def plan_reviews_table(force, plan) -> Table:
    reviews = plan.reviews.all() if plan is not None else []
    return Table(
        title=f"{force.name}: reviews of the performance improvement plan",
        headings=["Reviewed", "Outcome", "Notes"],
        rows=[[r.reviewed_on, r.get_outcome_display(), r.notes] for r in reviews],
    )
