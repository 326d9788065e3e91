import datetime
import hashlib

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from engage.models import (
    Case,
    CauseOfConcern,
    ExitCriterion,
    Framework,
    Grade,
    ImprovementAction,
    ImprovementPlan,
    MeetingDecision,
    MeetingDocument,
    PeelGrade,
    PlanAction,
    PlanReview,
    PPOGMeeting,
    Recommendation,
    Report,
    Section55Response,
    State,
    SupportDecision,
)
from forces.models import Force


def durham() -> Force:
    return Force.objects.get(slug="durham")


class CaseFactory(DjangoModelFactory):
    """An open case, in Engage unless a test says otherwise."""

    class Meta:
        model = Case

    force = factory.LazyFunction(durham)
    reference = factory.Sequence(lambda n: f"case-{n}")
    state = State.ENGAGE
    opened_at = factory.LazyFunction(timezone.now)

    class Params:
        closed = factory.Trait(state=State.SCAN, closed_at=factory.LazyFunction(timezone.now))


class CauseFactory(DjangoModelFactory):
    class Meta:
        model = CauseOfConcern

    case = factory.SubFactory(CaseFactory)
    title = "Grade 1 attendance times"
    metric_codes = factory.LazyFunction(lambda: ["grade1_attendance_median_min"])
    opened_on = datetime.date(2024, 3, 1)


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = ExitCriterion

    cause = factory.SubFactory(CauseFactory)
    kind = ExitCriterion.Kind.NO_SPECIAL_CAUSE_OF_CONCERN
    metric = "calls_answered_10s"
    months = 6


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    case = factory.SubFactory(CaseFactory)
    title = "Recruit call handlers"
    owner = "Head of contact management"
    due_on = datetime.date(2024, 6, 30)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = PPOGMeeting

    held_on = datetime.date(2024, 5, 14)
    attendees = factory.LazyFunction(lambda: ["HMI (chair)", "Home Office"])
    minutes = "The group discussed the force's improvement plan."


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = MeetingDecision

    meeting = factory.SubFactory(MeetingFactory)
    case = factory.SubFactory(CaseFactory)
    text = "Remain under PPOG oversight; revisit in three months."


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DocumentFactory(DjangoModelFactory):
    """A PDF attached to a meeting, stored under ENGAGE_DOCUMENTS_DIR (a test's own)."""

    class Meta:
        model = MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    kind = MeetingDocument.Kind.REVISIT_LETTER
    file = factory.django.FileField(filename="revisit.pdf", data=PDF)
    file_type = MeetingDocument.FileType.PDF
    original_name = "Revisit letter.pdf"
    size_bytes = len(PDF)
    sha256 = factory.LazyFunction(lambda: hashlib.sha256(PDF).hexdigest())


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    title = factory.Sequence(lambda n: f"PEEL 2023-25: an inspection of Durham Constabulary {n}")
    published_on = datetime.date(2024, 3, 1)
    url = "https://hmicfrs.justiceinspectorates.gov.uk/publications/peel-durham/"
    force = factory.LazyFunction(durham)


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation

    report = factory.SubFactory(ReportFactory)
    reference = factory.Sequence(lambda n: f"R{n}")
    text = "The force should answer 999 calls within 10 seconds."
    addressee = Recommendation.Addressee.FORCE
    force = factory.LazyAttribute(lambda r: r.report.force)


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Section55Response

    report = factory.SubFactory(ReportFactory)
    force = factory.LazyAttribute(lambda r: r.report.force)
    due_on = factory.LazyAttribute(lambda r: r.report.section_55_due_on)


class PeelGradeFactory(DjangoModelFactory):
    class Meta:
        model = PeelGrade

    force = factory.LazyFunction(durham)
    framework = Framework.PEEL_2023_25
    question = "Responding to the public"
    year = 2024
    grade = Grade.ADEQUATE


class SupportDecisionFactory(DjangoModelFactory):
    """Durham placed at level 3, with no evidence linked unless a test links some."""

    class Meta:
        model = SupportDecision

    force = factory.LazyFunction(durham)
    level = 3
    decided_on = datetime.date(2025, 3, 1)
    reasons = "Emergency calls answered too slowly for six months."


class ImprovementPlanFactory(DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    force = factory.LazyFunction(durham)
    received_on = datetime.date(2025, 4, 1)
    summary = "Recruit call handlers; review the deployment model."


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    plan = factory.SubFactory(ImprovementPlanFactory)
    title = "Recruit twenty call handlers"
    owner = "Head of contact management"
    due_on = datetime.date(2025, 9, 30)


class PlanReviewFactory(DjangoModelFactory):
    class Meta:
        model = PlanReview

    plan = factory.SubFactory(ImprovementPlanFactory)
    reviewed_on = datetime.date(2025, 5, 14)
    outcome = PlanReview.Outcome.ACCEPTED
