"""The nine datasets forces return, declared once, with the aggregate twins of six.

Each declaration gives the file's columns (header, type, required, allowed values), the rules
its rows must keep, the unique key, and the record model its rows load into (built from the
declaration in records.py). One engine (metrics/ingest/) validates and loads them all, and the
API (api.py) publishes them as versioned schemas with a data dictionary.
"""

from dataclasses import replace

from metrics.datasets.aggregates import AGGREGATES
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
    Bands,
    Column,
    Compare,
    Dataset,
    Deadline,
    RequiredUnless,
    Requires,
)
from metrics.datasets.declarations import DATASET_CHOICES
from metrics.datasets.declarations import DATASETS as _RECORD_LEVEL

# Each record-level dataset with its aggregate twin, where it has one.
DATASETS: dict[str, Dataset] = {
    code: replace(d, aggregate=AGGREGATES.get(f"{code}_aggregate"))
    for code, d in _RECORD_LEVEL.items()
}
KINDS = ("records", "aggregate")


def declaration_of(dataset: str, kind: str = "records") -> Dataset:
    """The declaration a return of the dataset, of this kind, is checked and loaded by: the
    latest version of its schema (the file's header picks an earlier one, version_for_header)."""
    declared = DATASETS[dataset]
    if kind == "records":
        return declared
    if kind == "aggregate" and declared.aggregate is not None:
        return declared.aggregate
    raise KeyError(f"{dataset} has no {kind} returns")


__all__ = [
    "AGGREGATES",
    "BOOLEAN",
    "Bands",
    "KINDS",
    "declaration_of",
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
    "Deadline",
    "RequiredUnless",
    "Requires",
]
