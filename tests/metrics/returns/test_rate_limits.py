"""Returns sent, by the API or the upload page, and dry runs, are limited per user
(RATE_LIMIT_RETURNS); over the limit nothing is stored."""

import io

import pytest

from metrics.models import Return
from tests.metrics.conftest import emergency_calls_file, upload

pytestmark = pytest.mark.django_db


def _file(n: int) -> bytes:
    return emergency_calls_file([["durham", f"C{n}", "2024-03-01T08:00:00+00:00", "", "true"]])


def test_returns_sent_over_the_limit_get_429_and_are_not_stored(api_as, settings, officer_a):
    settings.RATE_LIMIT_RETURNS = "2/h"
    api = api_as(officer_a)
    assert upload(api, _file(1)).status_code == 202
    assert upload(api, _file(2), path="/api/v1/returns/validate").status_code == 200
    response = upload(api, _file(3))
    assert response.status_code == 429
    assert response.json()["error"]["message"].startswith(
        "Too many returns sent from your account: the limit is 2 in an hour."
    )
    assert int(response["Retry-After"]) <= 3600
    assert Return.objects.count() == 1
    assert api.get("/api/v1/returns/").status_code == 200  # reading is not limited


def test_the_returns_limit_is_per_user(api_as, settings, officer_a, officer_b):
    settings.RATE_LIMIT_RETURNS = "1/h"
    assert upload(api_as(officer_a), _file(1)).status_code == 202
    assert upload(api_as(officer_a), _file(2)).status_code == 429
    officer_b_file = emergency_calls_file(
        [["cumbria", "C1", "2024-03-01T08:00:00+00:00", "", "true"]], force="cumbria"
    )
    assert upload(api_as(officer_b), officer_b_file).status_code == 202


def test_the_upload_page_over_the_limit_answers_the_429_page(client, settings, officer_a):
    settings.RATE_LIMIT_RETURNS = "1/h"
    client.force_login(officer_a)

    def post(n):
        file = io.BytesIO(_file(n))
        file.name = "calls.csv"
        return client.post(
            "/returns/new/", {"dataset": "emergency_calls", "period": "2024-03", "file": file}
        )

    assert post(1).status_code == 302
    response = post(2)
    assert response.status_code == 429
    assert "Too many returns sent from your account" in response.content.decode()
    assert Return.objects.count() == 1
    assert client.get("/returns/new/").status_code == 200  # the form itself is not counted
