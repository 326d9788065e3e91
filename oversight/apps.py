from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"

    def ready(self):
        # Register the tasks in every process, not only in Celery workers.
        from forces.sources import FIGURES
        from oversight.assessments.models import Assessment
        from oversight.flags import tasks  # noqa: F401
        from oversight.flags.models import Flag
        from oversight.sources import FLAGS

        FIGURES.follow(Assessment)
        FLAGS.follow(Flag)
