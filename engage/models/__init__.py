"""The engage app's models, declared by subject: cases, PPOG meetings, PEEL grades, reports
and section 55 responses, and levels of support with their improvement plans."""

from engage.models.cases import (
    Case,
    CaseTransition,
    CauseOfConcern,
    ExitCriterion,
    ImprovementAction,
    State,
    TrackedAction,
)
from engage.models.meetings import MeetingDecision, MeetingDocument, PPOGMeeting
from engage.models.peel import Framework, Grade, PeelGrade
from engage.models.reports import (
    Recommendation,
    RecommendationResponse,
    Report,
    Section55Reminder,
    Section55Response,
)
from engage.models.support import (
    PLAN_LEVELS,
    ImprovementPlan,
    Level,
    PlanAction,
    PlanReview,
    SupportDecision,
)

__all__ = [
    "Case",
    "CaseTransition",
    "CauseOfConcern",
    "ExitCriterion",
    "Framework",
    "Grade",
    "ImprovementAction",
    "ImprovementPlan",
    "Level",
    "MeetingDecision",
    "MeetingDocument",
    "PPOGMeeting",
    "PLAN_LEVELS",
    "PeelGrade",
    "PlanAction",
    "PlanReview",
    "Recommendation",
    "RecommendationResponse",
    "Report",
    "Section55Reminder",
    "Section55Response",
    "State",
    "SupportDecision",
    "TrackedAction",
]
