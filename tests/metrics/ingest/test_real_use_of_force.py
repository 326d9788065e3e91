"""The Home Office's use of force tables for 2019/20, sent as each force's monthly returns and
loaded by the service, give back the published figures: incidents by force (Table 12), the
national total, and the share involving a Taser (Table 13).

The tables give a year, not months (data/real/ho_use_of_force/PROVENANCE.md). Each force's
year is spread evenly over its twelve monthly returns, April 2019 to March 2020: a twelfth of
each count a month, the remainder one more in each of the first months, so the months sum
to the year exactly. The months' pattern is therefore not the real one; only the year's
figures are checked against the published ones.
"""

import re
from pathlib import Path

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from forces.models import Force
from kit.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from metrics.datasets import DATASETS
from metrics.datasets.declarations import CED_HIGHEST_USES
from metrics.observations.derived import derived_figures
from metrics.observations.models import Observation
from metrics.observations.refresh import aggregates_refresh_all
from metrics.returns.services import return_process, return_submit
from tests.accounts.factories import user_with_role
from tests.metrics.conftest import csv_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TABLES = (
    Path(__file__).resolve().parents[3]
    / "data"
    / "real"
    / "ho_use_of_force"
    / "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods"
)
MONTHS = Month.between(Month(2019, 4), Month(2020, 3))
# Table 13's columns, by the highest use the returns name.
TABLE_13_USES = {
    "drawn": "Drawn",
    "aimed": "Aimed",
    "red_dot": "Red-dot",
    "arced": "Arced",
    "drive_stun": "Drive stun",
    "fired": "Fired",
    "angled_drive_stun": "Angled drive stun",
    "not_stated": "CED not stated",
}


def slug_of(name: str) -> str:
    """A force's data.police.uk id from the name the tables give it ("Avon & Somerset")."""
    return re.sub(r"[^a-z]+", "-", name.lower().replace("&", "and")).strip("-")


def sheet(name: str) -> pd.DataFrame:
    """A table's rows below its one-row header (the fourth row), headers tidied."""
    raw = pd.read_excel(TABLES, engine="odf", sheet_name=name, header=None)
    table = raw.iloc[4:].copy()
    table.columns = [re.sub(r"\s+", " ", str(h)).strip() for h in raw.iloc[3]]
    return table


def published() -> tuple[dict[str, int], dict[str, dict[str, int]], int, int]:
    """Incidents by force (Table 12), CED incidents by force and highest use (Table 13,
    2019/20), and England and Wales's totals of each."""
    t12, t13 = sheet("Table_12"), sheet("Table_13")
    t12 = t12[t12["Police force"].notna() & t12["Total"].notna()]
    national = int(t12.loc[t12["Police force"] == "Total England and Wales", "Total"].iloc[0])
    forces = t12[~t12["Police force"].str.startswith("Total")]
    incidents = {
        slug_of(f): int(n) for f, n in zip(forces["Police force"], forces["Total"], strict=True)
    }
    t13 = t13[t13["Financial year"] == "2019/20"]
    ced_national = int(t13.loc[t13["Police force"] == "*Total England and Wales", "Total"].iloc[0])
    t13 = t13[~t13["Police force"].str.startswith("*")]
    ced = {}
    for _, row in t13.iterrows():
        uses = {use: int(row[column]) for use, column in TABLE_13_USES.items()}
        assert sum(uses.values()) == int(row["Total"]), row["Police force"]
        ced[slug_of(row["Police force"])] = uses
    return incidents, ced, national, ced_national


def spread(total: int) -> list[int]:
    """The year's count over its twelve months, evenly, the remainder in the first months."""
    return [total // 12 + (1 if i < total % 12 else 0) for i in range(12)]


def monthly_returns(slug: str, incidents: int, ced: dict[str, int]) -> dict[Month, bytes]:
    by_use = {"none": incidents - sum(ced.values()), **ced}
    months = {use: spread(count) for use, count in by_use.items()}
    return {
        month: csv_bytes(
            DATASETS["use_of_force"].headers,
            [[slug, str(month), use, str(months[use][i])] for use in CED_HIGHEST_USES],
        )
        for i, month in enumerate(MONTHS)
    }


def test_the_published_year_loads_and_gives_back_the_published_figures(reference_data):
    incidents, ced, national, ced_national = published()
    assert len(incidents) == len(ced) == 43
    assert (national, ced_national) == (491_984, 32_058)
    forces = {f.slug: f for f in Force.objects.filter(slug__in=incidents)}
    assert set(forces) == set(incidents)  # every force the tables name is one of the service's
    for slug, force in forces.items():
        officer = user_with_role(Role.FORCE_DATA_OFFICER, force=force, username=f"{slug}-uof")
        for month, content in monthly_returns(slug, incidents[slug], ced[slug]).items():
            ret, _ = return_submit(
                user=officer,
                force=force,
                dataset=DATASETS["use_of_force"],
                period=month.first_day,
                upload=SimpleUploadedFile(f"{slug}-{month}.csv", content),
            )
            loaded = return_process(return_id=ret.pk, aggregates=False)
            assert loaded.status == "loaded", (slug, month, loaded.report)
    aggregates_refresh_all([m.first_day for m in MONTHS])

    rate, share = METRICS_BY_CODE["use_of_force_rate"], METRICS_BY_CODE["use_of_force_taser_share"]

    def year(metric, **where):
        months = list(Observation.objects.filter(metric=metric.code, **where).order_by("period"))
        assert len(months) == 12
        return derived_figures(metric, months)

    for slug, force in forces.items():
        counted = year(rate, level="force", force=force)
        assert counted.numerator == incidents[slug], slug
        taser = year(share, level="force", force=force)
        assert (taser.numerator, taser.denominator) == (sum(ced[slug].values()), incidents[slug])
        assert taser.value == pytest.approx(sum(ced[slug].values()) / incidents[slug] * 100)
    assert year(rate, level="national").numerator == national
    nation = year(share, level="national")
    assert (nation.numerator, nation.denominator) == (ced_national, national)
    assert nation.value == pytest.approx(6.516, abs=0.001)  # 32,058 of 491,984
