"""The standards pages in headless Chromium, as an analyst and as a PCC: each opens, its charts
are drawn inside their frames, axe-core finds no serious or critical violation, the Content
Security Policy has no complaint, and the PCC sees no case reference nor another force."""

from datetime import date

import pytest

from accounts.roles import Role
from forces.models import Force
from kit.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from metrics.observations.models import Observation
from oversight.flags.nightly import nightly_run
from standards.selectors import FUNNELS, OUTCOMES, THROUGHPUT
from tests.browser import csp_violations, screenshot, serious_axe_violations, sign_in
from tests.metrics.factories import ObservationFactory
from tests.standards.factories import CaseFactory, misconduct_return
from tests.test_pages_browser import _charts_drawn_inside_their_frames

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

MONTHS = [m.first_day for m in Month.between(Month(2025, 9), Month(2026, 10))]
LATEST = MONTHS[-1]


def _counts(code: str, i: int, m: int) -> float:
    return 8.0 + (i * 5 + m * 3 + len(code)) % 13


@pytest.fixture
def standards_figures(reference_data):
    """Fourteen months of the standards counts for twelve forces and England and Wales, the
    nightly verdicts over them, and Durham's latest misconduct return with open cases of
    every age and a dismissal not yet notified to the barred list."""
    forces = list(Force.objects.order_by("name")[:12])
    codes = [c for c, _ in (*OUTCOMES, *THROUGHPUT) if c in METRICS_BY_CODE]
    codes += [c for c in FUNNELS if c not in codes]
    officers = {f.pk: 1000.0 + 150 * i for i, f in enumerate(forces)}
    for code in codes:
        per = getattr(METRICS_BY_CODE[code].computation, "per", None)
        for m, period in enumerate(MONTHS):
            total = 0.0
            for i, force in enumerate(forces):
                n = _counts(code, i, m)
                d = officers[force.pk] if per else None
                ObservationFactory(
                    force=force,
                    metric=code,
                    period=period,
                    numerator=n,
                    denominator=d,
                    value=n / d * per if per else n,
                )
                total += n
            d = sum(officers.values()) if per else None
            ObservationFactory(
                level=Observation.Level.NATIONAL,
                force=None,
                metric=code,
                period=period,
                numerator=total,
                denominator=d,
                value=total / d * per if per else total,
            )
    durham = Force.objects.get(slug="durham")
    received = [date(2026, 10, 1), date(2026, 6, 1), date(2026, 1, 1), date(2025, 6, 1)]
    cases = [CaseFactory(received_date=r) for r in received for _ in range(6)]
    cases.append(
        CaseFactory(
            received_date=date(2025, 1, 1), concluded_date=date(2026, 10, 2), outcome="dismissal"
        )
    )
    misconduct_return(durham, LATEST, cases)
    nightly_run(today=date(2026, 12, 1))
    return forces


@pytest.mark.parametrize(
    "role, paths",
    [
        ("analyst", ["/standards/", "/standards/durham/"]),
        ("pcc", ["/standards/durham/"]),
    ],
)
def test_the_standards_pages_draw_and_pass_axe(live_server, page, standards_figures, role, paths):
    durham = Force.objects.get(slug="durham")
    errors = csp_violations(page)
    page.on("pageerror", lambda error: errors.append(str(error)))
    roles = {"analyst": Role.ANALYST, "pcc": Role.PCC}
    force = durham if role == "pcc" else None
    sign_in(page, live_server, roles[role], force=force, username=f"{role}-standards")
    problems = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (role, path, response.status)
        page.wait_for_load_state("networkidle")
        assert _charts_drawn_inside_their_frames(page) >= 3, path
        screenshot(page, f"{role}-standards-{path.strip('/').replace('/', '-')}")
        if violations := serious_axe_violations(page):
            problems[path] = violations
    assert problems == {}
    assert errors == []


def test_a_pcc_reaches_only_their_own_forces_standards(live_server, page, standards_figures):
    durham = Force.objects.get(slug="durham")
    sign_in(page, live_server, Role.PCC, force=durham, username="pcc-standards")
    page.goto(f"{live_server.url}/standards/")
    assert page.url.endswith("/standards/durham/")
    assert "MC-" not in page.content()
    assert page.goto(f"{live_server.url}/standards/cumbria/").status == 404
