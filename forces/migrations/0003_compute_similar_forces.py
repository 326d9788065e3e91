"""Compute the similar-forces groups from the reference data once, so that every install has
them; `manage.py compute_similar_forces` recomputes them and an official list can replace
them (`manage.py load_similar_forces`)."""

from django.db import migrations


def compute(apps, schema_editor):
    import numpy as np
    import pandas as pd

    from forces.services import FEATURES, SIMILARITY_VARIABLES
    from forces.similarity import similar_groups

    Force = apps.get_model("forces", "Force")
    SimilarForce = apps.get_model("forces", "SimilarForce")
    frame = pd.read_csv(FEATURES).set_index("slug")
    frame["log_population"] = np.log(frame["population_2011"])
    frame["log_density"] = np.log(frame["density_per_km2"])
    groups = similar_groups(frame[list(SIMILARITY_VARIABLES)], size=7)
    forces = {f.slug: f for f in Force.objects.all()}
    SimilarForce.objects.bulk_create(
        SimilarForce(force=forces[slug], similar=forces[other], rank=rank, source="computed")
        for slug, others in groups.items() for rank, other in enumerate(others, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("forces", "0002_load_forces")]
    operations = [migrations.RunPython(compute, migrations.RunPython.noop)]
