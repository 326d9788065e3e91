from django.apps import AppConfig


class NeighbourhoodConfig(AppConfig):
    name = "neighbourhood"

    def ready(self):
        # The register's decision in the access policy, the page in the navigation, and the
        # force profile's "Neighbourhood policing" section's part.
        from accounts import access, navigation
        from accounts.access import Decision
        from metrics.catalogue import NEIGHBOURHOOD
        from neighbourhood import parts
        from neighbourhood.policy import RULES
        from oversight.parts import area_part_add

        access.policy_add(RULES)
        navigation.navigation_add(
            "Neighbourhood policing", "neighbourhood-guarantee", Decision.SEE_FORCE, before="tokens"
        )
        area_part_add(NEIGHBOURHOOD, parts.profile_part)
        # The register is drawn in the profile's kept section: a change renders it anew.
        from forces.sources import FIGURES
        from neighbourhood.models import AsbActionPlan, AsbLead

        FIGURES.follow(AsbLead, AsbActionPlan)
