"""Engage's decisions and their rows in the access policy (added in engage.apps)."""

from enum import StrEnum

from accounts.access import ALL, NO, OWN, Rule, grants


class EngageDecision(StrEnum):
    READ_ENGAGE = "read_engage"
    CHANGE_ENGAGE = "change_engage"
    READ_PPOG_MEETINGS = "read_ppog_meetings"
    RESPOND_SECTION_55 = "respond_section_55"
    RECORD_SUPPORT_LEVEL = "record_support_level"


D = EngageDecision
# Columns: analyst, inspector, PCC, force data officer, administrator.
RULES = {
    D.READ_ENGAGE: Rule(
        "Read Engage cases, PEEL grades and recommendations", grants(ALL, ALL, OWN, NO, ALL)
    ),
    D.CHANGE_ENGAGE: Rule(
        "Change Engage cases, meetings, grades and recommendations",
        grants(NO, ALL, NO, NO, ALL),
        seen_through=D.READ_ENGAGE,
    ),
    D.READ_PPOG_MEETINGS: Rule(
        "Read PPOG meetings, their minutes and documents", grants(ALL, ALL, NO, NO, ALL)
    ),
    D.RESPOND_SECTION_55: Rule(
        "Write a section 55 response (and be reminded of it)",
        grants(NO, NO, OWN, NO, NO),
        seen_through=D.READ_ENGAGE,
    ),
    # The unit places forces at a level of support: read with Engage, recorded by the unit.
    D.RECORD_SUPPORT_LEVEL: Rule(
        "Record a force's level of support, its improvement plan and the plan's reviews",
        grants(ALL, NO, NO, NO, ALL),
        seen_through=D.READ_ENGAGE,
    ),
}
