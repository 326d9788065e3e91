"""Engage in Chromium: an inspector takes a flag to a case, moves it through the forms (an
error summary first), and the pages pass axe-core with no serious or critical violation."""

from pathlib import Path

import pytest
from django.conf import settings

from accounts.roles import Role
from tests.accounts.factories import PASSWORD, user_with_role
from tests.oversight.factories import FlagFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def _serious_axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())  # evaluated by the browser's debugger, outside the CSP
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_inspector_takes_a_flag_to_a_case_and_moves_it(live_server, page, force_a):
    flag = FlagFactory(force=force_a)
    user_with_role(Role.INSPECTOR, username="inspector-engage", password=PASSWORD)
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else 0)
    page.goto(f"{live_server.url}/accounts/login/?next=/flags/{flag.pk}/")
    page.fill("#id_username", "inspector-engage")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")

    page.click("button:has-text('Raise as a cause of concern')")
    page.wait_for_selector("h1:has-text('Engage case durham-')")
    assert "Raised as a cause of concern" in page.locator(".govuk-notification-banner").inner_text()
    assert "Scan (routine monitoring)" in page.locator("#case-state").inner_text()
    assert _serious_axe_violations(page) == []

    page.click("a:has-text('Move the case')")
    page.check("label:has-text('Engage')")
    page.click("button:has-text('Move the case')")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert _serious_axe_violations(page) == []
    summary.locator("a:has-text('Say why the case moves')").click()
    assert page.evaluate("document.activeElement.id") == "id_reason"
    page.keyboard.type("The force has not answered the cause of concern")
    page.click("button:has-text('Move the case')")

    page.wait_for_selector("#case-state:has-text('Engage')")
    timeline = page.locator("#timeline ~ ol").inner_text()
    assert "Moved from Scan (routine monitoring) to Engage" in timeline
    assert "State: Scan (routine monitoring) → Engage" in timeline

    page.click(".govuk-summary-card__action a:has-text('Add an exit criterion')")
    page.click("button:has-text('Add the exit criterion')")
    page.locator(".govuk-error-summary").wait_for()
    assert _serious_axe_violations(page) == []
    page.select_option("#id_kind", "no_special_cause_of_concern")
    page.select_option("#id_metric", "grade1_within_standard")
    page.fill("#id_months", "6")
    page.click("button:has-text('Add the exit criterion')")
    page.wait_for_selector(".govuk-notification-banner:has-text('Exit criterion added')")

    page.click(".govuk-summary-card__action a:has-text('Close')")
    page.wait_for_selector("h1:has-text('Close the cause')")
    assert _serious_axe_violations(page) == []
    page.fill("#id_reason", "The flag was a data error, corrected in the next return")
    page.click("button:has-text('Close the cause')")
    page.wait_for_selector(".govuk-summary-card .govuk-tag:has-text('Closed')")
    assert page.locator(".govuk-summary-card__action").count() == 0

    page.goto(f"{live_server.url}/engage/")
    assert page.locator("#cases").inner_text().count("durham-") == 1
    assert _serious_axe_violations(page) == []
    assert csp == []
