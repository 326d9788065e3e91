"""A recording change is a request: it rebases SPC limits only once an analyst or an
administrator accepts it with a reason, and every step is audited."""

from datetime import date

import pytest

from accounts.models import AuditEvent
from kit.periods import Month
from metrics.models import RecordingChange
from oversight.flags.models import Flag
from oversight.flags.nightly import nightly_run
from tests.metrics.factories import ObservationFactory, RecordingChangeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/recording-changes/"


def _review(api, change, decision="accept", reason="Go-live confirmed by the force's CIO"):
    return api.post(f"{URL}{change.pk}/review/", {"decision": decision, "reason": reason})


def test_analyst_accepts_a_change_with_a_reason_and_it_is_audited(api_as, analyst):
    change = RecordingChangeFactory(pending=True)
    response = _review(api_as(analyst), change)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["reviewed_by"]) == ("accepted", "alice-analyst")
    assert body["review_reason"] == "Go-live confirmed by the force's CIO"
    change.refresh_from_db()
    assert change.status == RecordingChange.Status.ACCEPTED and change.reviewed_at
    event = AuditEvent.objects.get(object_id=str(change.pk), object_type="metrics.RecordingChange")
    assert event.detail["what"] == "recording change accepted"
    assert event.detail["reason"] == "Go-live confirmed by the force's CIO"


def test_a_review_needs_a_reason_and_a_pending_change(api_as, administrator):
    change = RecordingChangeFactory(pending=True)
    api = api_as(administrator)
    refused = _review(api, change, reason="  ")
    assert refused.status_code == 400 and "reason" in refused.json()["error"]["fields"]
    assert _review(api, change, decision="refuse").status_code == 200
    again = _review(api, change)
    assert again.status_code == 400 and "already refused" in str(again.json())
    assert RecordingChange.objects.get().status == RecordingChange.Status.REFUSED


@pytest.mark.parametrize(
    "persona, expected",
    [("inspector", 403), ("officer_a", 403), ("pcc_a", 403), ("pcc_b", 404), ("officer_b", 404)],
)
def test_only_analysts_and_administrators_review(persona, expected, request, api_as, client):
    change = RecordingChangeFactory(pending=True)
    user = request.getfixturevalue(persona)
    assert _review(api_as(user), change).status_code == expected
    client.force_login(user)
    page = client.get(f"/recording-changes/{change.pk}/review/")
    assert page.status_code == expected
    assert RecordingChange.objects.get().status == RecordingChange.Status.PENDING


def test_review_page_records_the_decision(client, analyst):
    change = RecordingChangeFactory(pending=True)
    client.force_login(analyst)
    listing = client.get("/recording-changes/").content.decode()
    assert (
        f'href="/recording-changes/{change.pk}/review/"' in listing and "Awaiting review" in listing
    )
    empty = client.post(f"/recording-changes/{change.pk}/review/", {"decision": "accept"})
    assert empty.status_code == 200 and b"Give the reason for the decision" in empty.content
    done = client.post(
        f"/recording-changes/{change.pk}/review/",
        {"decision": "accept", "reason": "Documented go-live"},
    )
    assert done.status_code == 302
    assert RecordingChange.objects.get().status == RecordingChange.Status.ACCEPTED


MONTHS = Month.between(Month(2023, 1), Month(2024, 4))  # 16 months
# 999 calls answered in 10 s: steady near 80%, then a real deterioration to about 60%.
VALUES = [80, 81, 79, 80, 82, 78, 80, 81, 79, 80, 81, 80, 79, 62, 60, 61]


def test_a_force_cannot_on_its_own_make_a_real_deterioration_disappear(
    api_as, officer_a, analyst, force_a, client
):
    for month, value in zip(MONTHS, VALUES, strict=True):
        ObservationFactory(
            force=force_a,
            metric="calls_answered_10s",
            period=month.first_day,
            numerator=value,
            denominator=100,
            value=value,
        )
    # The force declares a back-dated "recording change" from the month it got worse.
    declared = api_as(officer_a).post(
        URL,
        {
            "dataset": "emergency_calls",
            "effective_from": "2024-02",
            "description": "New telephony system",
        },
        format="json",
    )
    assert declared.status_code == 201 and declared.json()["status"] == "pending"

    nightly_run(since=None, today=date(2024, 5, 2))
    signals = Flag.objects.filter(metric="calls_answered_10s", rule__in=Flag.SPC_RULES)
    assert signals.exists(), "the deterioration is still flagged while the change is pending"
    client.force_login(analyst)
    page = client.get("/forces/durham/metrics/calls_answered_10s/")
    assert "awaiting review" in page.content.decode()
    assert any(point.special_cause for _, point, *_ in page.context["points"])

    # The force cannot accept its own change.
    change = RecordingChange.objects.get()
    assert _review(api_as(officer_a), change).status_code == 403
    # Only once the unit accepts it are the limits recalculated from it.
    assert _review(api_as(analyst), change).status_code == 200
    page = client.get("/forces/durham/metrics/calls_answered_10s/")
    assert page.context["points"][13][1].mean == pytest.approx(61)
