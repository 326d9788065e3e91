"""The neighbourhood workforce and its abstraction, counted by hand from a generated workforce
return; a return with no neighbourhood row gives no workforce and no abstraction share."""

import csv
import io
from datetime import date

import pytest

from demo.generator import write_return
from metrics.datasets import DATASETS
from metrics.observations.models import Observation
from tests.metrics.conftest import csv_bytes, load_return

pytestmark = pytest.mark.django_db

MONTH = "2026-03"
POPULATION = 650_500


def load(api, content: bytes):
    return load_return(api, content, dataset="workforce", period=MONTH)


def figure(code: str) -> Observation:
    return Observation.objects.get(metric=code, level="force", period=date(2026, 3, 1))


def test_the_neighbourhood_measures_are_counted_by_hand(api_as, officer_a, tmp_path):
    path = write_return(
        "workforce",
        force_slug="durham",
        force_name="Durham Constabulary",
        population=POPULATION,
        period=MONTH,
        out_dir=tmp_path,
    )
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    [hood] = [r for r in rows if r["function"] == "neighbourhood"]
    fte = sum(float(hood[c]) for c in ("officers_fte", "pcsos_fte", "specials_fte"))
    away = sum(
        float(hood[h]) for h in ("hours_training", "hours_sickness", "hours_court", "hours_admin")
    )
    on_duty = away + float(hood["hours_frontline"])
    load(api_as(officer_a), path.read_bytes())

    workforce = figure("neighbourhood_workforce_per_10k")
    population = POPULATION  # the latest published year, mid-2024, for a 2026 month
    assert workforce.denominator == population
    assert workforce.numerator == pytest.approx(fte)
    assert workforce.value == pytest.approx(fte / population * 10_000)
    abstraction = figure("neighbourhood_abstraction_share")
    assert (abstraction.numerator, abstraction.denominator) == pytest.approx((away, on_duty))
    assert abstraction.value == pytest.approx(away / on_duty * 100)
    assert 15 < abstraction.value < 30


def test_a_return_without_neighbourhood_roles_gives_no_share(api_as, officer_a):
    headers = DATASETS["workforce"].headers
    row = ["durham", MONTH, "response", "400", "0", "0", "50000", "3000", "2000", "1000", "4000"]
    load(api_as(officer_a), csv_bytes(headers, [row]))
    assert figure("neighbourhood_workforce_per_10k").value == 0
    assert figure("neighbourhood_abstraction_share").value is None
