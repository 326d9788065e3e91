"""The outcomes, safer town centres and 999 answering measures counted by hand from generated
returns, and from their aggregate twins; a v1 return gives no figure for what it lacks."""

from datetime import date, datetime

import pytest

from demo.generator import write_return
from demo.generator.aggregates import records_to_cells
from metrics.catalogue import METRICS_BY_CODE
from metrics.datasets import DATASETS
from metrics.datasets.declarations import OFFENCE_SUBGROUP_CODES
from metrics.observations.models import Observation
from tests.metrics.conftest import csv_bytes, csv_rows, load_return

pytestmark = pytest.mark.django_db

MONTH = "2024-05"
POPULATION = 650_500  # Durham's, mid-2024
CRIME, CALLS = DATASETS["recorded_crime"], DATASETS["emergency_calls"]
BURGLARY = OFFENCE_SUBGROUP_CODES["burglary"]
GROUPS = {
    "violence": lambda r: r["offence_group"] == "Violence against the person",
    "sexual_offences": lambda r: r["offence_group"] == "Sexual offences",
    "robbery": lambda r: r["offence_group"] == "Robbery",
    "burglary": lambda r: r["offence_code"] in BURGLARY,
    "theft": lambda r: r["offence_group"] == "Theft offences" and r["offence_code"] not in BURGLARY,
    "drugs": lambda r: r["offence_group"] == "Drug offences",
    "weapons": lambda r: r["offence_group"] == "Possession of weapons offences",
}
TOWN_CENTRE = {
    "shoplifting": lambda r: r["offence_code"] == "46",
    "theft_from_the_person": lambda r: r["offence_code"] == "39",
    "robbery_of_personal_property": lambda r: r["offence_code"] == "34B",
    "retail_worker_assault": lambda r: r["retail_worker_assault"] == "true",
}


def generated(dataset: str, tmp_path) -> bytes:
    path = write_return(
        dataset,
        force_slug="durham",
        force_name="Durham Constabulary",
        population=POPULATION,
        period=MONTH,
        out_dir=tmp_path,
    )
    return path.read_bytes()


def load(api, content: bytes, dataset: str, **kwargs):
    return load_return(api, content, dataset=dataset, period=MONTH, **kwargs)


def value(code: str):
    return Observation.objects.get(metric=code, level="force", period=date(2024, 5, 1)).value


def share(rows, numerator) -> float | None:
    return sum(1 for r in rows if numerator(r)) / len(rows) * 100 if rows else None


def charged(r) -> bool:
    return r["outcome_type"] == "1"


def seconds(r) -> float:
    at = datetime.fromisoformat
    return (at(r["answered_at"]) - at(r["connected_at"])).total_seconds()


def by_hand(crimes: list[dict], calls: list[dict], population: int) -> dict:
    expected = {}
    for code, is_in in GROUPS.items():
        expected[f"charge_rate_{code}"] = share([r for r in crimes if is_in(r)], charged)
    for code, is_in in TOWN_CENTRE.items():
        offences = [r for r in crimes if is_in(r)]
        expected[f"{code}_rate"] = len(offences) / population * 1000
        expected[f"{code}_charge_rate"] = share(offences, charged)
    answered = [r for r in calls if r["answered_at"]]
    expected["calls_answered_10_60s"] = share(
        calls, lambda r: r in answered and 10 < seconds(r) <= 60
    )
    expected["calls_answered_over_60s"] = share(calls, lambda r: r in answered and seconds(r) > 60)
    expected["call_answer_mean_s"] = sum(seconds(r) for r in answered) / len(answered)
    return expected


@pytest.fixture
def loaded(api_as, officer_a, tmp_path):
    api = api_as(officer_a)
    crimes, calls = generated("recorded_crime", tmp_path), generated("emergency_calls", tmp_path)
    load(api, crimes, "recorded_crime")
    load(api, calls, "emergency_calls")
    population = POPULATION
    assert (
        Observation.objects.get(metric="knife_crime_rate", level="force").denominator == population
    )
    return (
        api,
        csv_rows(crimes),
        csv_rows(calls),
        by_hand(csv_rows(crimes), csv_rows(calls), population),
    )


def test_every_new_measure_has_its_figure_by_hand():
    new = {
        c
        for c in METRICS_BY_CODE
        if c.startswith("charge_rate_") or any(c.startswith(f"{t}_") for t in TOWN_CENTRE)
    }
    assert len(new) == 15
    assert len(METRICS_BY_CODE) >= 50
    assert new | {"calls_answered_10_60s", "calls_answered_over_60s", "call_answer_mean_s"} <= set(
        by_hand(
            [], [{"answered_at": "2024-05-01T00:00:05", "connected_at": "2024-05-01T00:00:00"}], 1
        )
    )


def test_generated_returns_give_the_figures_counted_by_hand(loaded):
    _, crimes, _, expected = loaded
    # Every figure rests on something: the month holds each offence singled out.
    assert all(any(is_in(r) for r in crimes) for is_in in TOWN_CENTRE.values())
    for code, figure in expected.items():
        assert value(code) == pytest.approx(figure), code


def test_the_aggregate_twins_of_the_same_rows_give_the_same_figures(loaded):
    api, crimes, calls, expected = loaded
    for dataset, rows in (("recorded_crime", crimes), ("emergency_calls", calls)):
        columns = {h: [r[h] for r in rows] for h in rows[0]}
        cells = records_to_cells(dataset, columns, force="durham", period=MONTH)
        load(api, csv_bytes(DATASETS[dataset].aggregate.headers, cells), dataset, kind="aggregate")
    for code, figure in expected.items():
        observation = Observation.objects.get(metric=code, level="force")
        assert observation.source_kind == "aggregate"
        assert observation.value == pytest.approx(figure), code


def test_a_v1_return_gives_no_figure_for_the_flag_it_lacks(api_as, officer_a, tmp_path):
    rows = csv_rows(generated("recorded_crime", tmp_path))
    v1 = CRIME.versions[0]
    load(
        api_as(officer_a),
        csv_bytes(v1.headers, [[r[h] for h in v1.headers] for r in rows]),
        "recorded_crime",
    )
    assert value("retail_worker_assault_rate") is None
    assert value("retail_worker_assault_charge_rate") is None
    assert value("shoplifting_rate") == pytest.approx(
        sum(r["offence_code"] == "46" for r in rows) / POPULATION * 1000
    )


def test_a_v1_aggregate_gives_no_burglary_figure_but_the_groups_it_counts(api_as, officer_a):
    v1 = CRIME.aggregate.versions[0]
    cells = [
        ["durham", MONTH, "Theft offences", "false", "false", "false", "", "1", "30"],
        ["durham", MONTH, "Theft offences", "false", "false", "false", "", "", "70"],
        ["durham", MONTH, "Drug offences", "false", "false", "false", "", "1", "9"],
        ["durham", MONTH, "Drug offences", "false", "false", "false", "", "", "1"],
    ]
    load(api_as(officer_a), csv_bytes(v1.headers, cells), "recorded_crime", kind="aggregate")
    assert value("charge_rate_drugs") == 90.0
    assert value("charge_rate_burglary") is None and value("charge_rate_theft") is None
    assert value("shoplifting_rate") is None
