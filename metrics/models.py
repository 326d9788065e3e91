"""The metrics app's models, declared by subject: returns, records, observations and targets."""

from metrics.catalogue.models import MetricTarget
from metrics.datasets.records import RECORD_MODELS
from metrics.observations.models import Observation
from metrics.returns.models import CollectionStart, RecordingChange, Return, ReturnReminder

# One record model per dataset, built from the declarations (metrics/datasets/records.py).
globals().update({model.__name__: model for model in RECORD_MODELS.values()})

__all__ = [
    "CollectionStart",
    "MetricTarget",
    "Observation",
    "RecordingChange",
    "Return",
    "ReturnReminder",
    *(m.__name__ for m in RECORD_MODELS.values()),
]
