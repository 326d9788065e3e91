"""Rebuild demo/generator/calibration.csv, the published figures the generated returns are
calibrated on, one row per force (keyed by the data.police.uk id of forces/data/forces.csv).

Run by hand from the repository root with the folder of published files as argument:
    python demo/generator/build_calibration.py ../shared/data/real

It needs only the standard library and openpyxl. Sources (each folder's PROVENANCE.md says
where the files come from):

- ons_pfa_csp_table_c2_ye_jun2025_csv/policeforceareatablesyejune25final.csv: ONS police force
  area data tables, year ending June 2025, Table C2 (police recorded crime for the headline
  offence groups by force area and Community Safety Partnership). The force total rows give
  `recorded_crime` (total recorded crime excluding fraud) and the offence subgroups; City of
  London has no force total row, so its one CSP row (E22000180) is used. "Death or serious
  injury caused by illegal driving" is added to violence with injury (the generator has no
  code of its own for it).
- ons_pfa_tables_2018_2019/policeforceareatablesyearendingjune2019.xlsx, Table P4: knife or
  sharp instrument offences (total of selected serious offences, number involving a knife) by
  force, year ending June 2019: the latest edition that has every force (Greater Manchester is
  missing from the two later ones). The generator uses each force's share of the total.
- police_workforce/officer-fte/2019.csv: police officers FTE by force at 30 September 2019
  (Home Office "Police workforce, England and Wales", Table 1, tidied by Resistance Lab): the
  latest figures there. Region subtotal rows precede their forces ("West Midlands" is both).
  The generator uses each force's share of the total.
- pfa_population_mid_year/pfa_population.csv: ONS mid-year population estimates summed from
  local authorities to force areas; the latest year (mid-2024).
- street_crime_2024/<YYYY-MM>/<YYYY-MM>-<force>-street.csv: data.police.uk street-level files,
  January to April 2024, for the seven forces held there: crimes and anti-social behaviour
  rows over the four months. Dyfed-Powys is left blank: its published files collapse after
  January 2024 (1,187 rows, then 300, 164, 283), so its ratio of ASB to crime means nothing.
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORCES_CSV = HERE.parent.parent / "forces" / "data" / "forces.csv"
OUT = HERE / "calibration.csv"

C2_FILE = "ons_pfa_csp_table_c2_ye_jun2025_csv/policeforceareatablesyejune25final.csv"
P4_FILE = "ons_pfa_tables_2018_2019/policeforceareatablesyearendingjune2019.xlsx"
WORKFORCE_FILE = "police_workforce/officer-fte/2019.csv"
WORKFORCE_COLUMN = "September 2019"
POPULATION_FILE = "pfa_population_mid_year/pfa_population.csv"
STREET_DIR = "street_crime_2024"
STREET_MONTHS = ("2024-01", "2024-02", "2024-03", "2024-04")
STREET_UNUSABLE = {"dyfed-powys"}
CITY_OF_LONDON_CSP = "E22000180"

# Calibration column <- C2 header(s), summed.
C2_COLUMNS = {
    "recorded_crime": ("Total recorded crime (excluding fraud)",),
    "homicide": ("Homicide",),
    "violence_with_injury": (
        "Violence with injury",
        "Death or serious injury caused by illegal driving",
    ),
    "violence_without_injury": ("Violence without injury",),
    "stalking_harassment": ("Stalking and harassment",),
    "sexual_offences": ("Sexual offences",),
    "robbery": ("Robbery",),
    "burglary_residential": ("Residential burglary",),
    "burglary_non_residential": ("Non-residential burglary",),
    "vehicle_offences": ("Vehicle offences",),
    "theft_from_person": ("Theft from the person",),
    "bicycle_theft": ("Bicycle theft",),
    "shoplifting": ("Shoplifting",),
    "other_theft": ("All other theft offences",),
    "criminal_damage_arson": ("Criminal damage and arson",),
    "drug_offences": ("Drug offences",),
    "weapons_possession": ("Possession of weapons offences",),
    "public_order": ("Public order offences",),
    "miscellaneous": ("Miscellaneous crimes against society",),
}
HEADER = [
    "slug",
    "ons_code",
    "population",
    *C2_COLUMNS,
    "knife_offences",
    "officers_fte",
    "street_crimes",
    "street_asb",
]


def _norm(name: str) -> str:
    name = name.replace("&", "and").replace("-", " ").lower()
    for word in ("police", "constabulary", "service"):
        name = name.replace(word, "")
    return " ".join(name.split())


def _number(text) -> int:
    return int(str(text).replace(",", "").strip())


def forces() -> list[dict]:
    with FORCES_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def recorded_crime(source: Path) -> dict[str, dict[str, int]]:
    """C2 by ONS force code: {code: {column: offences a year}}."""
    with (source / C2_FILE).open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    start = next(i for i, r in enumerate(rows) if r and r[0].startswith("Police Force"))
    header = [" ".join(h.split()) for h in rows[start]]
    index = {name: header.index(name) for names in C2_COLUMNS.values() for name in names}
    out = {}
    for r in rows[start + 1 :]:
        is_total = r[0] and not r[2] and not r[3]
        if is_total or r[2] == CITY_OF_LONDON_CSP:
            assert r[0] not in out, r[0]
            out[r[0]] = {
                column: sum(_number(r[index[name]]) for name in names)
                for column, names in C2_COLUMNS.items()
            }
    return out


def knife_offences(source: Path) -> dict[str, int]:
    """P4 by ONS force code: knife or sharp instrument offences (selected offences) a year."""
    import openpyxl

    book = openpyxl.load_workbook(source / P4_FILE, read_only=True, data_only=True)
    sheet = next(book[n] for n in book.sheetnames if n.strip() == "Table P4")
    out = {}
    for row in sheet.iter_rows(values_only=True):
        code = str(row[0] or "")
        if code[:3] in ("E23", "W15"):
            out[code] = int(row[2])
    return out


def officers(source: Path) -> dict[str, float]:
    """Officers FTE by normalised force name, region subtotals skipped."""
    out, seen_west_midlands = {}, False
    with (source / WORKFORCE_FILE).open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Force/Region"].strip()
            if name == "West Midlands" and not seen_west_midlands:
                seen_west_midlands = True  # the region comes before the force
                continue
            out[_norm(name)] = float(row[WORKFORCE_COLUMN])
    return out


def populations(source: Path) -> dict[str, int]:
    """The latest mid-year population by ONS force code."""
    with (source / POPULATION_FILE).open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    latest = max(int(r["year"]) for r in rows)
    return {r["pfa_code"]: int(r["population"]) for r in rows if int(r["year"]) == latest}


def street(source: Path, slug: str) -> tuple[str, str]:
    """Crimes and anti-social behaviour rows over the four months, or blanks."""
    paths = [source / STREET_DIR / m / f"{m}-{slug}-street.csv" for m in STREET_MONTHS]
    if slug in STREET_UNUSABLE or not all(p.exists() for p in paths):
        return "", ""
    crimes = asb = 0
    for path in paths:
        with path.open(newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                if row["Crime type"] == "Anti-social behaviour":
                    asb += 1
                else:
                    crimes += 1
    return str(crimes), str(asb)


def main(source: Path, out: Path = OUT) -> None:
    crime, knife = recorded_crime(source), knife_offences(source)
    fte, people = officers(source), populations(source)
    rows = []
    for force in forces():
        code = force["ons_code"]
        names = {_norm(force["area_name"]), _norm(force["name"])}
        if force["slug"] == "city-of-london":
            names.add(_norm("City of London"))
        officer_fte = next(fte[n] for n in names if n in fte)
        rows.append(
            [
                force["slug"],
                code,
                people[code],
                *(crime[code][c] for c in C2_COLUMNS),
                knife[code],
                f"{officer_fte:.2f}",
                *street(source, force["slug"]),
            ]
        )
    assert len(rows) == 43, len(rows)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(sorted(rows))
    print(f"Wrote {out} ({len(rows)} forces).")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/real"))
