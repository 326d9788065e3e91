from django.apps import AppConfig


class EngageConfig(AppConfig):
    name = "engage"

    def ready(self):
        # Register the tasks in every process, not only in Celery workers.
        from engage import tasks  # noqa: F401
