"""Each force area's residents by ethnic group at the 2011 Census (forces/data/
ethnic_group_populations.csv, built by build_reference.py): the populations the stop and search
disproportionality ratios divide by. The latest count by ethnic group held by police force area;
read from the committed file, never from the published source at run time."""

import csv
from functools import lru_cache
from pathlib import Path

GROUP_POPULATIONS = Path(__file__).resolve().parent / "data" / "ethnic_group_populations.csv"
GROUPS = ("white", "mixed", "asian", "black", "other")
CENSUS_YEAR = 2011


@lru_cache(maxsize=1)
def _populations() -> dict[str, dict[str, int]]:
    with GROUP_POPULATIONS.open(newline="", encoding="utf-8") as f:
        return {row["slug"]: {g: int(row[g]) for g in GROUPS} for row in csv.DictReader(f)}


def group_population(slug: str, group: str) -> int | None:
    """Usual residents of the force area in the ethnic group (one of GROUPS); None for a force
    the Census file does not hold."""
    if group not in GROUPS:
        raise ValueError(f"unknown ethnic group {group!r}; known: {', '.join(GROUPS)}")
    found = _populations().get(slug)
    return found[group] if found else None
