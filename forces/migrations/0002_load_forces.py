"""Load the 43 territorial forces from forces/data/ (see forces/data/README.md)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def read(name):
    with (DATA / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load(apps, schema_editor):
    Region = apps.get_model("forces", "Region")
    PolicingBody = apps.get_model("forces", "PolicingBody")
    Force = apps.get_model("forces", "Force")
    ForcePopulation = apps.get_model("forces", "ForcePopulation")
    forces = {}
    for row in read("forces.csv"):
        region, _ = Region.objects.get_or_create(name=row["region"])
        body = PolicingBody.objects.create(name=row["policing_body"],
                                           kind=row["policing_body_kind"])
        forces[row["slug"]] = Force.objects.create(
            slug=row["slug"], name=row["name"], ons_code=row["ons_code"],
            area_name=row["area_name"], country=row["country"], region=region,
            policing_body=body,
        )
    ForcePopulation.objects.bulk_create(
        ForcePopulation(force=forces[r["slug"]], year=int(r["year"]),
                        population=int(r["population"]), source=r["source"])
        for r in read("populations.csv")
    )


def unload(apps, schema_editor):
    for model in ["ForcePopulation", "Force", "PolicingBody", "Region"]:
        apps.get_model("forces", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("forces", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
