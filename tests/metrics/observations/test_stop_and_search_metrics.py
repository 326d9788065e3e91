"""The stop and search measures counted by hand from a generated return and from its aggregate
twin; the disproportionality ratio's interval by the log method, its pooling over forces and
months, and its edges (no search of a group, a handful in the City of London)."""

import csv
import math
from datetime import date
from pathlib import Path

import pytest

from accounts.roles import Role
from demo.generator import write_return
from demo.generator.aggregates import records_to_cells
from forces.models import Force
from metrics.catalogue import METRICS_BY_CODE
from metrics.catalogue.computations import Figures, over_time
from metrics.datasets import DATASETS
from metrics.observations.models import Observation
from metrics.returns.services import return_process
from oversight.explorer import metric_explorer
from tests.accounts.factories import user_with_role
from tests.metrics.conftest import csv_bytes, csv_rows, load_return, upload
from tests.metrics.ingest.test_stop_and_search import HEADER, PERSON

pytestmark = pytest.mark.django_db

MONTH = "2024-05"
SAS = DATASETS["stop_and_search"]
CODES = (
    "stop_search_rate",
    "stop_search_find_rate",
    "stop_search_arrest_rate",
    "stop_search_ratio_black_white",
    "stop_search_ratio_asian_white",
)
CENSUS = Path(__file__).resolve().parents[3] / "forces" / "data" / "ethnic_group_populations.csv"


def census(slug: str) -> dict[str, int]:
    with CENSUS.open(newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["slug"] == slug)
    return {g: int(row[g]) for g in ("white", "mixed", "asian", "black", "other")}


def load(api, content: bytes, **kwargs):
    return load_return(api, content, dataset="stop_and_search", period=MONTH, **kwargs)


def figure(code: str, level="force", force=None) -> Observation:
    found = Observation.objects.filter(metric=code, level=level, period=date(2024, 5, 1))
    return found.get(force__slug=force) if force else found.get()


def ratio_by_hand(a: int, b: int, pa: int, pb: int) -> tuple[float, float, float]:
    ratio = (a / pa) / (b / pb)
    half = 1.96 * math.sqrt(1 / a + 1 / b)
    return ratio, ratio * math.exp(-half), ratio * math.exp(half)


def by_hand(rows: list[dict], population: float, slug: str = "durham") -> dict:
    groups = census(slug)
    recorded = [r for r in rows if r["Outcome linked to object of search"]]
    ethnicity = [r["Self-defined ethnicity"] for r in rows]
    white = sum(e.startswith("White - ") for e in ethnicity)
    expected = {
        "stop_search_rate": (len(rows) / population * 1000, None, None),
        "stop_search_find_rate": (
            sum(r["Outcome linked to object of search"] == "True" for r in recorded)
            / len(recorded)
            * 100,
            None,
            None,
        ),
        "stop_search_arrest_rate": (
            sum(r["Outcome"] == "Arrest" for r in rows) / len(rows) * 100,
            None,
            None,
        ),
    }
    for group, prefix in (("black", "Black/"), ("asian", "Asian/")):
        searched = sum(e.startswith(prefix) for e in ethnicity)
        expected[f"stop_search_ratio_{group}_white"] = ratio_by_hand(
            searched, white, groups[group], groups["white"]
        )
    return expected


@pytest.fixture
def generated(tmp_path) -> bytes:
    path = write_return(
        "stop_and_search",
        force_slug="durham",
        force_name="Durham Constabulary",
        population=650_500,
        period=MONTH,
        out_dir=tmp_path,
    )
    assert path.name == "2024-05-durham-stop-and-search.csv"
    return path.read_bytes()


def test_every_measure_is_declared_on_the_dataset():
    assert {m.code for m in METRICS_BY_CODE.values() if m.dataset == "stop_and_search"} == set(
        CODES
    )
    for code in ("stop_search_ratio_black_white", "stop_search_ratio_asian_white"):
        assert METRICS_BY_CODE[code].funnel_kind is None


def test_a_generated_return_gives_the_figures_counted_by_hand(api_as, officer_a, generated):
    load(api_as(officer_a), generated)
    population = 650_500  # Durham's residents, ONS mid-2024: the rate's own year
    assert figure("stop_search_rate").denominator == population
    rows = csv_rows(generated)
    assert len(rows) > 100  # Durham's month: about 350 searches
    for code, (value, low, high) in by_hand(rows, population).items():
        o = figure(code)
        assert o.value == pytest.approx(value), code
        assert o.interval_low == pytest.approx(low) and o.interval_high == pytest.approx(high)
    black = figure("stop_search_ratio_black_white")
    assert (black.group_population, black.reference_population) == (
        census("durham")["black"],
        census("durham")["white"],
    )
    assert black.population_year == 2011


def test_the_aggregate_twin_of_the_same_rows_gives_the_same_figures(api_as, officer_a, generated):
    api, rows = api_as(officer_a), csv_rows(generated)
    load(api, generated)
    expected = {code: figure(code).value for code in CODES}
    intervals = {code: figure(code).interval_low for code in CODES}
    columns = {c.field: [r[c.header] for r in rows] for c in SAS.columns}
    cells = records_to_cells("stop_and_search", columns, force="durham", period=MONTH)
    load(api, csv_bytes(SAS.aggregate.headers, cells), kind="aggregate")
    for code in CODES:
        o = figure(code)
        assert o.source_kind == "aggregate"
        assert o.value == pytest.approx(expected[code]), code
        assert o.interval_low == pytest.approx(intervals[code]), code


def _person(ethnicity: str, outcome: str = "A no further action disposal", linked="False"):
    row = list(PERSON)
    row[1], row[8], row[12], row[13] = "2024-05-05T10:00:00+01:00", ethnicity, outcome, linked
    return row


