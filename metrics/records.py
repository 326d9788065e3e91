"""Record models, one per dataset, built from the declarations in metrics/datasets.py."""

from django.db import models

from metrics.datasets import (
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


def _field(column: Column) -> models.Field:
    null = not column.required
    if column.type == TEXT:
        return models.CharField(
            max_length=column.max_length, blank=True, help_text=column.description
        )
    return {
        INTEGER: models.IntegerField,
        DECIMAL: models.FloatField,
        DATE: models.DateField,
        DATETIME: models.DateTimeField,
        BOOLEAN: models.BooleanField,
        MONTH: models.DateField,
    }[column.type](null=null, help_text=column.description)


def record_model(dataset: Dataset) -> type[models.Model]:
    attrs = {
        "__module__": "metrics.models",
        # Every row keeps the return that loaded it. No database-level constraint: loads are
        # set-based and a per-row foreign-key check would dominate their cost; rows are only
        # written by the engine, inside the transaction that owns the return.
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
    for column in dataset.columns:
        if column.field != dataset.force_field or dataset.force_match == "name":
            attrs[column.field] = _field(column)
    return type(dataset.model_name, (models.Model,), attrs)


RECORD_MODELS: dict[str, type[models.Model]] = {
    code: record_model(dataset) for code, dataset in DATASETS.items()
}
