"""The neighbourhood app's part of the force profile's "Neighbourhood policing" section
(registered in neighbourhood.apps through oversight.parts): the force's uplift since 31 March
2025 and its ASB register at a glance, linked to the guarantee page and the register."""

from django.template.loader import render_to_string

from accounts import access
from accounts.access import Decision
from neighbourhood import guarantee, selectors


def profile_part(user, force) -> str:
    if not access.allows(user, Decision.SEE_FIGURES, force):
        return ""
    uplift = guarantee.force_uplifts(user, [force])
    row = selectors.register_rows(user, [force])
    return render_to_string(
        "neighbourhood/includes/profile_part.html",
        {"force": force, "uplift": uplift[0] if uplift else None, "row": row[0] if row else None},
    )
