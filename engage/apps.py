from django.apps import AppConfig


class EngageConfig(AppConfig):
    name = "engage"

    def ready(self):
        # Engage's decisions in the access policy, and its page in the navigation.
        from accounts import access, navigation
        from engage.policy import RULES, EngageDecision

        access.policy_add(RULES)
        navigation.navigation_add(
            "Engage", "engage-case-list", EngageDecision.READ_ENGAGE, before="tokens"
        )
        # Register the tasks in every process, not only in Celery workers.
        from engage import tasks  # noqa: F401
        from engage.sources import ENGAGE

        # Every row of the Engage record, its history too: the profile keeps its standing.
        ENGAGE.follow(*self.get_models())
        # Its parts of oversight's pages: the force's standing and level of support, a flag's
        # case.
        from engage import parts
        from oversight.parts import FLAG, PROFILE, part_add

        part_add(PROFILE, parts.force_standing)
        part_add(PROFILE, parts.support_standing)
        part_add(FLAG, parts.flag_case)
