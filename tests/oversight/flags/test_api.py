"""Flags: who sees them, the PCC's right of reply, and status changes."""

import pytest

from accounts.models import AuditEvent
from oversight.flags.models import Flag
from tests.oversight.factories import FlagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flags(force_a, force_b):
    return {
        "a": FlagFactory(force=force_a),
        "b": FlagFactory(force=force_b),
        "a_return": FlagFactory(
            force=force_a,
            metric="",
            rule="missing_return",
            summary="emergency_calls return for 2024-03: missing",
        ),
    }


def ids(response):
    return {r["id"] for r in response.json()["results"]}


def test_analyst_sees_all_flags_with_their_rule_and_data(api_as, analyst, flags):
    response = api_as(analyst).get("/api/v1/flags/")
    assert ids(response) == {f.pk for f in flags.values()}
    flag = next(r for r in response.json()["results"] if r["id"] == flags["a"].pk)
    assert flag["rule"] == "outside_limits" and flag["detail"]["value"] == 61.0
    assert flag["chart_url"].endswith("/forces/durham/metrics/calls_answered_10s/")


def test_pcc_sees_only_their_forces_flags(api_as, pcc_a, flags):
    api = api_as(pcc_a)
    assert ids(api.get("/api/v1/flags/")) == {flags["a"].pk, flags["a_return"].pk}
    assert api.get(f"/api/v1/flags/{flags['b'].pk}/").status_code == 404


def test_force_data_officer_sees_only_their_return_flags(api_as, officer_a, flags):
    assert ids(api_as(officer_a).get("/api/v1/flags/")) == {flags["a_return"].pk}


def test_pcc_adds_a_right_of_reply(api_as, pcc_a, flags):
    api = api_as(pcc_a)
    response = api.post(
        f"/api/v1/flags/{flags['a'].pk}/comments/",
        {"text": "A new call-handling system went live; see our plan."},
        format="json",
    )
    assert response.status_code == 201 and response.json()["right_of_reply"] is True
    detail = api.get(f"/api/v1/flags/{flags['a'].pk}/").json()
    assert detail["comments"][0]["text"].startswith("A new call-handling system")
    assert AuditEvent.objects.filter(action="change", object_id=str(flags["a"].pk)).exists()


def test_pcc_cannot_reply_to_another_forces_flag(api_as, pcc_b, flags):
    response = api_as(pcc_b).post(
        f"/api/v1/flags/{flags['a'].pk}/comments/", {"text": "x"}, format="json"
    )
    assert response.status_code == 404


def test_empty_reply_is_refused(api_as, pcc_a, flags):
    response = api_as(pcc_a).post(
        f"/api/v1/flags/{flags['a'].pk}/comments/", {"text": " "}, format="json"
    )
    assert response.status_code == 400
    assert "text" in response.json()["error"]["fields"]


def test_analyst_moves_a_flag_through_its_statuses(api_as, analyst, flags):
    api, pk = api_as(analyst), flags["a"].pk
    assert (
        api.post(f"/api/v1/flags/{pk}/status/", {"status": "acknowledged"}, format="json").json()[
            "status"
        ]
        == "acknowledged"
    )
    refused = api.post(f"/api/v1/flags/{pk}/status/", {"status": "linked"}, format="json")
    assert refused.status_code == 400 and "case_reference" in refused.json()["error"]["fields"]
    linked = api.post(
        f"/api/v1/flags/{pk}/status/",
        {"status": "linked", "case_reference": "ENGAGE-12"},
        format="json",
    )
    assert linked.json()["case_reference"] == "ENGAGE-12"
    assert (
        api.post(f"/api/v1/flags/{pk}/status/", {"status": "closed"}, format="json").json()[
            "status"
        ]
        == "closed"
    )


def test_pcc_cannot_change_a_flags_status(api_as, pcc_a, flags):
    response = api_as(pcc_a).post(
        f"/api/v1/flags/{flags['a'].pk}/status/", {"status": "closed"}, format="json"
    )
    assert response.status_code == 403
    assert Flag.objects.get(pk=flags["a"].pk).status == "new"


def test_flag_pages_show_and_take_a_reply(client, pcc_a, flags):
    client.force_login(pcc_a)
    assert client.get("/flags/").status_code == 200
    page = client.get(f"/flags/{flags['a'].pk}/").content.decode()
    assert "Your right of reply" in page and "Update status" not in page
    response = client.post(f"/flags/{flags['a'].pk}/comment/", {"text": "Context for the dip."})
    assert response.status_code == 302
    assert client.get(f"/flags/{flags['b'].pk}/").status_code == 404
    empty = client.post(f"/flags/{flags['a'].pk}/comment/", {"text": ""})
    assert empty.status_code == 400 and b"govuk-error-summary" in empty.content


def test_flag_inbox_pages_keep_the_status_filter(client, analyst, force_a):
    for _ in range(51):
        FlagFactory(force=force_a)
    client.force_login(analyst)
    page = client.get("/flags/?status=new").content.decode()
    assert 'href="?status=new&amp;page=2"' in page
    assert len(client.get("/flags/?status=new&page=2").context["page"].object_list) == 1
