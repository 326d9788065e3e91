"""The real data.police.uk street-level files load unchanged, and every row is counted.

The files are copied byte for byte into data/real/street_crime_2024 (see PROVENANCE.md
there): CRLF line endings, blank Crime IDs on anti-social behaviour, repeated Crime IDs and
"No Location" rows.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.db.models import Count

from accounts.roles import Role
from forces.models import Force
from metrics.models import Return, StreetCrimeRecord
from metrics.returns.services import return_process
from tests.accounts.factories import user_with_role
from tests.metrics.conftest import upload

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
REAL = Path(__file__).resolve().parents[3] / "data" / "real" / "street_crime_2024"


def independent_counts() -> Counter:
    counts = Counter()
    for path in sorted(REAL.glob("*/*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                force = path.name.split("-", 2)[2].removesuffix("-street.csv")
                counts[(force, row["Month"], row["Crime type"])] += 1
    return counts


def test_real_files_load_unchanged_with_exact_counts(api_as):
    files = sorted(REAL.glob("*/*.csv"))
    assert len(files) == 28
    officers = {}
    for path in files:
        period, slug = path.parent.name, path.name[8:].removesuffix("-street.csv")
        if slug not in officers:
            officers[slug] = user_with_role(
                Role.FORCE_DATA_OFFICER, force=Force.objects.get(slug=slug)
            )
        response = upload(
            api_as(officers[slug]),
            path.read_bytes(),
            dataset="street_crime",
            period=period,
            name=path.name,
        )
        assert response.status_code == 202, response.json()
        ret = return_process(return_id=response.json()["id"])
        assert ret.status == "loaded", (path.name, ret.report)
    loaded = _loaded_counts()
    assert loaded == independent_counts()
    assert sum(loaded.values()) == 93891
    assert Return.objects.filter(status="loaded").count() == 28


def _loaded_counts() -> Counter:
    force_of = dict(Return.objects.values_list("pk", "force__slug"))
    counts = Counter()
    rows = StreetCrimeRecord.objects.values("source_return_id", "month", "crime_type").annotate(
        n=Count("id")
    )
    for r in rows:
        counts[(force_of[r["source_return_id"]], r["month"], r["crime_type"])] += r["n"]
    return counts


def test_real_quirks_survive_the_load(api_as):
    path = REAL / "2024-01" / "2024-01-city-of-london-street.csv"
    officer = user_with_role(
        Role.FORCE_DATA_OFFICER, force=Force.objects.get(slug="city-of-london")
    )
    rid = upload(
        api_as(officer), path.read_bytes(), dataset="street_crime", period="2024-01"
    ).json()["id"]
    assert return_process(return_id=rid).rows_loaded == 734
    records = StreetCrimeRecord.objects.filter(source_return_id=rid)
    asb = records.filter(crime_type="Anti-social behaviour")
    assert asb.exists() and not asb.exclude(crime_id="").exists()
    no_location = records.filter(location="No Location")
    assert no_location.exists() and not no_location.exclude(longitude=None).exists()
    with open(path, newline="", encoding="utf-8") as f:
        expected_outcomes = Counter(r["Last outcome category"] for r in csv.DictReader(f))
    loaded_outcomes = Counter(records.values_list("last_outcome", flat=True))
    assert loaded_outcomes == expected_outcomes
