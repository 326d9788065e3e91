from django.apps import AppConfig


class EngageConfig(AppConfig):
    name = "engage"

    def ready(self):
        # Register the tasks in every process, not only in Celery workers.
        from config.figures import ENGAGE, figures_follow
        from engage import tasks  # noqa: F401

        # Every row of the Engage record, its history too: the profile keeps its standing.
        figures_follow(*self.get_models(), source=ENGAGE)
