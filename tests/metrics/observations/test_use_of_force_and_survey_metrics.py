"""The use of force and survey measures counted by hand from generated returns, at the edges
(no incidents, the City of London, a force that surveys one measure only), and the quarterly
surveys refused for a month that is not a quarter's first."""

from datetime import date

import pytest

from demo.generator import write_return
from metrics.catalogue import METRICS_BY_CODE
from metrics.datasets import DATASETS
from metrics.datasets.declarations import CED_HIGHEST_USES
from metrics.observations.derived import derived_figures
from metrics.observations.models import Observation
from metrics.returns.services import return_process
from tests.accounts.factories import user_with_role
from tests.metrics.conftest import csv_bytes, csv_rows, load_return, upload

pytestmark = pytest.mark.django_db

USE_OF_FORCE, SURVEYS = DATASETS["use_of_force"], DATASETS["confidence_surveys"]
MEASURES = ("use_of_force_rate", "use_of_force_taser_share")
SURVEY_MEASURES = ("public_confidence", "victim_satisfaction")


def generated(dataset: str, period: str, tmp_path, *, slug="durham", name="Durham", pop=650_500):
    path = write_return(
        dataset,
        force_slug=slug,
        force_name=name,
        population=pop,
        period=period,
        out_dir=tmp_path / period,
    )
    return path.read_bytes()


def load(api, content: bytes, dataset: str, period: str):
    return load_return(api, content, dataset=dataset, period=period)


def observation(code: str, period: date, force="durham") -> Observation:
    return Observation.objects.get(metric=code, level="force", force__slug=force, period=period)


def test_the_measures_are_declared_with_their_funnels():
    assert [METRICS_BY_CODE[c].funnel_kind for c in MEASURES] == ["rate", "proportion"]
    assert {METRICS_BY_CODE[c].funnel_kind for c in SURVEY_MEASURES} == {"proportion"}
    assert {METRICS_BY_CODE[c].improvement for c in MEASURES} == {"neutral"}
    assert {METRICS_BY_CODE[c].improvement for c in SURVEY_MEASURES} == {"increase"}
    # No published minimum: an administrator sets the surveys' thresholds.
    assert all(METRICS_BY_CODE[c].target is None for c in SURVEY_MEASURES)
    assert USE_OF_FORCE.small and SURVEYS.small and USE_OF_FORCE.aggregate is None
    assert (USE_OF_FORCE.cadence, SURVEYS.cadence) == ("monthly", "quarterly")


def test_use_of_force_from_a_generated_return_by_hand(api_as, officer_a, tmp_path):
    content = generated("use_of_force", "2024-05", tmp_path)
    load(api_as(officer_a), content, "use_of_force", "2024-05")
    rows = csv_rows(content)
    assert [r["ced_highest_use"] for r in rows] == list(CED_HIGHEST_USES)
    incidents = sum(int(r["incidents"]) for r in rows)
    taser = sum(int(r["incidents"]) for r in rows if r["ced_highest_use"] != "none")
    # Durham: 8,000 incidents in 2019/20, 348 involving a Taser (Tables 12 and 13).
    assert 450 < incidents < 900 and 0 < taser < incidents
    rate = observation("use_of_force_rate", date(2024, 5, 1))
    population = 650_500  # Durham's residents, ONS mid-2024
    assert rate.denominator == population
    assert rate.numerator == incidents
    assert rate.value == pytest.approx(incidents / population * 1000)
    share = observation("use_of_force_taser_share", date(2024, 5, 1))
    assert (share.numerator, share.denominator) == (taser, incidents)
    assert share.value == pytest.approx(taser / incidents * 100)


def test_a_month_without_incidents_is_a_zero_rate_and_no_share(api_as, officer_a):
    rows = [["durham", "2024-05", use, "0"] for use in CED_HIGHEST_USES]
    load(api_as(officer_a), csv_bytes(USE_OF_FORCE.headers, rows), "use_of_force", "2024-05")
    assert observation("use_of_force_rate", date(2024, 5, 1)).value == 0.0
    share = observation("use_of_force_taser_share", date(2024, 5, 1))
    assert share.value is None and share.denominator == 0


