"""Writes of reference data."""

import csv
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from forces.models import Force, SimilarForce
from forces.similarity import similar_groups
from forces.sources import FIGURES

SIMILAR_FORCES_COLUMNS = ["force", "similar", "rank"]


def similar_forces_load_csv(*, text: str, source: str = SimilarForce.Source.OFFICIAL) -> int:
    """Replace the similar-forces groups of every force named in the CSV.

    Columns: force, similar, rank (forces by data.police.uk id). The whole file is checked
    before anything is written; an error names the line and what is wrong.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if (
        reader.fieldnames is None
        or [c.strip() for c in reader.fieldnames] != SIMILAR_FORCES_COLUMNS
    ):
        raise ValidationError(
            f"The header must be exactly {','.join(SIMILAR_FORCES_COLUMNS)}, "
            f"not {','.join(reader.fieldnames or [])}"
        )
    forces = {f.slug: f for f in Force.objects.all()}
    rows, errors = [], []
    for line, row in enumerate(reader, start=2):
        force, similar = forces.get(row["force"].strip()), forces.get(row["similar"].strip())
        if force is None or similar is None:
            unknown = row["force"] if force is None else row["similar"]
            errors.append(f"line {line}: unknown force {unknown!r}")
            continue
        if force == similar:
            errors.append(f"line {line}: {force.slug} cannot be similar to itself")
            continue
        try:
            rank = int(row["rank"])
        except (TypeError, ValueError):
            errors.append(f"line {line}: rank must be a whole number, not {row['rank']!r}")
            continue
        rows.append(SimilarForce(force=force, similar=similar, rank=rank, source=source))
    seen = set()
    for r in rows:
        for key in [(r.force_id, r.similar_id), (r.force_id, "rank", r.rank)]:
            if key in seen:
                errors.append(f"{r.force.slug}: {r.similar.slug} or rank {r.rank} given twice")
            seen.add(key)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("The file has no rows")
    with transaction.atomic():
        SimilarForce.objects.filter(force__in={r.force_id for r in rows}, source=source).delete()
        SimilarForce.objects.bulk_create(rows)
        FIGURES.changed()
    return len(rows)


FEATURES = Path(__file__).resolve().parent / "data" / "features.csv"
# Nearest neighbours on these standardised reference variables. Population and density are
# logged so that the Metropolitan Police does not swamp the scale.
SIMILARITY_VARIABLES = (
    "log_population",
    "log_density",
    "share_white",
    "share_asian",
    "share_black",
)


def similarity_features():
    """The standardisable reference variables of each force, as a DataFrame indexed by slug."""
    import numpy as np
    import pandas as pd

    frame = pd.read_csv(FEATURES).set_index("slug")
    frame["log_population"] = np.log(frame["population_2011"])
    frame["log_density"] = np.log(frame["density_per_km2"])
    return frame[list(SIMILARITY_VARIABLES)]


@transaction.atomic
def similar_forces_compute(*, size: int = 7) -> int:
    """Replace the computed similar-forces groups with each force's `size` nearest forces on
    the reference variables (an administrator's official list, where loaded, is kept and
    preferred)."""
    groups = similar_groups(similarity_features(), size=size)
    forces = {f.slug: f for f in Force.objects.all()}
    rows = [
        SimilarForce(
            force=forces[slug],
            similar=forces[other],
            rank=rank,
            source=SimilarForce.Source.COMPUTED,
        )
        for slug, others in groups.items()
        for rank, other in enumerate(others, start=1)
    ]
    SimilarForce.objects.filter(source=SimilarForce.Source.COMPUTED).delete()
    SimilarForce.objects.bulk_create(rows)
    FIGURES.changed()
    return len(rows)
