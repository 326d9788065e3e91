from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"

    def ready(self):
        # Register the tasks in every process, not only in Celery workers.
        from config.figures import FLAGS, figures_follow
        from oversight.assessments.models import Assessment
        from oversight.flags import tasks  # noqa: F401
        from oversight.flags.models import Flag

        figures_follow(Assessment)
        figures_follow(Flag, source=FLAGS)
