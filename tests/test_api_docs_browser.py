"""The API documentation in headless Chromium: Swagger UI comes from the service's own static
files and lists every operation under the site's Content Security Policy, asking no other host
for anything."""

from urllib.parse import urlsplit

import pytest

from accounts.roles import Role
from tests.browser import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def test_api_docs_list_the_operations_offline_under_the_csp(live_server, page, client):
    csp = client.get("/api/docs/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    operations = [
        (method.upper(), path)
        for path, item in client.get("/api/schema/?format=json").json()["paths"].items()
        for method in item
    ]
    elsewhere, problems = [], []
    page.on(
        "request",
        lambda r: elsewhere.append(r.url)
        if urlsplit(r.url).netloc != urlsplit(live_server.url).netloc
        else None,
    )
    page.on(
        "console",
        lambda m: problems.append(m.text)
        if m.type == "error" or "Content Security" in m.text
        else None,
    )

    sign_in(page, live_server, Role.ANALYST, username="analyst-docs", next="/api/docs/")
    page.wait_for_selector(".opblock", timeout=15000)

    assert page.url == f"{live_server.url}/api/docs/"
    listed = page.evaluate(
        "[...document.querySelectorAll('.opblock-summary')].map(s => ["
        "s.querySelector('.opblock-summary-method').textContent,"
        "s.querySelector('.opblock-summary-path').dataset.path])"
    )
    assert sorted(map(tuple, listed)) == sorted(operations)
    assert elsewhere == []
    assert problems == []
