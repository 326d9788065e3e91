"""The demo's Engage data, through the engage services so that history and audit are real.

Cases follow the public record in `data/real/engage_history/forces_in_engage.csv` (copied from
the shared data, see its PROVENANCE): each force's entry to Engage and exit, with the source
named in the reasons. Exited forces' causes are closed at exit, but for Devon and Cornwall,
whose two causes stayed open. Where the record goes no further than entry, the demo goes on:
Lincolnshire stays in Engage with the five causes of its accelerated move, and Nottinghamshire
is taken on to PPOG oversight. The record names no move to PPOG oversight, so that reason says
so. PEEL grades, reports, recommendations and section 55 responses are illustrative, placed
around `today` so that responses are on time, late, overdue and due soon.

Levels of support follow the same history (`SUPPORT`): each of the three forces is placed at
level 3 when it moves into Engage and sends its performance improvement plan; Nottinghamshire
goes to level 4 when it is taken to PPOG oversight, Lincolnshire stays at 3, and Devon and
Cornwall goes back to level 2 at its exit, its plan closed. The levels and plans are the demo's
own: the public record names none.
"""

import csv
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.services import user_assign_role
from engage.meetings import meeting_decide, meeting_record
from engage.models import (
    Case,
    ExitCriterion,
    Framework,
    Grade,
    PeelGrade,
    PlanReview,
    Recommendation,
    State,
)
from engage.peel import grade_record
from engage.section55 import recommendation_save, report_record, section_55_respond
from engage.services import (
    action_save,
    case_open,
    case_transition,
    cause_add,
    cause_close,
    criterion_add,
)
from engage.support import (
    plan_action_save,
    plan_review_record,
    plan_save,
    support_decision_record,
)
from forces.models import Force
from oversight.assessments.models import Assessment
from oversight.assessments.verdicts import Assurance
from oversight.flags.models import Flag

ENGAGE_HISTORY = Path(settings.BASE_DIR) / "data" / "real" / "engage_history"
ACCELERATED = "lincolnshire"  # five causes whose cumulative impact reached the threshold
TAKEN_TO_PPOG = "nottinghamshire"
OPEN_AFTER_EXIT = {"devon-and-cornwall": 2}

PEEL_QUESTIONS = {
    Framework.PEEL_2021_22: [
        "Engaging with and treating the public with fairness and respect",
        "Preventing crime and anti-social behaviour",
        "Responding to the public",
        "Investigating crime",
        "Protecting vulnerable people",
        "Developing a positive workplace",
    ],
    Framework.PEEL_2023_25: [
        "Police powers and public treatment",
        "Preventing crime",
        "Responding to the public",
        "Investigating crime",
        "Protecting vulnerable people",
        "Leadership and force management",
    ],
}
GRADES = [Grade.GOOD, Grade.ADEQUATE, Grade.ADEQUATE, Grade.REQUIRES_IMPROVEMENT]
PEEL_FORCES = ["durham", "cumbria", "lincolnshire", "nottinghamshire", "devon-and-cornwall"]


@dataclass
class Entry:
    force: str
    entered: date
    entered_text: str
    left: date | None
    left_text: str
    source: str


def engage_record(path: Path = ENGAGE_HISTORY / "forces_in_engage.csv") -> list[Entry]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Entry(row["force_slug"], *_when(row["entered"]), *_when(row["left"]), row["source"])
            for row in csv.DictReader(handle)
        ]


def _when(text: str) -> tuple[date | None, str]:
    """A date as precise as the record gives it: a year only is placed mid-year (it must not
    be read as January), a month on its first day."""
    if not text:
        return None, ""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 7, 1), f"in {parts[0]} (the record gives the year only)"
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), f"in {date(parts[0], parts[1], 1):%B %Y}"
    return date(*parts), f"on {date(*parts):%-d %B %Y}"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _account(username: str, role: Role, force=None):
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_unusable_password()
    user.save()
    user_assign_role(user=user, role=role, force=force)
    return user


