"""A force's standing in Engage, for its profile: the open case and its state, the causes of
concern still open (a cause can outlive its case), and the latest PEEL grades. Three queries."""

from dataclasses import dataclass

from accounts import access
from engage.models import Case, CauseOfConcern, PeelGrade
from engage.policy import EngageDecision


@dataclass
class EngageStatus:
    case: Case | None  # the force's open case
    open_causes: list[CauseOfConcern]
    framework: str  # the framework of the latest grades, "" with none
    grades: list[PeelGrade]


def engage_status(user, force) -> EngageStatus | None:
    """None for a user who does not see the force's Engage record."""
    if not access.allows(user, EngageDecision.READ_ENGAGE, force.pk):
        return None
    # The policy has allowed this force's record: its rows need no scoping by the user again.
    case = Case.objects.filter(force=force, closed_at=None).first()
    causes = list(
        CauseOfConcern.objects.filter(case__force=force, status=CauseOfConcern.Status.OPEN)
        .select_related("case")
        .order_by("opened_on", "pk")
    )
    grades = list(PeelGrade.objects.filter(force=force).order_by("-year", "question"))
    latest = grades[0] if grades else None
    if latest is not None:
        grades = [g for g in grades if (g.framework, g.year) == (latest.framework, latest.year)]
    return EngageStatus(case, causes, latest.get_framework_display() if latest else "", grades)