BLACK = "Black/African/Caribbean/Black British - Caribbean"
WHITE = "White - English/Welsh/Scottish/Northern Irish/British"


@pytest.fixture
def city_officer():
    return user_with_role(Role.FORCE_DATA_OFFICER, force=Force.objects.get(slug="city-of-london"))


@pytest.fixture
def city_api(api_as, city_officer):
    return api_as(city_officer)


def test_no_search_of_white_people_gives_no_ratio_not_infinity(city_api):
    load(city_api, csv_bytes(HEADER, [_person(BLACK), _person(BLACK, "Arrest", "True")]))
    black = figure("stop_search_ratio_black_white")
    assert (black.numerator, black.denominator, black.value) == (2, 0, None)
    assert black.interval_low is None and black.low_confidence
    assert figure("stop_search_arrest_rate").value == 50.0
    assert figure("stop_search_find_rate").value == 50.0


def test_a_handful_of_searches_gives_a_wide_interval_of_low_confidence(city_api):
    rows = [_person(BLACK)] * 3 + [_person(WHITE)] * 5 + [_person("")]
    load(city_api, csv_bytes(HEADER, rows))
    city = census("city-of-london")
    ratio, low, high = ratio_by_hand(3, 5, city["black"], city["white"])
    black = figure("stop_search_ratio_black_white")
    assert black.value == pytest.approx(ratio)  # 3/193 over 5/5,799: about 18
    assert (black.interval_low, black.interval_high) == (pytest.approx(low), pytest.approx(high))
    assert black.low_confidence and high / low > 10
    asian = figure("stop_search_ratio_asian_white")
    assert (asian.numerator, asian.value) == (0, None)


def test_the_nation_pools_counts_and_populations_never_ratios(api_as, officer_a, city_officer):
    durham = [_person(BLACK)] * 8 + [_person(WHITE)] * 40
    load(api_as(officer_a), csv_bytes(HEADER, durham))
    load(api_as(city_officer), csv_bytes(HEADER, [_person(BLACK)] * 2 + [_person(WHITE)] * 3))
    d, c = census("durham"), census("city-of-london")
    ratio, low, high = ratio_by_hand(10, 43, d["black"] + c["black"], d["white"] + c["white"])
    national = figure("stop_search_ratio_black_white", "national")
    assert national.value == pytest.approx(ratio)
    assert (national.interval_low, national.interval_high) == (
        pytest.approx(low),
        pytest.approx(high),
    )
    assert not national.low_confidence  # ten searches of Black people: enough
    each = [
        figure("stop_search_ratio_black_white", force=s).value for s in ("durham", "city-of-london")
    ]
    assert national.value != pytest.approx(sum(each) / 2)


def test_months_pool_their_counts_over_the_same_residents():
    comp = METRICS_BY_CODE["stop_search_ratio_black_white"].computation
    months = [
        comp.figures((2, 10), (1000.0, 50_000.0)),
        comp.figures((0, 10), (1000.0, 50_000.0)),  # no ratio this month, its searches count
        comp.figures((4, 20), (1000.0, 50_000.0)),
    ]
    quarter = over_time(comp, months)
    ratio, low, high = ratio_by_hand(6, 40, 1000, 50_000)
    assert (quarter.numerator, quarter.denominator) == (6, 40)
    assert quarter.value == pytest.approx(ratio)
    assert (quarter.low, quarter.high) == (pytest.approx(low), pytest.approx(high))
    assert over_time(comp, [Figures(None, None, None)]).value is None


def test_the_api_carries_the_interval(api_as, city_api, analyst):
    rows = [_person(BLACK)] * 3 + [_person(WHITE)] * 5
    load(city_api, csv_bytes(HEADER, rows))
    found = api_as(analyst).get(
        "/api/v1/observations/", {"metric": "stop_search_ratio_black_white", "level": "force"}
    )
    assert found.status_code == 200, found.json()
    (item,) = found.json()["results"]
    city = figure("stop_search_ratio_black_white")
    assert item["value"] == pytest.approx(city.value)
    assert item["interval_low"] == pytest.approx(city.interval_low)
    assert item["interval_high"] == pytest.approx(city.interval_high)
    assert item["low_confidence"] is True


def test_a_quarter_pools_its_months_counts_in_the_api_and_the_explorer(api_as, analyst, city_api):
    counts = {"2024-04": (2, 10), "2024-05": (1, 10), "2024-06": (4, 20)}
    for month, (black, white) in counts.items():
        rows = [_person(BLACK)] * black + [_person(WHITE)] * white
        for row in rows:
            row[1] = f"{month}-05T10:00:00+01:00"
        response = upload(
            city_api, csv_bytes(HEADER, rows), dataset="stop_and_search", period=month
        )
        assert return_process(return_id=response.json()["id"]).status == "loaded"
    city = census("city-of-london")
    ratio, low, high = ratio_by_hand(7, 40, city["black"], city["white"])
    found = api_as(analyst).get(
        "/api/v1/observations/",
        {
            "metric": "stop_search_ratio_black_white",
            "level": "force",
            "frequency": "quarter",
        },
    )
    (item,) = found.json()["results"]
    assert item["period"] == "2024-Q2"
    assert (item["numerator"], item["denominator"]) == (7, 40)
    assert item["value"] == pytest.approx(ratio)
    assert (item["interval_low"], item["interval_high"]) == (
        pytest.approx(low),
        pytest.approx(high),
    )
    assert item["low_confidence"] is True
    explorer = metric_explorer(
        analyst, METRICS_BY_CODE["stop_search_ratio_black_white"], frequency="quarter"
    )
    assert explorer.label == "2024-Q2" and explorer.funnel is None
    (row,) = [r for r in explorer.rows if r.value is not None]
    assert row.value == pytest.approx(ratio)
