"""Recording changes: declaring them through the API and the form, who may, and who sees."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from metrics.returns.models import RecordingChange
from metrics.returns.recording_changes import (
    accepted_change_points,
    recording_change_declare,
)
from tests.metrics.factories import RecordingChangeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/recording-changes/"
CHANGE = {
    "dataset": "emergency_calls",
    "effective_from": "2024-03",
    "description": "New command-and-control system went live",
}


def test_officer_declares_for_their_own_force_without_naming_it(api_as, officer_a):
    response = api_as(officer_a).post(URL, CHANGE, format="json")
    assert response.status_code == 201
    change = RecordingChange.objects.get()
    body = response.json()
    assert response["Location"] == body["url"] == f"http://testserver{URL}{change.pk}/"
    assert {k: v for k, v in body.items() if k not in {"url", "declared_at"}} == {
        "id": change.pk,
        "force": "durham",
        "dataset": "emergency_calls",
        "effective_from": "2024-03",
        "description": "New command-and-control system went live",
        "declared_by": "olga-officer-a",
        "status": "pending",  # a request: it changes no limits until accepted
        "reviewed_by": None,
        "reviewed_at": None,
        "review_reason": "",
    }
    assert change.effective_from == date(2024, 3, 1) and change.declared_by == officer_a
    event = AuditEvent.objects.get(action="change", object_id=str(change.pk))
    assert event.user == officer_a and event.object_type == "metrics.RecordingChange"
    assert event.detail["effective_from"] == "2024-03" and event.force == "durham"


def test_administrator_declares_for_any_force_but_must_name_it(api_as, administrator):
    api = api_as(administrator)
    unnamed = api.post(URL, CHANGE, format="json")
    assert unnamed.status_code == 400
    assert unnamed.json()["error"]["fields"] == {
        "force": ["Give the force: you may declare a recording change for more than one."]
    }
    named = api.post(URL, {**CHANGE, "force": "cumbria"}, format="json")
    assert named.status_code == 201 and named.json()["force"] == "cumbria"


@pytest.mark.parametrize(
    ("persona", "force", "status"),
    [
        ("analyst", "durham", 403),
        ("analyst", None, 403),
        ("inspector", "durham", 403),
        ("pcc_a", "durham", 403),
        ("pcc_a", None, 403),
        ("pcc_a", "cumbria", 404),
        ("officer_a", "cumbria", 404),
        ("officer_a", "atlantis", 404),
    ],
)
def test_who_may_not_declare(api_as, request, persona, force, status):
    payload = {**CHANGE, "force": force} if force else CHANGE
    response = api_as(request.getfixturevalue(persona)).post(URL, payload, format="json")
    assert response.status_code == status
    assert response.json()["error"]["status"] == status
    assert not RecordingChange.objects.exists()


def test_denial_comes_before_checking_the_fields(api_as, pcc_a):
    response = api_as(pcc_a).post(URL, {"force": "cumbria"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"effective_from": "2024-13"}, "effective_from", "Enter a month as YYYY-MM"),
        ({"effective_from": "March 2024"}, "effective_from", "Enter a month as YYYY-MM"),
        ({"dataset": "knife_crime"}, "dataset", '"knife_crime" is not a valid choice.'),
        ({"description": ""}, "description", "This field may not be blank."),
        ({"description": "   "}, "description", "This field may not be blank."),
    ],
)
def test_invalid_fields_answer_400(api_as, officer_a, change, field, message):
    response = api_as(officer_a).post(URL, {**CHANGE, **change}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == [field] and fields[field][0].startswith(message)
    assert not RecordingChange.objects.exists()


def test_missing_fields_answer_400(api_as, officer_a):
    response = api_as(officer_a).post(URL, {}, format="json")
    assert set(response.json()["error"]["fields"]) == {"dataset", "effective_from", "description"}


@pytest.fixture
def changes(force_a, force_b):
    return {
        "a_calls": RecordingChangeFactory(force=force_a),
        "a_workforce": RecordingChangeFactory(force=force_a, dataset="workforce"),
        "b_calls": RecordingChangeFactory(force=force_b),
    }


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_list_is_scoped_to_the_forces_the_user_sees(api_as, changes, officer_b, pcc_a, analyst):
    assert ids(api_as(officer_b).get(URL)) == {changes["b_calls"].pk}
    assert ids(api_as(pcc_a).get(URL)) == {changes["a_calls"].pk, changes["a_workforce"].pk}
    assert ids(api_as(analyst).get(URL)) == {c.pk for c in changes.values()}


def test_list_filters_by_force_and_dataset(api_as, changes, analyst, officer_b):
    api = api_as(analyst)
    assert ids(api.get(URL, {"force": "durham", "dataset": "emergency_calls"})) == {
        changes["a_calls"].pk
    }
    assert ids(api.get(URL, {"dataset": "emergency_calls"})) == {
        changes["a_calls"].pk,
        changes["b_calls"].pk,
    }
    assert ids(api_as(officer_b).get(URL, {"force": "durham"})) == set()
    bad = api.get(URL, {"dataset": "knife_crime"})
    assert bad.status_code == 400 and list(bad.json()["error"]["fields"]) == ["dataset"]


def test_another_forces_change_answers_404(api_as, changes, officer_b):
    assert api_as(officer_b).get(f"{URL}{changes['a_calls'].pk}/").status_code == 404
    assert api_as(officer_b).get(f"{URL}{changes['b_calls'].pk}/").status_code == 200


def test_change_points_are_the_forces_months_for_the_dataset_oldest_first(force_a, force_b):
    RecordingChangeFactory(effective_from=date(2024, 6, 1))
    RecordingChangeFactory(effective_from=date(2023, 1, 1))
    RecordingChangeFactory(effective_from=date(2024, 6, 1), description="The same month again")
    RecordingChangeFactory(dataset="workforce", effective_from=date(2022, 1, 1))
    RecordingChangeFactory(force=force_b, effective_from=date(2021, 1, 1))
    RecordingChangeFactory(force=force_b, effective_from=date(2020, 1, 1), pending=True)
    # What the nightly run rebases every force's charts on, read in one query.
    assert accepted_change_points() == {
        (force_a.pk, "emergency_calls"): [date(2023, 1, 1), date(2024, 6, 1)],
        (force_a.pk, "workforce"): [date(2022, 1, 1)],
        (force_b.pk, "emergency_calls"): [date(2021, 1, 1)],
    }
    assert accepted_change_points(dataset="emergency_calls", forces=[force_b]) == {
        (force_b.pk, "emergency_calls"): [date(2021, 1, 1)]
    }


def test_service_refuses_a_day_other_than_the_first(officer_a, force_a):
    with pytest.raises(ValidationError) as error:
        recording_change_declare(
            user=officer_a,
            force=force_a,
            dataset="emergency_calls",
            effective_from=date(2024, 3, 5),
            description="Mid-month",
        )
    assert error.value.messages == [
        "A recording change takes effect from the first day of a month."
    ]
    assert not RecordingChange.objects.exists()


# The browser pages.


def test_officer_declares_through_the_form(client, officer_a):
    client.force_login(officer_a)
    form = client.get("/recording-changes/new/")
    assert form.status_code == 200 and 'name="force"' not in form.content.decode()
    response = client.post("/recording-changes/new/", CHANGE)
    assert response.status_code == 302 and response["Location"] == "/recording-changes/"
    change = RecordingChange.objects.get()
    assert (change.force.slug, change.effective_from) == ("durham", date(2024, 3, 1))
    page = client.get("/recording-changes/").content.decode()
    assert "Recording change declared for Durham Constabulary from March 2024." in page
    assert "New command-and-control system went live" in page


def test_administrator_chooses_the_force_on_the_form(client, administrator):
    client.force_login(administrator)
    assert 'name="force"' in client.get("/recording-changes/new/").content.decode()
    client.post("/recording-changes/new/", {**CHANGE, "force": "cumbria"})
    assert RecordingChange.objects.get().force.slug == "cumbria"


def test_form_errors_use_the_error_summary(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        "/recording-changes/new/",
        {"dataset": "knife", "effective_from": "2024-13", "description": " "},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert '<a href="#id_effective_from">Enter a month as YYYY-MM' in page
    assert '<a href="#id_dataset">Select a valid choice.' in page
    assert '<a href="#id_description">Describe what changed</a>' in page
    assert "govuk-textarea--error" in page
    assert not RecordingChange.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "inspector", "pcc_a"])
def test_who_may_not_declare_gets_403_from_the_form(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/recording-changes/new/").status_code == 403
    assert client.post("/recording-changes/new/", CHANGE).status_code == 403


def test_list_page_is_scoped(client, changes, officer_b, pcc_b):
    for user in (officer_b, pcc_b):
        client.force_login(user)
        response = client.get("/recording-changes/")
        assert list(response.context["page"].object_list) == [changes["b_calls"]]
        assert "Durham Constabulary" not in response.content.decode()
    assert 'href="/recording-changes/new/"' not in response.content.decode()  # the PCC's


def test_list_page_downloads_the_changes_the_user_sees(client, changes, officer_b, analyst):
    RecordingChange.objects.filter(pk=changes["b_calls"].pk).update(
        declared_by=officer_b, reviewed_by=analyst
    )
    client.force_login(officer_b)
    response = client.get("/recording-changes/", {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="recording-changes-')
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    declared = f"{timezone.localdate(changes['b_calls'].declared_at)}"
    assert lines == [
        ["Force", "Dataset", "From", "What changed", "Declared", "Declared by", "Review"]
        + ["Reason", "Reviewed by"],
        ["Cumbria Constabulary", "999 calls", "2024-03-01", CHANGE["description"], declared]
        + ["oscar-officer-b", "Accepted", "The new system's go-live is documented"]
        + ["alice-analyst"],
    ]
    client.force_login(analyst)
    xlsx = client.get("/recording-changes/", {"format": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert [line[0] for line in sheet.iter_rows(values_only=True)] == [
        "Force",
        "Cumbria Constabulary",
        "Durham Constabulary",
        "Durham Constabulary",
    ]
    assert "format=xlsx" in client.get("/recording-changes/").content.decode()


def test_list_page_refuses_an_unknown_download_format(client, changes, analyst):
    client.force_login(analyst)
    assert client.get("/recording-changes/", {"format": "foo"}).status_code == 400


def test_navigation_offers_the_new_pages(client, pcc_a):
    client.force_login(pcc_a)
    page = client.get("/", follow=True).content.decode()
    assert 'href="/completeness/"' in page and 'href="/recording-changes/"' in page