def load_engage_demo(today: date, *, forces: list[str] | None = None) -> dict[str, int]:
    """Load the demo's Engage data once (a second run finds it and does nothing). `forces`
    keeps the record's forces to those named (for tests). Returns what was created."""
    if Case.objects.exists():
        return {"cases": 0}
    with transaction.atomic():
        inspector = _account("engage-hmicfrs", Role.INSPECTOR)
        record = [e for e in engage_record() if forces is None or e.force in forces]
        cases = {e.force: _case(inspector, e, today) for e in record}
        _meeting(inspector, cases, today)
        grades = _peel(inspector, [f for f in PEEL_FORCES if forces is None or f in forces])
        reports = _reports(inspector, today, forces)
        levels = _support(_account("support-unit", Role.ANALYST), cases, today)
    return {"cases": len(cases), "grades": grades, "reports": reports, "support_levels": levels}


def _case(inspector, entry: Entry, today: date) -> Case:
    force = Force.objects.get(slug=entry.force)
    opened = _at(entry.entered) - timedelta(days=1)
    case = case_open(
        user=inspector,
        force=force,
        reason=f"Causes of concern not being managed ({entry.source})",
        summary=f"{force.name} moved into Engage {entry.entered_text}.",
        at=opened,
    )
    case_transition(
        user=inspector,
        case=case,
        to=State.ENGAGE,
        reason=f"Moved into Engage {entry.entered_text} ({entry.source})",
        at=_at(entry.entered),
    )
    causes = _causes(inspector, case, entry)
    _actions(inspector, case, causes, entry.left or today, exited=entry.left is not None)
    if entry.left is not None:
        _exit(inspector, case, causes, entry)
    elif entry.force == TAKEN_TO_PPOG:
        case_transition(
            user=inspector,
            case=case,
            to=State.PPOG,
            reason="Demo: taken to PPOG oversight; the public record names no such move.",
            at=_at(today - timedelta(days=60)),
        )
    case.refresh_from_db()
    return case


CAUSES = [
    ("Emergency calls answered too slowly", ["calls_answered_10s"], ["Responding to the public"]),
    ("Grade 1 attendance times", ["grade1_attendance_median_min"], ["Responding to the public"]),
    ("Crime recording and investigation", ["charge_rate"], ["Investigating crime"]),
    ("Protecting vulnerable people", ["vawg_rate"], ["Protecting vulnerable people"]),
    ("Vetting backlog", ["vetting_backlog"], ["Leadership and force management"]),
]


def _causes(inspector, case: Case, entry: Entry) -> list:
    accelerated = entry.force == ACCELERATED
    count = 5 if accelerated else max(2, OPEN_AFTER_EXIT.get(entry.force, 0))
    causes = []
    for title, metrics, areas in CAUSES[:count]:
        cause = cause_add(
            user=inspector,
            case=case,
            title=title,
            metric_codes=metrics,
            peel_areas=areas,
            accelerated=accelerated,
            opened_on=entry.entered,
        )
        causes.append(cause)
    criterion_add(
        user=inspector,
        cause=causes[0],
        kind=ExitCriterion.Kind.NO_SPECIAL_CAUSE_OF_CONCERN,
        metric="calls_answered_10s",
        months=6,
    )
    criterion_add(
        user=inspector,
        cause=causes[0],
        kind=ExitCriterion.Kind.MEETS_TARGET,
        metric="calls_answered_10s",
        months=3,
    )
    criterion_add(
        user=inspector,
        cause=causes[1],
        kind=ExitCriterion.Kind.NO_SPECIAL_CAUSE_OF_CONCERN,
        metric="grade1_attendance_median_min",
        months=6,
    )
    return causes


def _actions(inspector, case: Case, causes, anchor: date, *, exited: bool) -> None:
    """The improvement plan, due around `anchor`: today for an open case (one action overdue),
    the exit for an exited one (all done)."""
    plan = [
        ("Recruit and train call handlers", causes[0], -30, "in_progress"),
        ("Review grade 1 deployment model", causes[1], 45, "planned"),
        ("Publish the improvement plan", None, -90, "done"),
    ]
    for title, cause, days, status in plan:
        action = action_save(
            user=inspector,
            case=case,
            title=title,
            owner="Deputy chief constable",
            due_on=anchor + timedelta(days=days),
            status="planned",
            cause=cause,
        )
        if status != "planned" or exited:
            action_save(
                user=inspector,
                case=case,
                action=action,
                status="done" if exited else status,
                evidence="Reviewed with the force at the regular inspection meeting.",
            )


