"""The seven datasets forces return, declared once.

Each declaration gives the file's columns (header, type, required, allowed values), the rules
its rows must keep, the unique key, and the record model its rows load into (built from the
declaration in records.py). One engine (metrics/ingest/) validates and loads them all, and the
API (api.py) publishes them as versioned schemas with a data dictionary.
"""

from metrics.datasets.columns import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    FALSE_VALUES,
    INTEGER,
    MONTH,
    TEXT,
    TRUE_VALUES,
    Column,
    Compare,
    Dataset,
    RequiredUnless,
)
from metrics.datasets.declarations import DATASET_CHOICES, DATASETS

__all__ = [
    "BOOLEAN",
    "DATASETS",
    "DATASET_CHOICES",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "FALSE_VALUES",
    "INTEGER",
    "MONTH",
    "TEXT",
    "TRUE_VALUES",
    "Column",
    "Compare",
    "Dataset",
    "RequiredUnless",
]
