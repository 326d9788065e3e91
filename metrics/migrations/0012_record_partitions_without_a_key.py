"""Record tables keep no key: every read of records is by return, which reaches the return's
partition alone and reads it whole, and each row's id is its line in the file, unique in the
partition by construction. Building the key was most of the cost of attaching a partition
(docs/decisions/0001-loading-returns.md)."""

from django.db import migrations

PARTITIONED = (
    "metrics_streetcrimerecord",
    "metrics_recordedcrimerecord",
    "metrics_emergencycallrecord",
    "metrics_incidentresponserecord",
    "metrics_misconductcaserecord",
    "metrics_vettingdecisionrecord",
)


def drop_keys(apps, schema_editor):
    for table in PARTITIONED:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_pkey")


class Migration(migrations.Migration):
    dependencies = [("metrics", "0011_kinds_default_in_the_database")]
    operations = [migrations.RunPython(drop_keys, migrations.RunPython.noop)]