def _exit(inspector, case: Case, causes, entry: Entry) -> None:
    still_open = OPEN_AFTER_EXIT.get(entry.force, 0)
    for cause in causes[: len(causes) - still_open]:
        cause_close(user=inspector, cause=cause, reason="Resolved", closed_on=entry.left)
    case_transition(
        user=inspector,
        case=case,
        to=State.SCAN,
        reason=(
            f"HM Chief Inspector decided exit: removed from enhanced monitoring "
            f"{entry.left_text} ({entry.source})"
        ),
        at=_at(entry.left),
    )


def _meeting(inspector, cases: dict[str, Case], today: date) -> None:
    discussed = [c for c in cases.values() if c.is_open]
    if not discussed:
        return
    meeting = meeting_record(
        user=inspector,
        held_on=today - timedelta(days=30),
        attendees=["HM Inspector of Constabulary (chair)", "Home Office", "College of Policing"],
        minutes="The group reviewed the engaged forces' improvement plans and progress.",
    )
    for case in discussed:
        text = (
            "Continue PPOG oversight; the force to report progress on its plan in three months."
            if case.state == State.PPOG
            else "Remain in Engage; College of Policing support on call handling."
        )
        meeting_decide(user=inspector, meeting=meeting, case=case, text=text)


def _peel(inspector, slugs: list[str]) -> int:
    count = 0
    for slug in slugs:
        force = Force.objects.get(slug=slug)
        for framework, questions in PEEL_QUESTIONS.items():
            year = 2022 if framework == Framework.PEEL_2021_22 else 2024
            for question in questions:
                pick = zlib.crc32(f"{slug}{framework}{question}".encode()) % len(GRADES)
                grade_record(
                    user=inspector,
                    force=force,
                    framework=framework,
                    question=question,
                    year=year,
                    grade=GRADES[pick],
                )
                count += 1
    return count


# (force, days before today the report was published, days after the due date it was
# published, or None while it is not)
REPORTS = [
    ("durham", 200, -12),  # on time
    ("durham", 50, None),  # due in 6 days
    ("cumbria", 120, -3),  # on time
    ("cumbria", 80, None),  # overdue
    ("lincolnshire", 300, 20),  # late
    ("lincolnshire", 220, 9),  # late
    ("lincolnshire", 150, 35),  # late: compliance consistently low
    ("nottinghamshire", 45, None),  # due in 11 days
]


def _reports(inspector, today: date, forces) -> int:
    count = 0
    for slug, ago, published_after_due in REPORTS:
        if forces is not None and slug not in forces:
            continue
        force = Force.objects.get(slug=slug)
        published = today - timedelta(days=ago)
        report = report_record(
            user=inspector,
            title=f"PEEL: an inspection of {force.name} ({published:%B %Y})",
            published_on=published,
            url="https://hmicfrs.justiceinspectorates.gov.uk/publications/",
            force=force,
        )
        rec = recommendation_save(
            user=inspector,
            recommendation=Recommendation(
                report=report,
                reference="R1",
                text="The force should answer emergency calls within 10 seconds.",
                addressee=Recommendation.Addressee.FORCE,
                force=force,
            ),
        )
        recommendation_save(
            user=inspector,
            recommendation=Recommendation(
                report=report,
                kind=Recommendation.Kind.AREA_FOR_IMPROVEMENT,
                reference="AFI1",
                text="The force should improve how it records anti-social behaviour.",
                addressee=Recommendation.Addressee.FORCE,
                force=force,
            ),
        )
        if published_after_due is not None:
            _respond(report, force, rec, published_after_due)
        count += 1
    return count


def _respond(report, force, rec, published_after_due: int) -> None:
    pcc = _account(f"engage-pcc-{force.slug}", Role.PCC, force)
    response = report.section_55.get(force=force)
    published = response.due_on + timedelta(days=published_after_due)
    section_55_respond(
        user=pcc,
        response=response,
        answers={rec.pk: "Additional call handlers are being recruited and trained."},
        chief_constable_invited_on=report.published_on + timedelta(days=7),
        chief_constable_comments="The chief constable welcomes the report.",
        comments="I will hold the chief constable to account for the plan.",
        published_url=f"https://pcc.example/{force.slug}/section-55/{report.pk}",
        published_on=published,
    )


