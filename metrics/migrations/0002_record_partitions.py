"""Make every record table a parent partitioned by return.

Each loaded return then owns one partition (metrics/ingest/partitions.py). The parent's key
becomes (return_id, id), which also serves lookups by return.
"""

from django.db import migrations

from metrics.datasets.records import RECORD_MODELS


# The datasets of 0001: those declared since are created by their own migrations.
FIRST_DATASETS = (
    "street_crime",
    "recorded_crime",
    "emergency_calls",
    "incident_response",
    "workforce",
    "misconduct_cases",
    "vetting_decisions",
)


def partition(apps, schema_editor):
    for code in FIRST_DATASETS:
        table = RECORD_MODELS[code]._meta.db_table
        schema_editor.execute(f"ALTER TABLE {table} RENAME TO {table}_plain")
        schema_editor.execute(
            f"CREATE TABLE {table} (LIKE {table}_plain INCLUDING DEFAULTS) "
            "PARTITION BY LIST (return_id)"
        )
        schema_editor.execute(f"DROP TABLE {table}_plain")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY (return_id, id)"
        )


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]
