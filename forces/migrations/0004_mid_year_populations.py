"""Populations by year: ONS mid-year estimates by police force area, mid-2011 to mid-2024
(forces/data/mid_year_populations.csv, see forces/data/README.md). They replace the Census
2011 figures, so that a rate uses the population of its own year."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with (DATA / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _replace(apps, name):
    Force = apps.get_model("forces", "Force")
    ForcePopulation = apps.get_model("forces", "ForcePopulation")
    forces = {f.slug: f for f in Force.objects.all()}
    ForcePopulation.objects.all().delete()
    ForcePopulation.objects.bulk_create(
        ForcePopulation(
            force=forces[r["slug"]],
            year=int(r["year"]),
            population=int(r["population"]),
            source=r["source"],
        )
        for r in _rows(name)
    )


def load(apps, schema_editor):
    _replace(apps, "mid_year_populations.csv")


def unload(apps, schema_editor):
    _replace(apps, "populations.csv")


class Migration(migrations.Migration):
    dependencies = [("forces", "0003_compute_similar_forces")]
    operations = [migrations.RunPython(load, unload)]
