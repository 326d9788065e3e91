"""Every role's pages in headless Chromium: each page opens, its charts are drawn inside their
frames, axe-core finds no serious or critical accessibility violation, a PCC cannot reach
another force, and the forms work from the keyboard. A screenshot of each page is saved
(tests/browser.py says where)."""

import json
from datetime import date

import pytest

from accounts.roles import Role
from forces.models import Force
from kit.periods import Month
from metrics.catalogue import HEADLINES
from metrics.observations.models import Observation
from metrics.returns.completeness import latest_due_months
from oversight.assessments.verdicts import ASSURANCE_ICONS, FUNNEL_ICONS, VARIATION_ICONS
from oversight.flags.nightly import nightly_run
from tests.browser import csp_violations, screenshot, serious_axe_violations, sign_in
from tests.metrics.factories import ObservationFactory, ReturnFactory
from tests.oversight.factories import AssessmentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

METRICS = {"knife_crime_rate": 100_000, "crime_rate": 1000, "vawg_rate": 1000, "csa_rate": 100_000}
MONTHS = [m.first_day for m in Month.between(Month(2025, 9), Month(2026, 10))]

PAGES = {
    "analyst": [
        ("overview", "/"),
        ("overview-funnel-map", "/?map=knife_crime_rate&by=funnel"),
        ("force-profile", "/forces/durham/"),
        ("force-metric", "/forces/durham/metrics/knife_crime_rate/"),
        ("measures", "/metrics/"),
        ("metric-explorer", "/metrics/knife_crime_rate/"),
        ("metric-explorer-quarter", "/metrics/crime_rate/?frequency=quarter&sort=region"),
        ("flags", "/flags/"),
        ("completeness", "/completeness/"),
        ("engage", "/engage/"),
    ],
    "inspector": [
        ("overview", "/"),
        ("force-profile", "/forces/cumbria/"),
        ("flags", "/flags/"),
        ("engage", "/engage/"),
        ("peel", "/engage/peel/durham/"),
    ],
    "administrator": [
        ("overview", "/"),
        ("metric-explorer", "/metrics/vawg_rate/"),
        ("audit-log", "/accounts/audit/"),
    ],
    "pcc": [
        ("start", "/"),
        ("force-metric", "/forces/durham/metrics/knife_crime_rate/"),
        ("metric-explorer", "/metrics/knife_crime_rate/?period=2026-06"),
        ("flags", "/flags/"),
        ("completeness", "/completeness/"),
        ("engage", "/engage/"),
    ],
    "officer": [
        ("returns", "/returns/"),
        ("force", "/forces/durham/"),
        ("flags", "/flags/"),
        ("completeness", "/completeness/"),
    ],
}
VERDICT_WORDS = {
    icon.words
    for icon in [*VARIATION_ICONS.values(), *ASSURANCE_ICONS.values(), *FUNNEL_ICONS.values()]
}
ROLES = {
    "analyst": Role.ANALYST,
    "inspector": Role.INSPECTOR,
    "administrator": Role.ADMINISTRATOR,
    "pcc": Role.PCC,
    "officer": Role.FORCE_DATA_OFFICER,
}


@pytest.fixture
def figures(reference_data):
    """Fourteen months of four metrics for twelve forces, Durham among them with a jump in
    knife crime, national figures, and the nightly run's verdicts and flags over them."""
    forces = list(Force.objects.order_by("name")[:12])
    populations = {f.pk: 500_000.0 + 40_000 * i for i, f in enumerate(forces)}
    for code, per in METRICS.items():
        for m, period in enumerate(MONTHS):
            total_n = total_d = 0.0
            for i, force in enumerate(forces):
                n = 30.0 + (i * 7 + m * 3) % 11
                if force.slug == "durham" and code == "knife_crime_rate" and m >= 11:
                    n += 60  # a special cause, and above the funnel's limits
                d = populations[force.pk]
                ObservationFactory(
                    force=force,
                    metric=code,
                    period=period,
                    numerator=n,
                    denominator=d,
                    value=n / d * per,
                )
                total_n, total_d = total_n + n, total_d + d
            ObservationFactory(
                level=Observation.Level.NATIONAL,
                force=None,
                metric=code,
                period=period,
                numerator=total_n,
                denominator=total_d,
                value=total_n / total_d * per,
            )
    nightly_run(today=date(2026, 12, 1))
    return forces


def _charts_drawn_inside_their_frames(page) -> int:
    plots = page.locator("[data-chart]")
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        plot.locator(".main-svg").first.wait_for(timeout=15000)
        frame = plot.bounding_box()
        svg = plot.locator(".main-svg").first.bounding_box()
        assert abs(frame["height"] - svg["height"]) < 2, plot.get_attribute("data-chart")
        for selector in (".gtitle", ".legend", ".annotation"):
            located = plot.locator(selector)
            for j in range(located.count()):
                box = located.nth(j).bounding_box()
                assert svg["y"] - 1 <= box["y"], selector
                assert box["y"] + box["height"] <= svg["y"] + svg["height"] + 1, selector
    return plots.count()


@pytest.mark.parametrize("role", list(PAGES))
def test_each_roles_pages_draw_and_pass_axe(live_server, page, figures, role):
    durham = Force.objects.get(slug="durham")
    errors = csp_violations(page)
    page.on("pageerror", lambda error: errors.append(str(error)))
    force = durham if role in ("pcc", "officer") else None
    sign_in(page, live_server, ROLES[role], force=force, username=f"{role}-pages")
    problems = {}
    for name, path in PAGES[role]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (role, path, response.status)
        page.wait_for_load_state("networkidle")
        _charts_drawn_inside_their_frames(page)
        screenshot(page, f"{role}-{name}")
        if violations := serious_axe_violations(page):
            problems[path] = violations
    assert problems == {}
    assert errors == []


