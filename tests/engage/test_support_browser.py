"""Levels of support in Chromium: an analyst records a force's level (an error summary first),
its performance improvement plan, an action and a review; the force's PCC reads its level and
history and is refused another force's. Every page passes axe-core with no serious or critical
violation, and none breaks the Content Security Policy."""

import pytest

from accounts.roles import Role
from tests.browser import csp_violations, serious_axe_violations, sign_in
from tests.engage.factories import CaseFactory, SupportDecisionFactory
from tests.oversight.factories import FlagFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_analyst_records_a_level_and_the_plan(live_server, page, force_a):
    FlagFactory(force=force_a)
    CaseFactory(force=force_a, reference="durham-20240301")
    csp = csp_violations(page)
    sign_in(page, live_server, Role.ANALYST, username="analyst-support", next="/engage/support/")

    page.wait_for_selector("h1:has-text('Levels of support')")
    assert serious_axe_violations(page) == []
    page.click("#support-levels a:has-text('Durham Constabulary')")
    page.wait_for_selector("#current-level:has-text('Not recorded')")
    assert serious_axe_violations(page) == []

    page.click("a:has-text('Record a level of support')")
    page.click("button:has-text('Record the level')")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert serious_axe_violations(page) == []
    page.check("label:has-text('Level 3')")
    page.fill("#id_decided_on", "2025-03-01")
    page.fill("#id_reasons", "Emergency calls answered too slowly for six months")
    page.check("#id_flags")
    page.select_option("#id_case", label="durham-20240301: Engage")
    page.click("button:has-text('Record the level')")
    page.wait_for_selector("#plan-required")
    assert "Level 3" in page.locator("#current-level").inner_text()
    assert "Engage case durham-20240301" in page.locator("#support-history").inner_text()
    assert serious_axe_violations(page) == []

    page.click("a:has-text('Record the plan received')")
    page.fill("#id_received_on", "2025-04-01")
    page.click("button:has-text('Save the plan')")
    page.click("a:has-text('Add a plan action')")
    assert serious_axe_violations(page) == []
    page.fill("#id_title", "Recruit twenty call handlers")
    page.fill("#id_owner", "Head of contact management")
    page.fill("#id_due_on", "2025-09-30")
    page.click("button:has-text('Save the action')")
    page.wait_for_selector("#plan-actions:has-text('Recruit twenty call handlers')")
    page.click("a:has-text('Record a review')")
    page.fill("#id_reviewed_on", "2025-05-01")
    page.check("label:has-text('Plan accepted')")
    assert serious_axe_violations(page) == []
    page.click("button:has-text('Record the review')")
    page.wait_for_selector("#plan-reviews:has-text('Plan accepted')")
    assert page.locator("#plan-required").count() == 0
    assert serious_axe_violations(page) == []

    page.goto(f"{live_server.url}/engage/support/")
    assert page.locator("#without-plan").count() == 0
    assert csp == []


def test_pcc_reads_their_own_force_level_only(live_server, page, force_a, force_b):
    SupportDecisionFactory(force=force_a, level=4, reasons="Calls unanswered")
    SupportDecisionFactory(force=force_b, level=3)
    csp = csp_violations(page)
    sign_in(
        page,
        live_server,
        Role.PCC,
        username="pcc-support",
        force=force_a,
        next="/engage/support/",
    )
    page.wait_for_selector("h1:has-text('Levels of support')")
    assert "Cumbria" not in page.locator("#support-levels").inner_text()
    assert serious_axe_violations(page) == []
    page.click("#support-levels a:has-text('Durham Constabulary')")
    page.wait_for_selector("#current-level:has-text('Level 4')")
    assert "Calls unanswered" in page.locator("#support-history").inner_text()
    assert page.locator("a:has-text('Record a level of support')").count() == 0
    assert serious_axe_violations(page) == []
    response = page.goto(f"{live_server.url}/engage/support/cumbria/")
    assert response.status == 404
    assert csp == []
