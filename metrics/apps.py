from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"

    def ready(self):
        from config.figures import RETURNS, figures_follow
        from metrics.models import CollectionStart, Observation, RecordingChange, Return

        figures_follow(Observation, RecordingChange)
        figures_follow(Return, CollectionStart, source=RETURNS)
        # Register the tasks in every process, so that services can queue them by name.
        from metrics.returns import tasks  # noqa: F401
