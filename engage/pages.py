"""What the engage pages show, read through engage.selectors: the case list's rows, a case's
timeline (transitions, PPOG decisions, the improvement plan and the history of every change,
before and after), its causes of concern with their exit criteria judged, the PPOG meetings'
rows and the reports' rows with their section 55 responses, and the levels of support: the
list of forces with their current level, and a force's levels, evidence and plans."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.access import Decision
from engage.criteria import Evaluation, criterion_evaluate
from engage.models import (
    CauseOfConcern,
    ExitCriterion,
    ImprovementAction,
    ImprovementPlan,
    Recommendation,
    Report,
    Section55Response,
    State,
    SupportDecision,
)
from engage.section55 import standing
from engage.selectors import (
    cases_visible_to,
    improvement_plans_visible_to,
    meetings_visible_to,
    recommendations_visible_to,
    reports_visible_to,
    section_55_responses_visible_to,
    support_decisions_visible_to,
    support_forces_for,
)
from engage.support import SupportEvidence, plan_required, support_evidence
from oversight.flags.selectors import force_flags_visible_to

# Fields whose changes say nothing to a reader of the timeline.
UNSHOWN_FIELDS = ("updated_at",)


def case_rows(user, *, today, state: str = "", status: str = ""):
    """The cases the user sees, filtered, with their open causes and overdue actions counted."""
    cases = cases_visible_to(user)
    if state:
        cases = cases.filter(state=state)
    if status:
        cases = cases.filter(closed_at__isnull=status == "open")
    overdue = Q(actions__due_on__lt=today) & ~Q(actions__status=ImprovementAction.Status.DONE)
    return cases.annotate(
        open_causes=Count(
            "causes", filter=Q(causes__status=CauseOfConcern.Status.OPEN), distinct=True
        ),
        overdue_actions=Count("actions", filter=overdue, distinct=True),
    ).order_by("-opened_at", "-id")


def meeting_rows(user):
    """The PPOG meetings the user sees, newest first, with their decisions counted."""
    return (
        meetings_visible_to(user)
        .annotate(decision_count=Count("decisions"))
        .prefetch_related("forces")
        .order_by("-held_on", "-id")
    )


def meeting_decisions(meeting):
    """A meeting's decisions, in the order they were recorded, each with its case's force."""
    return meeting.decisions.select_related("case__force")


def report_rows(user):
    """The reports the user sees, newest first, with their recommendations and areas for
    improvement counted, and the recommendations and section 55 responses the user sees."""
    kind = Recommendation.Kind
    return (
        reports_visible_to(user)
        .select_related("force")
        .annotate(
            recommendation_count=Count(
                "recommendations", filter=Q(recommendations__kind=kind.RECOMMENDATION)
            ),
            afi_count=Count(
                "recommendations", filter=Q(recommendations__kind=kind.AREA_FOR_IMPROVEMENT)
            ),
        )
        .prefetch_related(
            Prefetch(
                "section_55",
                queryset=section_55_responses_visible_to(user).order_by("due_on", "id"),
                to_attr="visible_responses",
            ),
            Prefetch(
                "recommendations",
                queryset=recommendations_visible_to(user),
                to_attr="visible_recommendations",
            ),
        )
        .order_by("-published_on", "-id")
    )


@dataclass
class ReportRow:
    report: Report
    responses: list[tuple[Section55Response, str]]  # with each one's standing


def reports_with_standing(reports, today) -> list[ReportRow]:
    """Rows of report_rows' reports, each section 55 response with its standing today."""
    return [
        ReportRow(report, [(r, standing(r, today)) for r in report.visible_responses])
        for report in reports
    ]


@dataclass
class JudgedCriterion:
    criterion: ExitCriterion
    evaluation: Evaluation


@dataclass
class CauseView:
    cause: CauseOfConcern
    criteria: list[JudgedCriterion]


def causes_judged(user, case) -> list[CauseView]:
    """The case's causes, each exit criterion evaluated from the observations, with the
    evidence the user may see."""
    causes = case.causes.prefetch_related("criteria", "flags")
    return [
        CauseView(
            cause,
            [JudgedCriterion(c, criterion_evaluate(c, user=user)) for c in cause.criteria.all()],
        )
        for cause in causes
    ]


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    """One line of the timeline."""

    at: datetime
    kind: str
    title: str
    by: str = ""
    text: str = ""
    changes: list[Change] = field(default_factory=list)
    href: str = ""  # the page the title links to, if any


def case_timeline(user, case) -> list[Entry]:
    """Everything that happened to the case, newest first."""
    entries = [*_transitions(case), *_decisions(user, case)]
    entries += _history(case.history.all(), "Case", lambda h: h.reference)
    for model, kind in ((CauseOfConcern, "Cause of concern"), (ImprovementAction, "Action")):
        entries += _history(model.history.filter(case_id=case.pk), kind, lambda h: h.title)
    criteria = ExitCriterion.history.filter(cause_id__in=case.causes.values("pk"))
    entries += _history(criteria, "Exit criterion", lambda h: str(h.instance))
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _transitions(case) -> list[Entry]:
    labels = dict(State.choices)
    return [
        Entry(
            at=t.at,
            kind="Transition",
            title=(
                f"Moved from {labels[t.from_state]} to {labels[t.to_state]}"
                if t.from_state
                else f"Opened in {labels[t.to_state]}"
            ),
            by=_name(t.by),
            text=t.reason,
        )
        for t in case.transitions.select_related("by")
    ]


