"""The metrics and observations API: scoping, suppression, derived periods, bad input."""

from datetime import date

import pytest

from forces.models import Force
from metrics.models import Observation

pytestmark = pytest.mark.django_db


def obs(
    metric,
    force,
    level="force",
    period=date(2024, 3, 1),
    numerator=3.0,
    denominator=1000.0,
    value=None,
):
    return Observation.objects.create(
        metric=metric,
        force=force,
        level=level,
        period=period,
        numerator=numerator,
        denominator=denominator,
        value=value if value is not None else numerator,
    )


@pytest.fixture
def figures(force_a, force_b):
    for force in (force_a, force_b):
        obs("csa_rate", force, numerator=3)
        obs("knife_crime_rate", force, numerator=3)
        obs("csa_rate", force, level="similar_group", numerator=40)
    obs("csa_rate", None, level="national", numerator=900)


def test_metrics_lists_every_declaration(api_as, analyst):
    body = api_as(analyst).get("/api/v1/metrics/").json()
    assert body["count"] == 72
    answered = api_as(analyst).get("/api/v1/metrics/calls_answered_10s/").json()
    assert answered["improvement"] == "increase"
    assert answered["target"] == {
        "value": 90,
        "description": "90% of 999 calls answered within 10 seconds",
    }
    # The former name, deprecated, answers the same for one release.
    assert answered["standard"] == {"target": 90, "description": answered["target"]["description"]}
    assert answered["dataset"] == "emergency_calls"


def test_analyst_sees_every_figure(api_as, analyst, figures):
    assert api_as(analyst).get("/api/v1/observations/").json()["count"] == 7


def test_pcc_sees_own_force_and_aggregates_only(api_as, pcc_a, figures, force_a):
    results = api_as(pcc_a).get("/api/v1/observations/?page_size=100").json()["results"]
    seen = {(r["level"], r["force"], r["metric"]) for r in results}
    assert seen == {
        ("force", "durham", "csa_rate"),
        ("force", "durham", "knife_crime_rate"),
        ("similar_group", "durham", "csa_rate"),
        ("national", None, "csa_rate"),
    }


def test_pcc_cannot_ask_for_another_forces_figures(api_as, pcc_a, figures):
    body = api_as(pcc_a).get("/api/v1/observations/?force=cumbria").json()
    assert body["count"] == 0


def test_small_sensitive_counts_are_suppressed_for_pccs_only(api_as, pcc_a, analyst, figures):
    def row(api, metric, level="force"):
        results = api.get(
            f"/api/v1/observations/?metric={metric}&level={level}&force=durham"
        ).json()["results"]
        return results[0]

    pcc = api_as(pcc_a)
    suppressed = row(pcc, "csa_rate")
    assert suppressed["suppressed"] is True
    assert suppressed["numerator"] is None and suppressed["value"] is None
    assert row(pcc, "knife_crime_rate")["numerator"] == 3  # not a sensitive area
    # Only Durham and Cumbria have figures: the group combines one force besides Durham.
    assert row(pcc, "csa_rate", "similar_group")["suppressed"] is True
    assert row(api_as(analyst), "csa_rate")["numerator"] == 3
    assert row(api_as(analyst), "csa_rate", "similar_group")["numerator"] == 40


def test_force_data_officer_sees_no_figures(api_as, officer_a, figures):
    assert api_as(officer_a).get("/api/v1/observations/").json()["count"] == 0


def test_quarterly_figures_are_derived(api_as, analyst):
    force = Force.objects.get(slug="durham")
    for month, (n, d) in zip((1, 2, 3), ((1, 4), (2, 4), (3, 4)), strict=True):
        obs(
            "calls_answered_10s",
            force,
            period=date(2024, month, 1),
            numerator=n,
            denominator=d,
            value=n / d * 100,
        )
        obs(
            "crime_rate",
            force,
            period=date(2024, month, 1),
            numerator=100 * month,
            denominator=600000,
            value=100 * month / 600,
        )
    body = api_as(analyst).get("/api/v1/observations/?frequency=quarter").json()
    by_metric = {r["metric"]: r for r in body["results"]}
    assert by_metric["calls_answered_10s"]["period"] == "2024-Q1"
    assert by_metric["calls_answered_10s"]["value"] == pytest.approx(6 / 12 * 100)
    # Crimes add up over the quarter; the population does not.
    assert by_metric["crime_rate"]["numerator"] == 600
    assert by_metric["crime_rate"]["value"] == pytest.approx(600 / 600000 * 1000)


@pytest.mark.parametrize(
    "query, field",
    [
        ("period_from=March", "period_from"),
        ("metric=happiness", "metric"),
        ("level=galaxy", "level"),
        ("frequency=weekly", "frequency"),
    ],
)
def test_bad_parameters_are_named(api_as, analyst, query, field):
    response = api_as(analyst).get(f"/api/v1/observations/?{query}")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_period_range_filters(api_as, analyst, force_a):
    for month in (1, 2, 3, 4):
        obs("crime_rate", force_a, period=date(2024, month, 1))
    body = api_as(analyst).get("/api/v1/observations/?period_from=2024-02&period_to=2024-03").json()
    assert [r["period"] for r in body["results"]] == ["2024-02", "2024-03"]
