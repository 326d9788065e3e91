"""The completeness heatmap page."""

import re
from datetime import date

import pytest

from metrics.models import Return
from tests.metrics.factories import ReturnFactory, london

pytestmark = pytest.mark.django_db

MARCH = {"dataset": "emergency_calls", "period_from": "2024-03", "period_to": "2024-03"}


def durham_row(page: str) -> str:
    return re.search(r"Durham Constabulary</th>(.*?)</tr>", page, re.S).group(1)


def test_page_needs_sign_in(client):
    response = client.get("/completeness/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_heatmap_shows_each_status_as_a_tag_with_hidden_full_text(client, analyst, force_a):
    ReturnFactory(submitted_at=london(2024, 4, 12, 9))
    client.force_login(analyst)
    page = client.get("/completeness/", MARCH).content.decode()
    assert "999 calls: returns by force and month" in page
    assert '<th scope="col" class="govuk-table__header">Mar 2024</th>' in page
    assert durham_row(page).strip() == (
        '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--yellow">'
        '<span aria-hidden="true">Late</span><span class="govuk-visually-hidden">Late, sent '
        "12 April 2024, due 10 April 2024</span></strong>\n</td>"
    )
    assert page.count("govuk-tag--red") == 42 + 1  # the other forces are missing, and the key


@pytest.mark.parametrize(
    ("status", "tag"),
    [
        (Return.Status.LOADED, "govuk-tag govuk-tag--green"),
        (Return.Status.REJECTED, "govuk-tag govuk-tag--orange"),
        (Return.Status.RECEIVED, "govuk-tag "),
    ],
)
def test_heatmap_tag_colours(client, analyst, force_a, status, tag):
    ReturnFactory(status=status)
    client.force_login(analyst)
    page = client.get("/completeness/", MARCH).content.decode()
    assert f'<strong class="{tag}">' in durham_row(page)


def test_not_due_months_are_grey(client, officer_a):
    client.force_login(officer_a)
    page = client.get("/completeness/", {"period_from": "2099-01", "period_to": "2099-01"})
    assert '<strong class="govuk-tag govuk-tag--grey"><span aria-hidden="true">–' in (
        page.content.decode()
    )


def test_force_officer_sees_only_their_own_force(client, officer_b, force_a):
    client.force_login(officer_b)
    page = client.get("/completeness/", MARCH).content.decode()
    assert "Cumbria Constabulary" in page and "Durham Constabulary" not in page


def test_page_defaults_to_the_first_dataset_and_twelve_months(client, pcc_a):
    client.force_login(pcc_a)
    response = client.get("/completeness/")
    assert response.context["dataset"].code == "street_crime"
    assert len(response.context["periods"]) == 12
    assert '<option value="street_crime" selected>' in response.content.decode()


def test_page_opens_on_the_latest_twelve_months_already_due(client, analyst):
    from metrics.returns.completeness import due_date, london_today

    client.force_login(analyst)
    periods = client.get("/completeness/", {"dataset": "workforce"}).context["periods"]
    today = london_today()
    assert all(due_date("workforce", p) < today for p in periods)
    after = date(periods[-1].year + periods[-1].month // 12, periods[-1].month % 12 + 1, 1)
    assert due_date("workforce", after) >= today  # the next month is not yet due


def test_latest_due_months_steps_back_over_months_not_yet_due():
    from metrics.returns.completeness import latest_due_months

    # On 5 April 2024 emergency_calls for March (due 10 April) is not due; February is.
    months = latest_due_months("emergency_calls", 3, today=date(2024, 4, 5))
    assert months == [date(2023, 12, 1), date(2024, 1, 1), date(2024, 2, 1)]
    assert latest_due_months("emergency_calls", 1, today=date(2024, 4, 11)) == [date(2024, 3, 1)]


def test_bad_choices_show_the_error_summary(client, analyst):
    client.force_login(analyst)
    response = client.get("/completeness/", {"dataset": "knife", "period_from": "2024-13"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "<title>Error: " in page
    assert "Select a valid choice. knife is not one of the available choices." in page
    assert "Enter a month as YYYY-MM" in page
    assert response.context["rows"] == []


def test_page_has_no_inline_scripts_or_styles(client, analyst):
    client.force_login(analyst)
    page = client.get("/completeness/").content.decode()
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", page))
    assert " style=" not in page


@pytest.mark.parametrize("persona", ["analyst", "pcc_a"])
def test_page_makes_a_fixed_number_of_queries_whatever_the_forces_and_months(
    client, request, reference_data, django_assert_max_num_queries, persona
):
    for period in (date(2023, 1, 1), date(2024, 2, 1), date(2024, 3, 1)):
        ReturnFactory(period=period)
    client.force_login(request.getfixturevalue(persona))
    client.get("/completeness/", MARCH)  # the session settles on the first request
    counts = []
    for period_from in ("2024-03", "2019-04"):
        with django_assert_max_num_queries(10) as captured:
            response = client.get("/completeness/", {**MARCH, "period_from": period_from})
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert len(response.context["periods"]) == 60
    assert len(response.context["rows"]) == (43 if persona == "analyst" else 1)
