"""What the tests in headless Chromium share: signing in through the sign-in form, the
Content Security Policy's complaints, axe-core's serious and critical violations, and
screenshots saved under SCREENSHOT_DIR (default var/screenshots)."""

import os
from pathlib import Path

from django.conf import settings

from accounts.roles import Role
from forces.models import Force
from tests.accounts.factories import PASSWORD, user_with_role

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(settings.BASE_DIR) / "var/screenshots"))


def sign_in(
    page, live_server, role: Role, *, username: str, force: Force | None = None, next: str = ""
):
    """Make a user of `role` (in `force`) and sign in as them through the form, to land on
    `next` (or where the site starts them); the user is returned."""
    user = user_with_role(role, force=force, username=username, password=PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/" + (f"?next={next}" if next else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state("networkidle")
    return user


def csp_violations(page) -> list[str]:
    """A list the page's complaints of the Content Security Policy are added to from now on."""
    complaints = []
    page.on(
        "console",
        lambda msg: complaints.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return complaints


def serious_axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, each in a line."""
    page.evaluate(AXE.read_text())  # evaluated by the browser's debugger, outside the CSP
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str) -> Path:
    """The whole page saved as SCREENSHOTS/<name>.png, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
