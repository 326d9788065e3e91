"""The gate over typed rows answers exactly as the OR of every check would: for each column of
each declaration, its short test is true for the same cells as the checks it replaces."""

from types import SimpleNamespace

import pytest
from django.db import connection

from metrics.datasets import AGGREGATES, DATASETS
from metrics.ingest.checks import _column_gate, cell_checks, force_check, gate, period_check
from metrics.ingest.dialects import PostgresTyped

pytestmark = pytest.mark.django_db

PERIOD = "2024-03"
FORCES = [
    SimpleNamespace(name="Durham Constabulary", slug="durham"),
    SimpleNamespace(name="Devon & Cornwall Police", slug="devon-and-cornwall"),
]
DECLARATIONS = [*DATASETS.values(), *AGGREGATES.values()]


def cells(dataset, column, force) -> list[str]:
    """Text cells near every boundary the checks draw: empty, formula-like, each allowed value
    and near misses, the force's name and slug written several ways, months."""
    found = [
        "",
        " ",
        "x",
        "+1",
        "-1",
        "=A1",
        "@SUM",
        "&",
        "a+",
        "1",
        "2024-03",
        "2024-02",
        "2024-3",
    ]
    found += [force.name, force.slug, force.name.replace("&", "and"), force.name.upper()]
    found += [force.name.replace(" & ", " and "), force.name.replace("and", "&")]
    found += [force.name + " ", "+" + force.name, force.slug + "x"]
    for choice in column.choices:
        found += [choice, choice.lower(), choice + " ", "+" + choice]
    return found


def per_column_cases():
    for dataset in DECLARATIONS:
        for column in dataset.columns:
            for n, force in enumerate(FORCES):
                yield pytest.param(dataset, column, force, id=f"{dataset.code}-{column.field}-{n}")


@pytest.mark.parametrize("dataset, column, force", per_column_cases())
def test_each_columns_short_test_is_its_checks(dataset, column, force):
    short = _column_gate(dataset, column, force=force, period=PERIOD)
    if short is None:
        return  # the column keeps its checks unchanged
    source = PostgresTyped()
    checks = cell_checks(source, column)
    if column.field == dataset.period_field:
        checks.append(period_check(source, dataset, column, PERIOD))
    if column.field == dataset.force_field:
        checks.append(force_check(source, dataset, column, force))
    full = " OR ".join(f"({c.bad})" for c in checks) or "false"
    values = cells(dataset, column, force)
    rows = " UNION ALL ".join(f"SELECT %s::text AS {column.field}" for _ in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column.field}, COALESCE({short}, false), COALESCE({full}, false) "
            f"FROM ({rows}) AS cells",
            values,
        )
        differ = [(v, a, b) for v, a, b in cursor.fetchall() if a != b]
    assert differ == []


@pytest.mark.parametrize("dataset", DECLARATIONS, ids=lambda d: d.code)
def test_the_gate_is_well_formed_sql_for_every_declaration(dataset):
    from metrics.datasets.records import model_of

    predicate = gate(PostgresTyped(), dataset, force=FORCES[1], period=PERIOD)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {model_of(dataset)._meta.db_table} WHERE {predicate}")
        assert cursor.fetchone()[0] == 0
