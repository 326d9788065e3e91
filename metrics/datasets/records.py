"""Record models, one per dataset, built from the dataset declarations."""

from django.db import models

from metrics.datasets import (
    AGGREGATES,
    BOOLEAN,
    DATASETS,
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    MONTH,
    TEXT,
    Column,
    Dataset,
)


def _field(column: Column, *, added: bool = False) -> models.Field:
    """A column's field; one `added` after the schema's first version is null in the rows of
    returns of earlier versions, which do not have it."""
    null = added or not column.required
    if column.type in (TEXT, MONTH):
        length = 7 if column.type == MONTH else column.max_length
        return models.CharField(
            max_length=length, blank=True, null=added, help_text=column.description
        )
    return {
        INTEGER: models.IntegerField,
        DECIMAL: models.FloatField,
        DATE: models.DateField,
        DATETIME: models.DateTimeField,
        BOOLEAN: models.BooleanField,
    }[column.type](null=null, help_text=column.description)


def record_model(dataset: Dataset) -> type[models.Model]:
    attrs = {
        "__module__": "metrics.models",
        # Every row keeps the return that loaded it. No database-level constraint: a per-row
        # foreign-key check would dominate the cost of a load, and rows are only written by
        # the engine, inside the transaction that owns the return. On PostgreSQL the column
        # defaults to the transaction's fpo.return_id setting, so COPY can fill it.
        "source_return": models.ForeignKey(
            "metrics.Return",
            on_delete=models.DO_NOTHING,
            db_constraint=False,
            related_name="+",
            db_column="return_id",
        ),
        "Meta": type("Meta", (), {"verbose_name": f"{dataset.name} record"}),
        "__str__": lambda self: f"{dataset.code} row of return {self.source_return_id}",
    }
    first = {c.field for c in dataset.versions[0].columns}
    for column in dataset.columns:
        attrs[column.field] = _field(column, added=column.field not in first)
    return type(dataset.model_name, (models.Model,), attrs)


RECORD_MODELS: dict[str, type[models.Model]] = {
    code: record_model(dataset) for code, dataset in DATASETS.items()
}
# The tables of aggregate returns, apart: migration 0002 partitioned the record tables above.
AGGREGATE_MODELS: dict[str, type[models.Model]] = {
    code: record_model(dataset) for code, dataset in AGGREGATES.items()
}


def model_of(dataset: Dataset) -> type[models.Model]:
    """The table a declaration's rows load into."""
    return (AGGREGATE_MODELS if dataset.twin_of else RECORD_MODELS)[dataset.code]
