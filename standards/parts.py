"""The standards app's parts of oversight's pages (registered in standards.apps through
oversight.parts): the link from a force profile's "Misconduct and vetting" section to the
force's standards page, for those who may read it."""

from django.template.loader import render_to_string

from accounts import access
from standards.policy import StandardsDecision


def profile_link(user, force) -> str:
    if not access.allows(user, StandardsDecision.READ_STANDARDS, force):
        return ""
    return render_to_string("standards/includes/profile_link.html", {"force": force})
