"""The audit log page: administrators only, filters by who, what, force and day, downloads."""

import csv
import io
from datetime import datetime

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record

pytestmark = pytest.mark.django_db

URL = "/accounts/audit/"


def _at(event, moment: datetime) -> None:
    """Move an event's time, with the trigger off for this one statement: only fixtures may."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE accounts_auditevent SET at = %s WHERE id = %s",
            [timezone.make_aware(moment), event.pk],
        )
        cursor.execute("ALTER TABLE accounts_auditevent ENABLE TRIGGER USER")


@pytest.fixture
def events(officer_a, pcc_b, analyst, force_b):
    sent = audit_record(action=AuditEvent.Action.UPLOAD, user=officer_a, dataset="emergency_calls")
    signed_in = audit_record(action=AuditEvent.Action.SIGN_IN, user=pcc_b)
    exported = audit_record(action=AuditEvent.Action.EXPORT, user=analyst, page="/flags/")
    _at(sent, datetime(2026, 11, 2, 9, 0))
    _at(signed_in, datetime(2026, 11, 15, 23, 30))
    _at(exported, datetime(2026, 11, 30, 8, 0))
    return {"sent": sent, "signed_in": signed_in, "exported": exported}


def _listed(response) -> list[str]:
    """The usernames of the events listed, in order, but for the test's own sign-in."""
    assert response.status_code == 200
    rows = response.context["rows"]
    return [row.who for row in rows if (row.who, row.what) != ("ada-admin", "Signed in")]


def test_administrator_sees_every_event_newest_first(client, administrator, events):
    client.force_login(administrator)
    response = client.get(URL)
    assert _listed(response) == ["alice-analyst", "bob-pcc-b", "olga-officer-a"]
    page = response.content.decode()
    assert "Cumbria Constabulary" in page and "dataset: emergency_calls" in page


@pytest.mark.parametrize(
    "query, who",
    [
        ("who=OLGA", ["olga-officer-a"]),
        ("action=sign_in", ["bob-pcc-b"]),
        ("force=cumbria", ["bob-pcc-b"]),
        ("force=durham", ["olga-officer-a"]),
        ("date_from=2026-11-15", ["alice-analyst", "bob-pcc-b"]),
        ("date_to=2026-11-15", ["bob-pcc-b", "olga-officer-a"]),  # the whole last day
        ("date_from=2026-11-03&date_to=2026-11-29", ["bob-pcc-b"]),
        ("who=a&action=export&force=&date_from=&date_to=", ["alice-analyst"]),
    ],
)
def test_filters_narrow_the_list(client, administrator, events, query, who):
    client.force_login(administrator)
    assert _listed(client.get(f"{URL}?{query}")) == who


@pytest.mark.parametrize(
    "query, error",
    [
        ("date_from=yesterday", "Enter the first day as a date"),
        ("action=nonsense", "Choose a kind of event from the list"),
        ("force=atlantis", "Choose a force from the list"),
        ("date_from=2026-11-30&date_to=2026-11-01", "must be the same as or after"),
    ],
)
def test_a_bad_filter_answers_400_with_the_problem(client, administrator, query, error):
    client.force_login(administrator)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert error in response.content.decode()


def test_the_filtered_log_downloads_as_csv_and_the_download_is_audited(
    client, administrator, events
):
    client.force_login(administrator)
    response = client.get(f"{URL}?force=durham&action=upload&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["When", "Who", "What", "Force", "About", "Detail", "IP address"]
    assert [r[1:5] for r in rows[1:]] == [["olga-officer-a", "Upload", "Durham Constabulary", ""]]
    assert rows[1][0].startswith("2026-11-02T09:00:00")
    export = AuditEvent.objects.get(action="export", user=administrator)
    assert export.detail["page"] == URL and export.detail["rows"] == 1


def test_the_log_downloads_as_xlsx(client, administrator, events):
    client.force_login(administrator)
    response = client.get(f"{URL}?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_an_unknown_download_format_answers_400(client, administrator):
    client.force_login(administrator)
    assert client.get(f"{URL}?format=pdf").status_code == 400


@pytest.mark.parametrize("persona", ["analyst", "inspector", "pcc_a", "officer_a"])
def test_no_one_but_an_administrator_sees_the_log_or_its_download(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}?format=csv").status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_the_log_is_in_the_administrators_navigation_only(client, administrator, analyst):
    client.force_login(administrator)
    assert f'href="{URL}"' in client.get("/accounts/tokens/").content.decode()
    client.force_login(analyst)
    assert f'href="{URL}"' not in client.get("/accounts/tokens/").content.decode()
