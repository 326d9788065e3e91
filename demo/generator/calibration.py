"""Calibration: the published figures, force by force, that generated volumes are built on.

calibration.csv holds one row per force, keyed by its data.police.uk id (forces/data/), and is
rebuilt by hand with build_calibration.py from shared/data/real (that script's docstring names
every source file and table). Its columns:

- population: ONS mid-2024 population estimate of the force area;
- recorded_crime: police recorded crime excluding fraud, year ending June 2025 (ONS table C2),
  then its headline offence subgroups (C2_SUBGROUPS), which sum to it;
- knife_offences: knife or sharp instrument offences, selected offences, year ending June 2019
  (ONS table P4): used as each force's share of the national figure;
- officers_fte: police officers FTE, 30 September 2019 (Home Office workforce table 1): used
  as each force's share of the national figure;
- street_crimes, street_asb: data.police.uk street-level rows, January to April 2024, crimes
  and anti-social behaviour, for the forces whose files are held (blank for the others).

Only the figures live here; volumes.py, recorded_crime.py and street_crime.py turn them into
each force's expected monthly volumes.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CALIBRATION_CSV = Path(__file__).with_name("calibration.csv")

# ONS table C2's headline offence subgroups (year ending June 2025), in the CSV's order.
C2_SUBGROUPS = (
    "homicide",
    "violence_with_injury",  # with death or serious injury caused by illegal driving
    "violence_without_injury",
    "stalking_harassment",
    "sexual_offences",
    "robbery",
    "burglary_residential",
    "burglary_non_residential",
    "vehicle_offences",
    "theft_from_person",
    "bicycle_theft",
    "shoplifting",
    "other_theft",
    "criminal_damage_arson",
    "drug_offences",
    "weapons_possession",
    "public_order",
    "miscellaneous",
)


@dataclass(frozen=True)
class ForceFigures:
    """One force's row of calibration.csv."""

    slug: str
    ons_code: str
    population: int
    recorded_crime: int  # a year, excluding fraud
    subgroups: tuple[int, ...]  # a year, in C2_SUBGROUPS order
    knife_offences: int
    officers_fte: float
    street_crimes: int | None  # January to April 2024
    street_asb: int | None


def _optional(text: str) -> int | None:
    return int(text) if text.strip() else None


@lru_cache(maxsize=1)
def calibration() -> dict[str, ForceFigures]:
    """Every force's figures by data.police.uk id, read once."""
    with CALIBRATION_CSV.open(newline="", encoding="utf-8") as f:
        return {
            row["slug"]: ForceFigures(
                slug=row["slug"],
                ons_code=row["ons_code"],
                population=int(row["population"]),
                recorded_crime=int(row["recorded_crime"]),
                subgroups=tuple(int(row[s]) for s in C2_SUBGROUPS),
                knife_offences=int(row["knife_offences"]),
                officers_fte=float(row["officers_fte"]),
                street_crimes=_optional(row["street_crimes"]),
                street_asb=_optional(row["street_asb"]),
            )
            for row in csv.DictReader(f)
        }


def figures(slug: str) -> ForceFigures | None:
    """The force's calibration figures, or None for a force not in the file."""
    return calibration().get(slug)


def national(field: str) -> float:
    """The sum of a numeric field over every force."""
    return float(sum(getattr(f, field) for f in calibration().values()))


@lru_cache(maxsize=1)
def national_subgroups() -> tuple[int, ...]:
    """C2's subgroups summed over every force (the mix of a force not in the file)."""
    rows = [f.subgroups for f in calibration().values()]
    return tuple(sum(column) for column in zip(*rows, strict=True))
