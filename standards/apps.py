from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "standards"

    def ready(self):
        # The standards decisions in the access policy, and its page in the navigation.
        from accounts import access, navigation
        from standards.policy import RULES, StandardsDecision

        access.policy_add(RULES)
        navigation.navigation_add(
            "Professional standards",
            "standards-national",
            StandardsDecision.READ_STANDARDS,
            before="tokens",
        )
        # The link from the force profile's "Misconduct and vetting" section.
        from metrics.catalogue import STANDARDS
        from oversight.parts import area_part_add
        from standards import parts

        area_part_add(STANDARDS, parts.profile_link)
