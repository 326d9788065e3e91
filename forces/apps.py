from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "forces"
    verbose_name = "Forces and reference data"

    def ready(self):
        from config.figures import figures_follow
        from forces.models import Force, Region, SimilarForce

        figures_follow(Force, Region, SimilarForce)
