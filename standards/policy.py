"""The standards pages' decisions and their rows in the access policy (added in
standards.apps)."""

from enum import StrEnum

from accounts.access import ALL, NO, OWN, Rule, grants


class StandardsDecision(StrEnum):
    READ_STANDARDS = "read_standards"
    READ_CASE_REFERENCES = "read_case_references"


D = StandardsDecision
# Columns: analyst, inspector, PCC, force data officer, administrator.
RULES = {
    D.READ_STANDARDS: Rule(
        "Read professional standards: misconduct and vetting pages (PCC: counts under 5 "
        "suppressed)",
        grants(ALL, ALL, OWN, NO, ALL),
    ),
    # Case references name people's cases: the unit and the inspectorate only (issue 21),
    # not the system staff who administer the service.
    D.READ_CASE_REFERENCES: Rule(
        "See misconduct case references (oldest open cases, barred-list notifications due)",
        grants(ALL, ALL, NO, NO, NO),
        seen_through=D.READ_STANDARDS,
    ),
}
