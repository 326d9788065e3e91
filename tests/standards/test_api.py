"""GET /api/v1/standards/forces/{slug}/: scoped and suppressed as the force's page."""

import pytest

from tests.metrics.factories import ObservationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/standards/forces/{}/"


def test_out_of_scope_forces_are_not_found(api_as, pcc_a, officer_a, force_b):
    assert api_as(pcc_a).get(URL.format("cumbria")).status_code == 404
    assert api_as(officer_a).get(URL.format("durham")).status_code == 404
    assert api_as(pcc_a).get(URL.format("no-such-force")).status_code == 404


def test_signed_out_is_refused(api, force_a):
    assert api.get(URL.format("durham")).status_code == 401


def test_an_analyst_gets_the_forces_figures_ageing_and_outcomes(api_as, analyst, standards_a):
    body = api_as(analyst).get(URL.format("durham")).json()

    assert body["force"] == "durham"
    assert body["ageing"]["period"] == "2024-03" and body["ageing"]["source_kind"] == "records"
    assert [b["count"] for b in body["ageing"]["bands"]] == [6, 2, 7, 8, 9]
    assert body["ageing"]["total"] == 32
    assert [(m["period"], m["outcomes"][0]["count"]) for m in body["outcomes"]] == [
        ("2024-02", 2),
        ("2024-03", 6),
    ]
    figures = {f["metric"]: f for f in body["figures"]}
    assert figures["dismissals_per_1000"]["period"] == "2024-03"
    assert figures["dismissals_per_1000"]["numerator"] == 6


def test_a_pcc_gets_their_own_force_with_small_counts_suppressed(
    api_as, pcc_a, force_a, standards_a
):
    ObservationFactory(
        force=force_a,
        metric="misconduct_cases_per_1000",
        numerator=3.0,
        denominator=1100.0,
        value=3 / 1100 * 1000,
    )
    body = api_as(pcc_a).get(URL.format("durham")).json()

    assert [b["count"] for b in body["ageing"]["bands"]] == [None, None, 7, 8, 9]
    assert [b["suppressed"] for b in body["ageing"]["bands"]] == [True, True, False, False, False]
    assert body["ageing"]["total"] is None
    assert body["outcomes"][0]["outcomes"][0] == {
        "key": "dismissals_per_1000",
        "label": "Dismissal",
        "count": None,
        "suppressed": True,
    }
    cases = next(f for f in body["figures"] if f["metric"] == "misconduct_cases_per_1000")
    assert cases["suppressed"] and cases["numerator"] is None and cases["value"] is None
    assert "REF-" not in str(body)


def test_the_operation_is_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/standards/forces/{slug}/"]["get"]
    assert operation["operationId"] == "v1_standards_forces_retrieve"