def _decisions(user, case) -> list[Entry]:
    decisions = case.decisions.select_related("meeting").filter(
        meeting__in=meetings_visible_to(user)
    )
    return [
        Entry(
            at=timezone.make_aware(datetime.combine(d.meeting.held_on, time.min)),
            kind="PPOG decision",
            title=f"PPOG meeting of {d.meeting.held_on:%-d %B %Y}",
            text=d.text,
            href=reverse("engage-meeting", args=[d.meeting_id]),
        )
        for d in decisions
    ]


def _history(records, kind: str, name) -> list[Entry]:
    """An entry per historical record, with each field's value before and after."""
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    previous = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        entries.append(
            Entry(
                at=record.history_date,
                kind=f"{kind} {_verb(record.history_type)}",
                title=name(record),
                by=_name(record.history_user),
                text=record.history_change_reason or "",
                changes=_changes(record, before),
            )
        )
    return entries


def _verb(history_type: str) -> str:
    return {"+": "created", "~": "changed", "-": "deleted"}[history_type]


def _changes(record, before) -> list[Change]:
    if before is None or record.history_type != "~":
        return []
    delta = record.diff_against(before, excluded_fields=[*UNSHOWN_FIELDS, *_m2m_names(record)])
    model = record.instance_type
    return [
        Change(
            model._meta.get_field(c.field).verbose_name,
            _shown(model, c.field, c.old),
            _shown(model, c.field, c.new),
        )
        for c in delta.changes
    ]


def _m2m_names(record) -> list[str]:
    return [f.name for f in record.instance_type._meta.many_to_many]


def _shown(model, name: str, value) -> str:
    if value in (None, ""):
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(dict(model._meta.get_field(name).flatchoices).get(value, value))


def _name(user) -> str:
    return user.get_username() if user is not None else ""


@dataclass
class SupportRow:
    """A force on the list of levels of support: its current decision and open plan."""

    force: object
    decision: SupportDecision | None
    plan: ImprovementPlan | None

    @property
    def needs_plan(self) -> bool:
        return plan_required(self.decision, self.plan)


def support_rows(user) -> list[SupportRow]:
    """Each force the user reads with its current level, levels 4 and 3 first, then by name:
    the unit's decisions grouped by level, never forces ranked by a figure."""
    current = {d.force_id: d for d in support_decisions_visible_to(user).current()}
    plans = {p.force_id: p for p in improvement_plans_visible_to(user).filter(closed_on=None)}
    rows = [
        SupportRow(force, current.get(force.pk), plans.get(force.pk))
        for force in support_forces_for(user)
    ]
    return sorted(rows, key=lambda r: -(r.decision.level if r.decision else 0))


@dataclass
class DecisionView:
    """A decision with the evidence it links to that the user may see."""

    decision: SupportDecision
    flags: list
    assessments: list
    peel_grades: list


@dataclass
class ForceSupport:
    force: object
    decisions: list[DecisionView]  # newest first: the first is the current level
    evidence: SupportEvidence
    plan: ImprovementPlan | None  # the open plan
    past_plans: list[ImprovementPlan]

    @property
    def current(self) -> SupportDecision | None:
        return self.decisions[0].decision if self.decisions else None

    @property
    def needs_plan(self) -> bool:
        return plan_required(self.current, self.plan)


def force_support(user, force) -> ForceSupport:
    """A force's levels of support, newest first, the evidence since the latest, and its plans
    with their actions and reviews. The caller has found the force among those the user reads."""
    decisions = (
        support_decisions_visible_to(user)
        .filter(force=force)
        .prefetch_related("flags", "assessments", "peel_grades")
        .latest_first()
    )
    seen_flags = set(force_flags_visible_to(user, force).values_list("pk", flat=True))
    figures = access.allows(user, Decision.SEE_FIGURES, force.pk)
    views = [
        DecisionView(
            d,
            [f for f in d.flags.all() if f.pk in seen_flags],
            list(d.assessments.all()) if figures else [],
            list(d.peel_grades.all()),
        )
        for d in decisions
    ]
    plans = list(
        improvement_plans_visible_to(user)
        .filter(force=force)
        .prefetch_related("actions", "reviews__by")
        .order_by(F("closed_on").desc(nulls_first=True), "-received_on", "-id")
    )
    plan = plans[0] if plans and plans[0].is_open else None
    since = views[0].decision.decided_on if views else None
    past = [p for p in plans if p is not plan]
    return ForceSupport(force, views, support_evidence(user, force, since), plan, past)
