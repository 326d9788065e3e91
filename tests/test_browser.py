"""Real browser: sign in as a PCC in headless Chromium and see only their force."""

import pytest

from accounts.roles import Role
from tests.browser import csp_violations, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def test_pcc_signs_in_and_sees_only_their_force_with_govuk_js_running(live_server, page, force_a):
    violations = csp_violations(page)

    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    sign_in(page, live_server, Role.PCC, force=force_a, username="pcc-browser", next="/")

    # A PCC starts on their own force's profile, with no named peers and no returns.
    page.wait_for_selector("h1:has-text('Durham Constabulary')")
    assert page.url == f"{live_server.url}/"
    assert page.locator("h2:has-text('Similar forces')").count() == 0
    navigation = page.locator("#navigation").inner_text()
    assert "Returns" not in navigation and "Flags" in navigation
    # The module script ran under the CSP: GOV.UK Frontend marks the body as supported.
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" in font
    assert violations == []

    page.goto(f"{live_server.url}/forces/cumbria/")
    assert page.locator("h1").inner_text() == "Page not found"


def test_metric_chart_draws_under_the_content_security_policy(live_server, page, force_a):
    from datetime import date

    from tests.metrics.factories import ObservationFactory

    for month, value in enumerate([70, 72, 69, 71, 70, 73, 68, 71, 70, 72, 71, 69], start=1):
        ObservationFactory(
            force=force_a,
            metric="calls_answered_10s",
            period=date(2024, month, 1),
            numerator=value,
            denominator=100,
            value=value,
        )
    messages = []
    page.on("console", lambda msg: messages.append(msg.text))
    sign_in(
        page,
        live_server,
        Role.ANALYST,
        username="analyst-browser",
        next="/forces/durham/metrics/calls_answered_10s/",
    )
    page.wait_for_selector("#metric-chart-plot .scatterlayer .trace", timeout=15000)
    # Twelve points and the mean and limits are drawn.
    assert page.locator("#metric-chart-plot .scatterlayer .trace").count() == 4
    assert page.locator("#metric-chart-plot .scatterlayer .point").count() == 12
    assert not [m for m in messages if "script-src" in m]
    # plotly.js's styles come from our stylesheet, so its layers overlap as they should: the
    # title, legend and annotations lie inside the plot's own area, not below it (with the
    # styles blocked, the layers stack and the container grows to hold them).
    container = page.locator("#metric-chart-plot .main-svg").first.bounding_box()
    assert page.locator("#metric-chart-plot").bounding_box()["height"] == container["height"]
    parts = [".gtitle", ".legend", ".annotation"]
    for selector in parts:
        located = page.locator(f"#metric-chart-plot {selector}")
        assert located.count() >= 1, selector
        for i in range(located.count()):
            box = located.nth(i).bounding_box()
            assert container["y"] <= box["y"], selector
            assert box["y"] + box["height"] <= container["y"] + container["height"], selector
            assert container["x"] <= box["x"], selector
            assert box["x"] + box["width"] <= container["x"] + container["width"], selector
    y_range, standard = page.evaluate(
        "(() => { const l = document.getElementById('metric-chart-plot')._fullLayout;"
        " return [l.yaxis.range, l.shapes.find(s => s.yref === 'y').y0]; })()"
    )
    assert y_range[0] <= standard <= y_range[1]
