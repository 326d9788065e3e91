"""Engage in Chromium: an inspector takes a flag to a case, moves it through the forms (an
error summary first), records a PPOG meeting with a decision and a document, a PEEL grade and
a recommendation's progress, and the pages pass axe-core with no serious or critical
violation."""

import pytest

from accounts.roles import Role
from tests.browser import csp_violations, serious_axe_violations, sign_in
from tests.engage.factories import (
    PDF,
    CaseFactory,
    RecommendationFactory,
    ReportFactory,
    ResponseFactory,
)
from tests.oversight.factories import FlagFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_inspector_takes_a_flag_to_a_case_and_moves_it(live_server, page, force_a):
    flag = FlagFactory(force=force_a)
    csp = csp_violations(page)
    sign_in(
        page, live_server, Role.INSPECTOR, username="inspector-engage", next=f"/flags/{flag.pk}/"
    )

    page.click("button:has-text('Raise as a cause of concern')")
    page.wait_for_selector("h1:has-text('Engage case durham-')")
    assert "Raised as a cause of concern" in page.locator(".govuk-notification-banner").inner_text()
    assert "Scan (routine monitoring)" in page.locator("#case-state").inner_text()
    assert serious_axe_violations(page) == []

    page.click("a:has-text('Move the case')")
    page.check("label:has-text('Engage')")
    page.click("button:has-text('Move the case')")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert serious_axe_violations(page) == []
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
    assert serious_axe_violations(page) == []
    page.select_option("#id_kind", "no_special_cause_of_concern")
    page.select_option("#id_metric", "grade1_within_standard")
    page.fill("#id_months", "6")
    page.click("button:has-text('Add the exit criterion')")
    page.wait_for_selector(".govuk-notification-banner:has-text('Exit criterion added')")

    page.click(".govuk-summary-card__action a:has-text('Close')")
    page.wait_for_selector("h1:has-text('Close the cause')")
    assert serious_axe_violations(page) == []
    page.fill("#id_reason", "The flag was a data error, corrected in the next return")
    page.click("button:has-text('Close the cause')")
    page.wait_for_selector(".govuk-summary-card .govuk-tag:has-text('Closed')")
    assert page.locator(".govuk-summary-card__action").count() == 0

    page.goto(f"{live_server.url}/engage/")
    assert page.locator("#cases").inner_text().count("durham-") == 1
    assert serious_axe_violations(page) == []
    assert csp == []


def test_inspector_records_a_meeting_a_grade_and_a_recommendations_progress(
    live_server, page, force_a, settings, tmp_path
):
    settings.ENGAGE_DOCUMENTS_DIR = tmp_path / "documents"
    case = CaseFactory(force=force_a, reference="durham-20240301")
    report = ReportFactory(force=force_a, title="PEEL 2023-25: Durham")
    rec = RecommendationFactory(report=report, reference="R1")
    ResponseFactory(report=report)
    csp = csp_violations(page)
    sign_in(page, live_server, Role.INSPECTOR, username="inspector-meetings", next="/engage/")

    page.click("a:has-text('PPOG meetings')")
    page.wait_for_selector("h1:has-text('PPOG meetings')")
    assert serious_axe_violations(page) == []
    page.click("a:has-text('Record a meeting')")
    page.wait_for_selector("h1:has-text('Record a PPOG meeting')")
    assert serious_axe_violations(page) == []
    page.click("button:has-text('Record the meeting')")
    page.locator(".govuk-error-summary").wait_for()
    assert serious_axe_violations(page) == []
    page.fill("#id_held_on", "2024-05-14")
    page.fill("#id_attendees", "HMI Wendy Williams (chair)\nHome Office")
    page.check("label:has-text('Durham Constabulary')")
    page.click("button:has-text('Record the meeting')")
    page.wait_for_selector("h1:has-text('PPOG meeting of 14 May 2024')")
    assert serious_axe_violations(page) == []

    page.select_option("#id_case", str(case.pk))
    page.fill("#id_text", "Remain under PPOG oversight")
    page.click("button:has-text('Add the decision')")
    page.wait_for_selector(".govuk-notification-banner:has-text('Decision on durham-20240301')")
    page.set_input_files(
        "#id_file", {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"text"}
    )
    page.click("button:has-text('Attach the document')")
    page.locator(".govuk-error-summary:has-text('Only PDF, DOCX and ODT')").wait_for()
    assert serious_axe_violations(page) == []
    page.set_input_files(
        "#id_file", {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.click("button:has-text('Attach the document')")
    page.wait_for_selector("#documents ~ ul a:has-text('letter.pdf')")
    assert serious_axe_violations(page) == []

    page.goto(f"{live_server.url}/engage/reports/")
    assert "PEEL 2023-25: Durham" in page.locator("#reports").inner_text()
    assert serious_axe_violations(page) == []
    page.click(f"a[href='/engage/recommendations/{rec.pk}/']")
    page.check("label:has-text('In progress')")
    page.fill("#id_evidence", "New call handlers in post")
    page.click("button:has-text('Save the recommendation')")
    page.wait_for_selector("#recommendation-status:has-text('In progress')")
    assert serious_axe_violations(page) == []

    page.goto(f"{live_server.url}/engage/peel/durham/")
    page.click("a:has-text('Add a PEEL grade')")
    page.wait_for_selector("h1:has-text('Add a PEEL grade')")
    assert serious_axe_violations(page) == []
    page.click("button:has-text('Add the grade')")
    page.locator(".govuk-error-summary").wait_for()
    assert serious_axe_violations(page) == []
    page.check("label:has-text('PEEL 2023–25')")
    page.fill("#id_question", "Investigating crime")
    page.fill("#id_year", "2024")
    page.check("label:has-text('Requires improvement')")
    page.click("button:has-text('Add the grade')")
    page.wait_for_selector("#peel-comparison:has-text('Requires improvement (2024)')")
    assert csp == []
