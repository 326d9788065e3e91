"""The neighbourhood pages and API as each role uses them, and from the denied side."""

from datetime import date

import pytest
from django.urls import reverse

from neighbourhood.models import AsbLead
from tests.metrics.factories import ObservationFactory
from tests.neighbourhood.factories import AsbActionPlanFactory, AsbLeadFactory

pytestmark = pytest.mark.django_db

CODE = "neighbourhood_workforce_per_10k"


@pytest.fixture
def figures(force_a, force_b):
    for force, baseline, latest in ((force_a, 180.0, 226.5), (force_b, 120.0, 118.0)):
        for period, fte in ((date(2025, 3, 1), baseline), (date(2026, 9, 1), latest)):
            ObservationFactory(
                force=force, metric=CODE, period=period, numerator=fte, denominator=5e5, value=1
            )
    AsbLeadFactory(force=force_a, name="Sam Okafor")
    AsbActionPlanFactory(force=force_a, title="Durham ASB plan 2025")


def test_the_unit_sees_every_forces_uplift_and_register(client, analyst, figures):
    client.force_login(analyst)
    page = client.get(reverse("neighbourhood-guarantee")).content.decode()
    assert "Durham Constabulary" in page and "Cumbria Constabulary" in page
    assert "+46.5" in page and "+25.8%" in page  # 180 to 226.5
    assert "−2.0" in page or "-2.0" in page  # Cumbria fell
    assert "Sam Okafor" in page and "Lead and plan in place" in page
    assert "Nothing recorded" in page  # the forces with no register


def test_a_pcc_sees_their_own_force_only(client, pcc_a, figures):
    client.force_login(pcc_a)
    page = client.get(reverse("neighbourhood-guarantee")).content.decode()
    assert "Durham Constabulary" in page and "Cumbria Constabulary" not in page
    assert client.get(reverse("neighbourhood-register", args=["cumbria"])).status_code == 404
    assert client.get(reverse("neighbourhood-lead-new", args=["durham"])).status_code == 403


def test_a_force_data_officer_is_sent_to_their_register_and_keeps_it(
    client, officer_a, force_a, figures
):
    client.force_login(officer_a)
    response = client.get(reverse("neighbourhood-guarantee"))
    assert response.status_code == 302
    assert response["Location"] == reverse("neighbourhood-register", args=["durham"])
    page = client.get(response["Location"]).content.decode()
    assert "Sam Okafor" in page and "Record a new ASB lead" in page
    sent = {"name": "Jo Pritchard", "role": "Superintendent", "appointed_on": "2026-01-05"}
    response = client.post(reverse("neighbourhood-lead-new", args=["durham"]), sent)
    assert response.status_code == 302
    assert AsbLead.objects.get(name="Sam Okafor").stood_down_on == date(2026, 1, 5)
    assert client.get(reverse("neighbourhood-lead-new", args=["cumbria"])).status_code == 404


def test_a_form_with_errors_says_what_is_wrong(client, officer_a, force_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("neighbourhood-plan-new", args=["durham"]),
        {"title": "", "covers": "x", "published_on": "31/12/2025", "url": "not a url"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the plan&#x27;s title" in page and "Give the date as year-month-day" in page


def test_the_guarantee_pages_tables_download(client, analyst, figures):
    client.force_login(analyst)
    url = reverse("neighbourhood-guarantee")
    uplift = client.get(url, {"table": "uplift", "format": "csv"})
    assert uplift.status_code == 200 and b"Durham Constabulary,180.0,2026-09,226.5,46.5" in (
        uplift.content
    )
    register = client.get(url, {"table": "register", "format": "csv"}).content.decode()
    assert "Sam Okafor" in register
    assert client.get(url, {"table": "nope", "format": "csv"}).status_code == 404


def test_the_api_is_scoped(api_as, analyst, pcc_b, officer_a, figures):
    register = api_as(analyst).get("/api/v1/neighbourhood/asb-register/").json()
    durham = next(r for r in register if r["force"] == "durham")
    assert durham["lead"]["name"] == "Sam Okafor" and durham["complete"] is True
    assert len(register) == 43
    assert [
        r["force"] for r in api_as(pcc_b).get("/api/v1/neighbourhood/asb-register/").json()
    ] == ["cumbria"]
    uplift = api_as(analyst).get("/api/v1/neighbourhood/uplift/").json()
    durham = next(r for r in uplift if r["force"] == "durham")
    assert durham["uplift_fte"] == 46.5 and durham["latest_period"] == "2026-09"
    assert api_as(officer_a).get("/api/v1/neighbourhood/uplift/").json() == []


def test_the_profile_shows_the_forces_uplift_and_register(client, pcc_a, figures):
    client.force_login(pcc_a)
    page = client.get(reverse("force-detail", args=["durham"])).content.decode()
    assert "46.5 more than on 31 March 2025" in page
    assert reverse("neighbourhood-register", args=["durham"]) in page


def test_a_new_lead_shows_on_the_kept_profile_at_once(
    client, analyst, force_a, settings, django_capture_on_commit_callbacks
):
    """The profile's neighbourhood section is kept by the page cache: recording a lead renders
    it anew."""
    settings.FIGURES_CACHE_SECONDS = 600
    client.force_login(analyst)
    url = reverse("force-detail", args=["durham"])
    assert "Nothing recorded" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        AsbLeadFactory(force=force_a, name="Sam Okafor")
    assert "No action plan" in client.get(url).content.decode()