def test_the_city_of_london_a_tiny_force(api_as, reference_data, tmp_path):
    from accounts.roles import Role
    from forces.models import Force

    city = Force.objects.get(slug="city-of-london")
    officer = user_with_role(Role.FORCE_DATA_OFFICER, force=city, username="city-officer")
    content = generated(
        "use_of_force", "2024-05", tmp_path, slug="city-of-london", name=city.name, pop=8_600
    )
    load(api_as(officer), content, "use_of_force", "2024-05")
    rows = csv_rows(content)
    incidents = sum(int(r["incidents"]) for r in rows)
    rate = observation("use_of_force_rate", date(2024, 5, 1), force="city-of-london")
    # About 246 a month (2,951 in 2019/20) among some 8,600 residents: a rate of ~29.
    assert rate.value == pytest.approx(incidents / rate.denominator * 1000)
    assert rate.value > 10
    share = observation("use_of_force_taser_share", date(2024, 5, 1), force="city-of-london")
    assert share.low_confidence is False and share.denominator == incidents


def test_surveys_from_a_generated_quarter_by_hand(api_as, officer_a, tmp_path):
    content = generated("confidence_surveys", "2024-04", tmp_path)
    load(api_as(officer_a), content, "confidence_surveys", "2024-04")
    for row in csv_rows(content):
        figure = observation(row["measure"], date(2024, 4, 1))
        n, weighted = int(row["respondents"]), float(row["weighted_share"])
        # The funnel's denominator is the unweighted n; its numerator the weighted share of n.
        assert figure.denominator == n and 300 <= n <= 1500
        assert figure.numerator == pytest.approx(weighted * n / 100)
        assert figure.value == pytest.approx(weighted)
        assert 40 < figure.value < 90


def test_a_force_surveying_one_measure_has_no_figure_for_the_other(api_as, officer_a):
    rows = [["durham", "2024-04", "public_confidence", "64.2", "812"]]
    load(api_as(officer_a), csv_bytes(SURVEYS.headers, rows), "confidence_surveys", "2024-04")
    assert observation("public_confidence", date(2024, 4, 1)).value == pytest.approx(64.2)
    satisfaction = observation("victim_satisfaction", date(2024, 4, 1))
    assert satisfaction.value is None and satisfaction.denominator == 0


def test_a_survey_return_for_a_month_inside_a_quarter_is_refused(api_as, officer_a):
    rows = [["durham", "2024-05", "public_confidence", "64.2", "812"]]
    response = upload(
        api_as(officer_a),
        csv_bytes(SURVEYS.headers, rows),
        dataset="confidence_surveys",
        period="2024-05",
    )
    assert response.status_code == 400
    assert "quarter's first month" in str(response.json())


def test_hostile_survey_rows_are_reported_not_loaded(api_as, officer_a):
    rows = [
        ["durham", "2024-04", "public_confidence", "164.2", "812"],
        ["durham", "2024-04", "victim_satisfaction", "70", "0"],
    ]
    response = upload(
        api_as(officer_a),
        csv_bytes(SURVEYS.headers, rows),
        dataset="confidence_surveys",
        period="2024-04",
    )
    ret = return_process(return_id=response.json()["id"])
    assert ret.status == "rejected"
    assert {e["column"] for e in ret.report["errors"]} >= {"weighted_share", "respondents"}


def test_a_year_of_use_of_force_sums_its_months(api_as, officer_a, tmp_path):
    api, months = api_as(officer_a), ["2024-01", "2024-02", "2024-03"]
    incidents = 0
    for month in months:
        content = generated("use_of_force", month, tmp_path)
        load(api, content, "use_of_force", month)
        incidents += sum(int(r["incidents"]) for r in csv_rows(content))
    metric = METRICS_BY_CODE["use_of_force_rate"]
    figures = Observation.objects.filter(metric=metric.code, level="force").order_by("period")
    quarter = derived_figures(metric, list(figures))
    assert quarter.numerator == incidents


def test_a_surveys_funnel_judges_each_force_on_its_respondents():
    """Forces with the same weighted share: the one that asked 300 people is held to wider
    limits than the one that asked 1,500, the proportion funnel's binomial limits on n."""
    import math

    from oversight.assessments.verdicts import funnel_of

    survey = METRICS_BY_CODE["public_confidence"]
    respondents = [300, 350, 400, 500, 600, 700, 800, 900, 1000, 1200, 1400, 1500]
    rows = [(i, 0.66 * n, float(n)) for i, n in enumerate(respondents)]
    funnel = funnel_of(survey, rows)
    assert funnel.kind == "proportion"
    points = funnel.points
    assert list(points["denominator"]) == respondents
    width = points["ul95"] - points["ll95"]
    assert width.is_monotonic_decreasing
    assert funnel.tau2 == 0  # no spread beyond chance: the binomial limits on n, by hand
    angle = math.asin(math.sqrt(funnel.target))
    upper = math.sin(angle + 1.959964 * math.sqrt(1 / (4 * 300))) ** 2
    assert points.loc[0, "ul95"] == pytest.approx(upper, rel=1e-3)
