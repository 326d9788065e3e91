from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"

    def ready(self):
        # Register the tasks in every process, not only in Celery workers.
        from oversight.flags import tasks  # noqa: F401
