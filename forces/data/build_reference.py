"""Rebuild the reference CSVs in this folder from the published source files.

Run from the repository root with the source folder as argument:
    python forces/data/build_reference.py ../shared/data/real

Sources (see each folder's PROVENANCE.md):
- forces_reference/pfa22_to_datapoliceuk_id.csv: ONS PFA22 code and name to data.police.uk id,
  checked here against forces_reference/ons_pfa_dec2022_simplified.geojson (ONS codes) and
  forces_reference/crime-uk_forces.csv (ids). The `Population 2010` column of crime-uk_forces.csv
  is misaligned in the source and is deliberately not used.
- police_workforce/officer-fte/2019.csv: Home Office region subtotal rows precede their forces.
- pfa_population_census2011/force-demographics.csv: Census 2011 usual residents by PFA, in all
  and by ethnic group (the five groups, for features.csv and ethnic_group_populations.csv).
- Local policing bodies are not published in the sources; they are entered here from the
  Home Office list of local policing bodies (2024 elections) and can be edited by an administrator.
"""

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Region names as the Home Office workforce tables spell them, mapped to ONS region names.
REGIONS = {
    "North East": "North East",
    "North West": "North West",
    "Yorkshire and the Humber": "Yorkshire and The Humber",
    "East Midlands": "East Midlands",
    "West Midlands": "West Midlands",
    "Eastern": "East of England",
    "London": "London",
    "South East": "South East",
    "South West": "South West",
    "Wales": "Wales",
}

# Local policing bodies that are not a Police and Crime Commissioner.
MAYORS = {
    "metropolitan": "Mayor's Office for Policing and Crime",
    "greater-manchester": "Mayor of Greater Manchester",
    "west-yorkshire": "Mayor of West Yorkshire",
    "south-yorkshire": "Mayor of South Yorkshire",
    "north-yorkshire": "Mayor of York and North Yorkshire",
}
CENSUS_SOURCE = (
    "ONS Census 2011 table QS201EW, usual residents, aggregated to police force areas "
    "(Resistance Lab, resistancelab_data@625e720)"
)
PFCCS = {"cumbria", "essex", "northamptonshire", "staffordshire"}
COMMON_COUNCIL = {"city-of-london": "Common Council of the City of London"}


def normalise(name: str) -> str:
    name = name.replace("&", "and").replace("-", " ").lower()
    name = re.sub(r"\b(police|constabulary|service)\b", "", name)
    return " ".join(name.split())


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def policing_body(slug: str, area_name: str) -> tuple[str, str]:
    if slug in MAYORS:
        return MAYORS[slug], "mayor"
    if slug in COMMON_COUNCIL:
        return COMMON_COUNCIL[slug], "common_council"
    if slug in PFCCS:
        return f"{area_name} Police, Fire and Crime Commissioner", "pfcc"
    return f"{area_name} Police and Crime Commissioner", "pcc"


