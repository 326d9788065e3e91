from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "forces"
    verbose_name = "Forces and reference data"

    def ready(self):
        from forces.models import Force, Region, SimilarForce
        from forces.sources import FIGURES

        FIGURES.follow(Force, Region, SimilarForce)
