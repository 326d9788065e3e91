"""Writes of reference data."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from forces.models import Force, SimilarForce

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
    return len(rows)