def main(source: Path) -> None:
    ref = source / "forces_reference"
    crosswalk = read_csv(ref / "pfa22_to_datapoliceuk_id.csv")
    geo = json.loads((ref / "ons_pfa_dec2022_simplified.geojson").read_text())
    ons_codes = {f["properties"]["id"] for f in geo["features"]}
    labels = {r["id"]: r["Label"] for r in read_csv(ref / "crime-uk_forces.csv")}
    assert len(crosswalk) == 43 and {r["pfa22cd"] for r in crosswalk} == ons_codes

    region_of, region = {}, None
    for row in read_csv(source / "police_workforce/officer-fte/2019.csv"):
        name = row["Force/Region"]
        if name in REGIONS and (name != "West Midlands" or region != "West Midlands"):
            region = name
        elif region and not name.startswith(("Total", "Central", "British")):
            region_of[normalise(name)] = REGIONS[region]

    census = {
        normalise(r["PFA16NM"]): int(
            r["Ethnic Group: All categories: Ethnic group; measures: Value"]
        )
        for r in read_csv(source / "pfa_population_census2011/force-demographics.csv")
    }

    forces, populations = [], []
    for row in sorted(crosswalk, key=lambda r: r["pfa22cd"]):
        slug = row["datapoliceuk_force_id"]
        area = row["pfa22nm"] if slug != "city-of-london" else "City of London"
        area = area.replace(" & ", " and ")
        key = normalise(labels[slug])
        body_name, body_kind = policing_body(slug, area)
        name = labels[slug].replace(" & ", " and ").replace("Dyfed Powys", "Dyfed-Powys")
        forces.append(
            {
                "slug": slug,
                "name": name,
                "ons_code": row["pfa22cd"],
                "area_name": area,
                "country": "Wales" if row["pfa22cd"].startswith("W") else "England",
                "region": region_of[key],
                "policing_body": body_name,
                "policing_body_kind": body_kind,
            }
        )
        populations.append(
            {
                "slug": slug,
                "year": 2011,
                "population": census[key],
                "source": CENSUS_SOURCE,
            }
        )

    write(HERE / "forces.csv", forces)
    write(HERE / "populations.csv", populations)
    write(HERE / "features.csv", features(source, crosswalk, labels, geo))
    write(
        HERE / "ethnic_group_populations.csv", ethnic_group_populations(source, crosswalk, labels)
    )


GROUPS = {"white": "White", "mixed": "Mixed", "asian": "Asian", "black": "Black", "other": "Other"}


def features(source: Path, crosswalk, labels, geo) -> list[dict]:
    """Reference variables for computing similar forces: population, area and density, and
    the Census 2011 ethnic-group mix of each police force area."""
    census = {
        normalise(r["PFA16NM"]): r
        for r in read_csv(source / "pfa_population_census2011/force-demographics.csv")
    }
    areas = {f["properties"]["id"]: area_km2(f["geometry"]) for f in geo["features"]}
    rows = []
    for row in sorted(crosswalk, key=lambda r: r["pfa22cd"]):
        c = census[normalise(labels[row["datapoliceuk_force_id"]])]
        total = int(c["Ethnic Group: All categories: Ethnic group; measures: Value"])
        area = areas[row["pfa22cd"]]
        out = {
            "slug": row["datapoliceuk_force_id"],
            "population_2011": total,
            "area_km2": round(area, 1),
            "density_per_km2": round(total / area, 1),
        }
        for key, label in GROUPS.items():
            out[f"share_{key}"] = round(
                int(c[f"Ethnic Group: {label}; measures: Value"]) / total, 4
            )
        rows.append(out)
    return rows


def ethnic_group_populations(source: Path, crosswalk, labels) -> list[dict]:
    """Usual residents of each police force area by the Census 2011's five ethnic groups: the
    populations of the stop and search disproportionality ratios (forces/ethnicity.py)."""
    census = {
        normalise(r["PFA16NM"]): r
        for r in read_csv(source / "pfa_population_census2011/force-demographics.csv")
    }
    rows = []
    for row in sorted(crosswalk, key=lambda r: r["pfa22cd"]):
        c = census[normalise(labels[row["datapoliceuk_force_id"]])]
        out = {"slug": row["datapoliceuk_force_id"], "year": 2011}
        for key, label in GROUPS.items():
            out[key] = int(c[f"Ethnic Group: {label}; measures: Value"])
        out["source"] = CENSUS_SOURCE
        rows.append(out)
    return rows


def area_km2(geometry: dict) -> float:
    """Area of a (multi)polygon in WGS84, on a sphere: exact enough to compare densities."""
    import math

    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    radius, total = 6371.0088, 0.0
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            ring_area = 0.0
            for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1], strict=True):
                ring_area += math.radians(lon2 - lon1) * (
                    2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
                )
            ring_area = abs(ring_area) * radius * radius / 2
            total += ring_area if i == 0 else -ring_area
    return total


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
