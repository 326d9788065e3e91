"""The neighbourhood pages' decision and its row in the access policy (added in
neighbourhood.apps). Reading the register is seeing the force (SEE_FORCE); the guarantee page
over the figures is SEE_FIGURES."""

from enum import StrEnum

from accounts.access import ALL, NO, OWN, Decision, Rule, grants


class NeighbourhoodDecision(StrEnum):
    RECORD_ASB_REGISTER = "record_asb_register"


RULES = {
    # A force keeps its own register; the unit may correct any force's.
    NeighbourhoodDecision.RECORD_ASB_REGISTER: Rule(
        "Record a force's anti-social behaviour lead and action plans",
        grants(ALL, NO, NO, OWN, ALL),
        seen_through=Decision.SEE_FORCE,
    ),
}
