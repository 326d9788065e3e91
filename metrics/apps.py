from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"

    def ready(self):
        from forces.sources import FIGURES
        from metrics.models import (
            CollectionStart,
            MetricTarget,
            Observation,
            RecordingChange,
            Return,
        )
        from metrics.observations.refresh import observations_refresh
        from metrics.returns import services
        from metrics.sources import RETURNS

        # A target set or changed changes the verdicts and charts of every page over the figures.
        FIGURES.follow(Observation, RecordingChange, MetricTarget)
        RETURNS.follow(Return, CollectionStart)
        # A load refreshes its force-month's figures in its own transaction.
        services.figures_refreshed_by(observations_refresh)
        # Register the tasks in every process, so that services can queue them by name.
        from metrics.returns import tasks  # noqa: F401