# The forces the demo places at level 3 on entering Engage: Nottinghamshire then at 4 when it is
# taken to PPOG oversight, Devon and Cornwall back at 2 at its exit.
SUPPORT = ("devon-and-cornwall", "nottinghamshire", "lincolnshire")
PLAN_ACTIONS = [
    # (title, owner, days from the plan's receipt to its due date, status while open)
    ("Answer 90% of 999 calls within 10 seconds", "Head of contact management", 120, "in_progress"),
    ("Recruit and train call handlers to establishment", "Director of people", 180, "planned"),
    ("Clear the crime recording audit's actions", "Force crime registrar", 90, "done"),
]


def _support(unit, cases: dict[str, Case], today: date) -> int:
    """Each SUPPORT force's levels, its plan with actions and the group's reviews, in line with
    its case; the decisions link the case, the latest PEEL grades, open flags and failing
    verdicts the demo holds when it loads. Returns the decisions recorded."""
    count = 0
    for slug in SUPPORT:
        case = cases.get(slug)
        if case is None:
            continue
        entered = case.transitions.get(to_state=State.ENGAGE).at.date()
        count += _level(unit, case, 3, entered, "Moved into Engage: causes of concern not managed")
        plan = plan_save(
            user=unit,
            force=case.force,
            received_on=entered + timedelta(days=28),
            summary="The force's plan against its causes of concern in Engage.",
        )
        _plan_actions(unit, plan, closed=not case.is_open, today=today)
        plan_review_record(
            user=unit,
            plan=plan,
            outcome=PlanReview.Outcome.ACCEPTED,
            reviewed_on=plan.received_on + timedelta(days=21),
            notes="The group accepted the plan with its milestones.",
        )
        if case.state == State.PPOG:
            moved = case.transitions.get(to_state=State.PPOG).at.date()
            count += _level(unit, case, 4, moved, "Taken to PPOG oversight: progress too slow")
            plan_review_record(
                user=unit,
                plan=plan,
                outcome=PlanReview.Outcome.OFF_TRACK,
                reviewed_on=today - timedelta(days=30),
                notes="Call handling milestones missed; the force to report again in 3 months.",
            )
        elif not case.is_open:
            left = case.closed_at.date()
            count += _level(
                unit, case, 2, left, "Removed from enhanced monitoring; two causes open"
            )
            plan_save(
                user=unit,
                force=case.force,
                plan=plan,
                received_on=plan.received_on,
                summary=plan.summary,
                closed_on=left,
            )
        else:
            plan_review_record(
                user=unit,
                plan=plan,
                outcome=PlanReview.Outcome.ON_TRACK,
                reviewed_on=today - timedelta(days=30),
            )
    return count


def _level(unit, case: Case, level: int, on: date, reasons: str) -> int:
    force = case.force
    flags = Flag.objects.filter(force=force, status__in=[Flag.Status.NEW, Flag.Status.LINKED])
    failing = Assessment.objects.filter(force=force, assurance=Assurance.FAIL)
    support_decision_record(
        user=unit,
        force=force,
        level=level,
        decided_on=on,
        reasons=f"{reasons} (demo: the public record names no level).",
        case=case,
        flags=list(flags.order_by("-period")[:5]),
        assessments=list(failing[:5]),
        peel_grades=list(PeelGrade.objects.filter(force=force, year__lte=on.year)),
    )
    return 1


def _plan_actions(unit, plan, *, closed: bool, today: date) -> None:
    for title, owner, days, status in PLAN_ACTIONS:
        action = plan_action_save(
            user=unit,
            plan=plan,
            title=title,
            owner=owner,
            due_on=plan.received_on + timedelta(days=days),
            status="planned",
        )
        if status != "planned" or closed:
            plan_action_save(
                user=unit, plan=plan, action=action, status="done" if closed else status
            )
