"""The flags triage page: performance signals apart from data flags, filters, counts, a force's
missing returns of a month in one row, and who sees what."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from accounts.roles import Role
from oversight.flags.models import Flag
from tests.browser import serious_axe_violations, sign_in
from tests.oversight.factories import FlagFactory, ReturnFlagFactory

pytestmark = pytest.mark.django_db

MARCH, APRIL = date(2024, 3, 1), date(2024, 4, 1)


def rows(response):
    return list(response.context["page"].object_list)


def tabs(response):
    return {tab["label"]: tab["count"] for tab in response.context["tabs"]}


@pytest.fixture
def flags(force_a, force_b):
    """Durham and Cumbria: signals new and acknowledged, on calls and on knife crime; missing
    and late returns."""
    return {
        "signal": FlagFactory(force=force_a, period=MARCH),
        "knife": FlagFactory(
            force=force_a,
            period=APRIL,
            metric="knife_crime_rate",
            dataset="recorded_crime",
            rule=Flag.Rule.FUNNEL_HIGH,
            summary="Knife crime rate: above the 99.8% funnel limit",
        ),
        "seen": FlagFactory(force=force_a, period=APRIL, status=Flag.Status.ACKNOWLEDGED),
        "signal_b": FlagFactory(force=force_b, period=MARCH),
        "missing": ReturnFlagFactory(force=force_a, period=MARCH),
        "late": ReturnFlagFactory(
            force=force_a, period=APRIL, dataset="workforce", rule=Flag.Rule.LATE
        ),
        "missing_b": ReturnFlagFactory(force=force_b, period=MARCH, dataset="street_crime"),
    }


def test_triage_opens_on_new_performance_signals(client, analyst, flags):
    client.force_login(analyst)
    response = client.get("/flags/")
    assert response.status_code == 200
    assert rows(response) == [flags["knife"], flags["signal_b"], flags["signal"]]
    assert response.context["kind"] == "performance"
    assert response.context["form"]["status"].value() == "new"
    page = response.content.decode()
    assert 'aria-current="page">Performance signals (3)</a>' in page
    assert '<option value="new" selected>New</option>' in page


def test_triage_data_tab_lists_returns_not_signals(client, analyst, flags):
    client.force_login(analyst)
    response = client.get("/flags/?kind=data")
    assert rows(response) == [flags["late"], flags["missing_b"], flags["missing"]]
    assert response.context["form"]["status"].value() is None


def test_triage_counts_each_kind_and_each_status(client, analyst, flags):
    client.force_login(analyst)
    opening = client.get("/flags/")
    assert tabs(opening) == {"Performance signals": 3, "Data flags": 3}
    everything = client.get("/flags/?kind=performance&status=")
    assert tabs(everything) == {"Performance signals": 4, "Data flags": 3}
    assert everything.context["triage"].status_counts == [
        ("new", "New", 3),
        ("acknowledged", "Acknowledged", 1),
        ("linked", "Linked to a case", 0),
        ("closed", "Closed", 0),
    ]
    durham = client.get("/flags/?kind=data&force=durham")
    assert tabs(durham) == {"Performance signals": 3, "Data flags": 2}
    assert durham.context["triage"].status_counts[0] == ("new", "New", 2)


def test_triage_tabs_keep_the_filters_but_the_rule(client, analyst, flags):
    client.force_login(analyst)
    response = client.get("/flags/?kind=performance&force=durham&rule=outside_limits&status=new")
    hrefs = [tab["href"] for tab in response.context["tabs"]]
    assert hrefs == [
        "?kind=performance&force=durham&status=new",
        "?kind=data&force=durham&status=new",
    ]
    assert rows(response) == [flags["signal"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=performance&force=cumbria", ["signal_b"]),
        ("kind=performance&area=knife-crime", ["knife"]),
        ("kind=data&area=neighbourhood-policing-and-frontline-time", ["late"]),
        ("kind=performance&rule=funnel_high_998", ["knife"]),
        ("kind=data&rule=late_return", ["late"]),
        ("kind=performance&period=2024-03", ["signal_b", "signal"]),
        ("kind=performance&status=acknowledged", ["seen"]),
        ("kind=performance&force=durham&period=2024-04&status=", ["knife", "seen"]),
    ],
)
def test_triage_filters(client, analyst, flags, query, expected):
    client.force_login(analyst)
    response = client.get(f"/flags/?{query}")
    assert response.status_code == 200
    assert [f.pk for f in rows(response)] == [flags[name].pk for name in expected]


def test_triage_gathers_a_forces_missing_returns_of_a_month_in_one_row(client, analyst, force_a):
    datasets = ["workforce", "emergency_calls", "street_crime"]
    missing = [ReturnFlagFactory(force=force_a, period=MARCH, dataset=d) for d in datasets]
    april = ReturnFlagFactory(force=force_a, period=APRIL, dataset="workforce")
    late = ReturnFlagFactory(force=force_a, period=MARCH, dataset="workforce", rule=Flag.Rule.LATE)
    client.force_login(analyst)
    response = client.get("/flags/?kind=data")
    listed = rows(response)
    assert listed == [april, late, missing[1]]
    assert [f.dataset for f in listed[2].members] == sorted(datasets)
    assert response.context["page"].paginator.count == 3
    assert tabs(response)["Data flags"] == 5
    page = response.content.decode()
    for flag in listed[2].members:
        assert f'href="/flags/{flag.pk}/">{flag.dataset_name}</a>' in page
    assert "999 calls</a>" in page and "Workforce and officer time</a>" in page
    assert "5 flags in 3 rows" in page


def test_triage_keeps_apart_missing_returns_of_different_statuses(client, analyst, force_a):
    ReturnFlagFactory(force=force_a, period=MARCH, dataset="workforce")
    ReturnFlagFactory(
        force=force_a, period=MARCH, dataset="street_crime", status=Flag.Status.ACKNOWLEDGED
    )
    client.force_login(analyst)
    response = client.get("/flags/?kind=data")
    assert [[m.dataset for m in row.members] for row in rows(response)] == [
        ["street_crime"],
        ["workforce"],
    ]


def test_triage_pages_rows_and_keep_the_filters(client, analyst, force_a, force_b):
    for month in range(1, 13):
        for year in range(2020, 2025):
            for force in (force_a, force_b):
                ReturnFlagFactory(force=force, period=date(year, month, 1))
                ReturnFlagFactory(force=force, period=date(year, month, 1), dataset="workforce")
    client.force_login(analyst)
    response = client.get("/flags/?kind=data&status=new")
    assert response.context["page"].paginator.count == 120
    assert len(rows(response)) == 50
    assert 'href="?kind=data&amp;status=new&amp;page=2"' in response.content.decode()
    last = client.get("/flags/?kind=data&status=new&page=3")
    assert len(rows(last)) == 20
    assert all(len(row.members) == 2 for row in rows(last))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "period=2024-13",
            "Enter a month as YYYY-MM, for example 2024-03, not &#x27;2024-13&#x27;.",
        ),
        ("status=open", "Choose a status from the list"),
        ("kind=signals", "Choose a kind of flag you can see"),
        ("area=knives", "Choose a priority area from the list"),
        ("force=atlantis", "Choose a force from the list"),
        ("kind=performance&rule=missing_return", "Choose a rule from the list"),
    ],
)
def test_triage_explains_an_invalid_filter(client, analyst, flags, query, message):
    client.force_login(analyst)
    response = client.get(f"/flags/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "<table" not in page


def test_pcc_sees_only_their_forces_flags_and_cannot_filter_to_another(
    client, pcc_a, flags, force_b
):
    client.force_login(pcc_a)
    response = client.get("/flags/?kind=performance&status=")
    assert {f.force.slug for f in rows(response)} == {"durham"}
    assert tabs(response) == {"Performance signals": 3, "Data flags": 2}
    assert list(response.context["form"].fields["force"].queryset) == [flags["signal"].force]
    assert "Cumbria" not in response.content.decode()
    for asked in ("cumbria", str(force_b.pk)):
        other = client.get(f"/flags/?kind=performance&status=&force={asked}")
        assert other.status_code == 400
        assert "Choose a force from the list" in other.content.decode()
        assert "page" not in other.context and "Cumbria" not in other.content.decode()
    data = client.get("/flags/?kind=data&status=")
    assert rows(data) == [flags["late"], flags["missing"]]


def test_force_data_officer_sees_only_their_forces_data_flags(client, officer_a, flags):
    client.force_login(officer_a)
    response = client.get("/flags/")
    assert response.context["kind"] == "data"
    assert rows(response) == [flags["late"], flags["missing"]]
    assert tabs(response) == {"Data flags": 2}
    page = response.content.decode()
    assert "Performance signals (" not in page and "Cumbria" not in page
    asked = client.get("/flags/?kind=performance")
    assert asked.status_code == 400
    assert "Choose a kind of flag you can see" in asked.content.decode()
    ruled = client.get("/flags/?rule=outside_limits")
    assert ruled.status_code == 400


def _flags(force_a, force_b, months: range):
    """A signal and a group of two missing returns a month, alternating between the forces."""
    for i in months:
        period, force = date(2000 + i // 12, 1 + i % 12, 1), (force_a, force_b)[i % 2]
        FlagFactory(force=force, period=period)
        ReturnFlagFactory(force=force, period=period)
        ReturnFlagFactory(force=force, period=period, dataset="workforce")


@pytest.mark.parametrize("query", ["", "?kind=data&status=", "?kind=data&force=durham&page=2"])
def test_triage_runs_a_fixed_number_of_queries(client, analyst, force_a, force_b, query):
    client.force_login(analyst)
    _flags(force_a, force_b, range(5))
    with CaptureQueriesContext(connection) as few:
        assert len(rows(client.get(f"/flags/{query}"))) <= 5
    _flags(force_a, force_b, range(5, 205))
    with CaptureQueriesContext(connection) as many:
        assert len(rows(client.get(f"/flags/{query}"))) == 50
    assert len(many) == len(few)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


HEADINGS = ["Force", "Month", "Rule", "Status", "What", "Metric", "Datasets", "Detail"]


def test_triage_exports_the_rows_it_lists_as_csv(client, analyst, flags):
    client.force_login(analyst)
    response = client.get("/flags/?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="flags-performance.csv"'
    assert csv_rows(response) == [
        HEADINGS,
        [
            "Durham Constabulary",
            "2024-04-01",
            "Above the 99.8% funnel limit",
            "New",
            "Knife crime rate: above the 99.8% funnel limit",
            "knife_crime_rate",
            "Police recorded crime",
            "lpl: 64.0, mean: 70.0, value: 61.0",
        ],
        [
            "Cumbria Constabulary",
            "2024-03-01",
            "Point beyond a process limit",
            "New",
            flags["signal_b"].summary,
            "calls_answered_10s",
            "999 calls",
            "lpl: 64.0, mean: 70.0, value: 61.0",
        ],
        [
            "Durham Constabulary",
            "2024-03-01",
            "Point beyond a process limit",
            "New",
            flags["signal"].summary,
            "calls_answered_10s",
            "999 calls",
            "lpl: 64.0, mean: 70.0, value: 61.0",
        ],
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.detail["rows"], event.detail["page"]) == (3, "/flags/")
    assert 'href="?format=csv"' in client.get("/flags/").content.decode()


def test_triage_exports_every_page_of_its_filters_as_xlsx(client, analyst, force_a, force_b):
    for month in range(1, 13):
        for year in range(2020, 2025):
            period = date(year, month, 1)
            ReturnFlagFactory(force=force_a, period=period, detail={"due_date": "x"})
            ReturnFlagFactory(force=force_a, period=period, dataset="workforce", detail={})
            ReturnFlagFactory(force=force_b, period=period)
    client.force_login(analyst)
    response = client.get("/flags/?kind=data&force=durham&status=new&page=2&format=xlsx")
    assert response["Content-Disposition"].endswith('filename="flags-data-durham.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert len(lines) == 61 and lines[0] == tuple(HEADINGS)
    assert lines[1][:3] == ("Durham Constabulary", datetime(2024, 12, 1), "Return missing")
    assert lines[1][4:] == (
        "Returns missing",
        None,
        "999 calls; Workforce and officer time",
        "999 calls: due_date: x; Workforce and officer time: ",
    )


def test_triage_export_hides_small_counts_from_a_pcc_and_keeps_to_their_force(
    client, pcc_a, analyst, flags, force_a
):
    FlagFactory(
        force=force_a,
        period=MARCH,
        metric="vawg_rate",
        dataset="recorded_crime",
        summary="=VAWG rate: special cause of concern",
        detail={"value": 0.004, "numerator": 2, "denominator": 500_000},
    )
    client.force_login(pcc_a)
    lines = csv_rows(client.get("/flags/?format=csv&period=2024-03"))
    assert [line[0] for line in lines[1:]] == ["Durham Constabulary", "Durham Constabulary"]
    vawg = next(line for line in lines if line[5] == "vawg_rate")
    assert vawg[4] == "'=VAWG rate: special cause of concern"
    assert vawg[7] == "suppressed: True"
    other = client.get("/flags/?format=csv&force=cumbria")
    assert other.status_code == 400 and "Cumbria" not in other.content.decode()
    client.force_login(analyst)
    lines = csv_rows(client.get("/flags/?format=csv&period=2024-03&force=durham"))
    assert next(line for line in lines if line[5] == "vawg_rate")[7] == (
        "denominator: 500000, numerator: 2, value: 0.004"
    )


def test_triage_refuses_an_unknown_export_format(client, analyst, flags):
    client.force_login(analyst)
    response = client.get("/flags/?format=pdf")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_triage_filters_from_the_keyboard_in_a_browser(live_server, page, flags):
    sign_in(page, live_server, Role.ANALYST, username="triage-browser", next="/flags/")
    page.wait_for_selector("h1:has-text('Flags')")
    assert page.locator("tbody tr").count() == 3

    page.focus("#id_force")
    page.keyboard.type("Cumbria")
    page.focus("#id_period")
    page.keyboard.type("2024-03")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "force=cumbria" in page.url and "period=2024-03" in page.url
    assert page.locator("tbody tr").all_inner_texts()[0].startswith("Cumbria Constabulary")
    assert page.locator("tbody tr").count() == 1

    page.get_by_role("link", name="Data flags (1)").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kind=data" in page.url
    assert "Street-level crime and anti-social behaviour" in page.locator("tbody").inner_text()
    assert serious_axe_violations(page) == []

    page.fill("#id_period", "March")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a month as YYYY-MM" in summary.inner_text()
    assert serious_axe_violations(page) == []
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_period"


def test_a_flags_figures_are_shown_as_a_person_reads_them(client, analyst):
    detail = {"lpl": 59.3643734059002, "numerator": 661.0, "p_value": 0.000123456, "side": "low"}
    flag = FlagFactory(detail=detail)
    client.force_login(analyst)
    page = client.get(f"/flags/{flag.pk}/").content.decode()
    for shown in ("lpl: 59.36<", "numerator: 661<", "p_value: 0.000123<", "side: low<"):
        assert shown in page
    assert "59.3643" not in page
