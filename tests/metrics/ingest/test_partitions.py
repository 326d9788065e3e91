"""A return's rows go into a partition of their own, return_id and id first and no index,
written frozen when they can be, and the planner knows the partition's rows are all the
return's."""

from pathlib import Path

import pytest
from django.db import connection, transaction

from forces.models import Force
from metrics.datasets import DATASETS
from metrics.datasets.records import RECORD_MODELS
from metrics.ingest import engine

pytestmark = pytest.mark.django_db

ROWS = 300
RID = 990001


def street_file(tmp_path) -> Path:
    dataset = DATASETS["street_crime"]
    path = tmp_path / "street.csv"
    row = "abc,2024-03,Durham Constabulary,Durham Constabulary,-1.5,54.7,On or near X,E01000001,"
    row += "County Durham 001A,Burglary,Under investigation,\n"
    path.write_text(",".join(dataset.headers) + "\n" + row * ROWS)
    return path


def load(path):
    return engine.copy_typed(
        DATASETS["street_crime"],
        path,
        table=RECORD_MODELS["street_crime"]._meta.db_table,
        return_id=RID,
        force=Force.objects.get(slug="durham"),
        period="2024-03",
        progress=lambda fraction: None,
    )


def frozen_rows(table: str) -> int:
    # HEAP_XMIN_FROZEN is HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID: 0x0300 of t_infomask.
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute(
            "SELECT count(*) FROM generate_series(0, pg_relation_size(%s) / 8192 - 1) AS b, "
            "heap_page_items(get_raw_page(%s, b::int)) WHERE t_infomask & 768 = 768",
            [table, table],
        )
        return cursor.fetchone()[0]


def test_rows_are_written_frozen_and_the_return_id_is_known_to_the_planner(tmp_path):
    outcome = load(street_file(tmp_path))
    assert outcome.rows_total == ROWS
    table = f"{RECORD_MODELS['street_crime']._meta.db_table}_r{RID}"
    assert frozen_rows(table) == ROWS
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN SELECT count(*) FROM {table} WHERE return_id = {RID}")
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert f"rows={ROWS}" in plan


def test_the_partition_has_the_record_tables_columns_return_id_and_id_first_and_no_index(
    tmp_path,
):
    load(street_file(tmp_path))
    parent = RECORD_MODELS["street_crime"]._meta.db_table

    def columns(table):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, format_type(atttypid, atttypmod), attnotnull, attcollation "
                "FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                "AND NOT attisdropped ORDER BY attnum",
                [table],
            )
            return cursor.fetchall()

    ours = columns(f"{parent}_r{RID}")
    assert [c[0] for c in ours[:2]] == ["return_id", "id"]
    assert sorted(ours) == sorted(columns(parent))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_index WHERE indrelid = %s::regclass", [f"{parent}_r{RID}"]
        )
        assert cursor.fetchone()[0] == 0  # every read is of the return's rows, whole


def test_an_open_cursor_in_the_transaction_loads_the_rows_unfrozen(tmp_path):
    path = street_file(tmp_path)
    with transaction.atomic(), connection.chunked_cursor() as open_cursor:
        open_cursor.execute("SELECT id FROM forces_force")
        open_cursor.fetchone()
        outcome = load(path)
    assert outcome.rows_total == ROWS
    model = RECORD_MODELS["street_crime"]
    assert model.objects.filter(source_return_id=RID).count() == ROWS
