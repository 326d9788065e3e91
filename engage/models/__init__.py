"""The engage app's models, declared by subject: cases, PPOG meetings, PEEL grades, reports
and section 55 responses."""

from engage.models.cases import (
    Case,
    CaseTransition,
    CauseOfConcern,
    ExitCriterion,
    ImprovementAction,
    State,
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

__all__ = [
    "Case",
    "CaseTransition",
    "CauseOfConcern",
    "ExitCriterion",
    "Framework",
    "Grade",
    "ImprovementAction",
    "MeetingDecision",
    "MeetingDocument",
    "PPOGMeeting",
    "PeelGrade",
    "Recommendation",
    "RecommendationResponse",
    "Report",
    "Section55Reminder",
    "Section55Response",
    "State",
]
