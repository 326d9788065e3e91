from django.db import migrations, models


def versions_from_reports(apps, schema_editor):
    """Returns loaded before the field: the version their validation report names, else 1
    (the only version there was)."""
    Return = apps.get_model("metrics", "Return")
    Return.objects.filter(status="loaded").update(schema_version=1)
    for pk, report in Return.objects.filter(
        status="loaded", report__has_key="schema_version"
    ).values_list("pk", "report"):
        Return.objects.filter(pk=pk).update(schema_version=int(report["schema_version"]))


class Migration(migrations.Migration):
    dependencies = [("metrics", "0013_misconduct_vetting_v2")]

    operations = [
        migrations.AddField(
            model_name="return",
            name="schema_version",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="The version of the dataset's schema the loaded file followed (its "
                "header decides); blank until it loads, or for rows written without the "
                "engine: the latest",
                null=True,
            ),
        ),
        migrations.RunPython(versions_from_reports, migrations.RunPython.noop),
    ]