def test_pages_that_must_draw_charts_do(live_server, page, figures):
    sign_in(page, live_server, Role.ANALYST, username="analyst-pages")
    for path, at_least in (
        ("/", 1),
        ("/forces/durham/", 4),
        ("/metrics/knife_crime_rate/", 1),
        ("/forces/durham/metrics/knife_crime_rate/", 1),
    ):
        page.goto(f"{live_server.url}{path}")
        assert _charts_drawn_inside_their_frames(page) >= at_least, path
    page.goto(f"{live_server.url}/")
    page.locator(".choroplethlocation").first.wait_for()
    assert page.locator(".choroplethlocation").count() == Force.objects.count()


def test_pcc_cannot_reach_another_force_in_the_browser(live_server, page, figures):
    durham = Force.objects.get(slug="durham")
    sign_in(page, live_server, Role.PCC, force=durham, username="pcc-pages")
    for path in ("/forces/cumbria/", "/forces/cumbria/metrics/knife_crime_rate/"):
        assert page.goto(f"{live_server.url}{path}").status == 404
        assert page.locator("h1").inner_text() == "Page not found"
    # A month whose national figure is final: the limits are drawn around it.
    page.goto(f"{live_server.url}/metrics/knife_crime_rate/?period=2026-06")
    page.locator("[data-chart] .main-svg").first.wait_for()
    names = page.evaluate(
        "document.querySelector('[data-chart]').data.find(t => t.name === 'forces').text"
    )
    assert names == [durham.name]
    assert "Cumbria" not in page.content()


def test_the_explorer_form_works_from_the_keyboard(live_server, page, figures):
    sign_in(page, live_server, Role.ANALYST, username="analyst-pages")
    page.goto(f"{live_server.url}/metrics/crime_rate/")
    page.focus("#id_frequency")
    page.keyboard.press("ArrowDown")  # month -> quarter
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the Show button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Show"
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert "frequency=quarter" in page.url
    figure = json.loads(page.locator("#funnel-chart").text_content())
    assert figure["layout"]["title"]["text"].endswith("-Q3")  # 2026-Q3, the latest complete


def _verdict_icons(page, where: str) -> list[str]:
    """The text alternatives of the verdicts' icons in `where`, each of them drawn."""
    icons = page.locator(f"{where} img.app-verdict-icon")
    for i in range(icons.count()):
        icons.nth(i).scroll_into_view_if_needed()
        assert icons.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    return [icons.nth(i).get_attribute("alt") for i in range(icons.count())]


def _key_lines(page) -> list[str]:
    """The key's lines that explain an icon: the icon is decorative there, its words beside it."""
    lines = page.locator(".app-key li:has(img)")
    assert page.locator(".app-key img:not([alt=''])").count() == 0
    return [lines.nth(i).inner_text().strip() for i in range(lines.count())]


def test_verdicts_are_icons_with_their_words_and_a_key(live_server, page, figures):
    sign_in(page, live_server, Role.ANALYST, username="analyst-pages")
    page.goto(f"{live_server.url}/")
    grid = _verdict_icons(page, "table")
    assert set(grid) <= VERDICT_WORDS and len(grid) >= 12 * 4  # twelve forces, four measures
    durham = _verdict_icons(page, "tr:has(a:text-is('Durham Constabulary'))")
    assert "Special cause: concern (high)" in durham  # the jump in knife crime
    assert "Above the 99.8% limit" in durham
    assert set(_key_lines(page)) == VERDICT_WORDS
    page.goto(f"{live_server.url}/forces/durham/")
    profile = _verdict_icons(page, ".app-small-multiples")
    assert set(profile) <= VERDICT_WORDS and "Special cause: concern (high)" in profile
    assert set(_key_lines(page)) == VERDICT_WORDS


def test_the_overviews_43_forces_fit_on_about_two_screens(live_server, page, reference_data):
    """Every force judged on every headline measure, each cell complete: at 1280 wide each
    force's row is one line and the grid no taller than two 800-pixel screens."""
    for force in Force.objects.all():
        for metric in HEADLINES.values():
            period = latest_due_months(metric.dataset, 1)[0]
            AssessmentFactory(force=force, metric=metric.code, period=period)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, Role.ANALYST, username="analyst-pages")
    page.goto(f"{live_server.url}/")
    assert page.locator("table tbody tr").count() == Force.objects.count() == 43
    row = page.locator("table tbody tr").first.bounding_box()["height"]
    assert row < 40
    assert page.locator("table").bounding_box()["height"] <= 2 * 800
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # no sideways scroll


def test_a_rejected_returns_long_bad_value_wraps_inside_the_page(live_server, page, reference_data):
    # A sender's 200,000-character field is shown (cut to its start) in the problems table,
    # which must not widen the page.
    durham = Force.objects.get(slug="durham")
    error = {"row": 4, "column": "call_id", "rule": "max_length", "value": "X" * 80}
    error["message"] = "call_id is longer than 64 characters"
    rejected = ReturnFactory(
        force=durham,
        status="rejected",
        report={"valid": False, "errors": [error], "errors_by_rule": {"max_length": 1}},
    )
    sign_in(page, live_server, Role.FORCE_DATA_OFFICER, force=durham, username="officer-pages")
    page.goto(f"{live_server.url}/returns/{rejected.pk}/")
    assert "XXXXXXXXXX" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # no sideways scroll
