"""Make every record table a parent partitioned by return.

Each loaded return then owns one partition (metrics/ingest/partitions.py). The parent's key
becomes (return_id, id), which also serves lookups by return.
"""

from django.db import migrations

# The record tables of the time, by name: a dataset declared later makes its own table
# partitioned in the migration that creates it.
TABLES = (
    "metrics_streetcrimerecord",
    "metrics_recordedcrimerecord",
    "metrics_emergencycallrecord",
    "metrics_incidentresponserecord",
    "metrics_workforcerecord",
    "metrics_misconductcaserecord",
    "metrics_vettingdecisionrecord",
)


def partition(apps, schema_editor):
    for table in TABLES:
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
