"""The GOV.UK layout, navigation by role, CSP and the API's documentation."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_layout_has_service_name_skip_link_phase_banner_and_footer(client, analyst):
    client.force_login(analyst)
    page = client.get("/").content.decode()
    assert 'class="govuk-skip-link"' in page and 'href="#main-content"' in page
    assert "Force performance oversight" in page
    assert "govuk-phase-banner" in page
    assert "govuk-footer" in page


@pytest.mark.parametrize("path", ["/", "/forces/durham/", "/accounts/tokens/", "/accounts/login/"])
def test_pages_have_no_inline_scripts_and_send_a_csp(client, analyst, path):
    if path != "/accounts/login/":
        client.force_login(analyst)
    for response in [client.get(path)]:
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        # Every script runs from a file; json_script's data blocks are data, never run.
        code = [tag for tag in scripts if 'type="application/json"' not in tag]
        assert code and all("src=" in tag for tag in code), (path, scripts)
        assert " style=" not in response.content.decode()


def test_navigation_depends_on_role(client, analyst, administrator):
    client.force_login(analyst)
    assert b'href="/admin/"' not in client.get("/").content
    client.force_login(administrator)
    assert b'href="/admin/"' in client.get("/").content


def test_force_page_shows_reference_facts(client, analyst):
    client.force_login(analyst)
    page = client.get("/forces/durham/").content.decode()
    for fact in [
        "Durham Constabulary",
        "E23000008",
        "North East",
        "Durham Police and Crime Commissioner",
        "650500",
    ]:
        assert fact in page


def test_govuk_assets_are_served(client):
    assert client.get("/static/govuk/govuk-frontend.min.css").status_code == 200
    assert client.get("/static/js/govuk-init.mjs").status_code == 200


def test_api_schema_and_docs(client, analyst):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/forces/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Swagger UI from our own static files, its start script from the page's own URL.
    page = docs.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    assert "/api/docs/?script=" in sources
    assert all(source.startswith("/") for source in sources), sources
    assert "<style" not in page and not re.search(r"<script>", page)
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content and b'"validatorUrl": null' in script.content
    for source in sources:
        if source.startswith("/static/"):
            assert client.get(source).status_code == 200, source


def test_force_api_detail_shape(api_as, analyst):
    body = api_as(analyst).get("/api/v1/forces/durham/").json()
    assert body["slug"] == "durham"
    assert body["ons_code"] == "E23000008"
    assert body["region"] == "North East"
    assert body["policing_body"]["kind"] == "pcc"
    assert body["populations"][0] == {
        "year": 2024,
        "population": 650500,
        "source": "ONS mid-2024 E&W estimates (MYE24 published Jul 2025) table MYE2 Persons; "
        "LAD23 sums to PFA23",
    }


def test_force_api_is_paginated(api_as, analyst):
    body = api_as(analyst).get("/api/v1/forces/?page_size=10").json()
    assert body["count"] == 43 and len(body["results"]) == 10 and body["next"]


def test_admin_assigns_a_role_and_force_to_a_new_user(client, administrator):
    from django.contrib.auth.models import User

    from accounts.selectors import forces_visible_to

    client.force_login(administrator)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "new-pcc",
            "usable_password": "false",
            "email": "pcc@example.gov.uk",
            "role": "pcc",
            "force": "cumbria",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="new-pcc")
    assert [f.slug for f in forces_visible_to(user)] == ["cumbria"]


def test_admin_refuses_a_pcc_without_a_force(client, administrator):
    from django.contrib.auth.models import User

    client.force_login(administrator)
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "loose-pcc",
            "usable_password": "false",
            "role": "pcc",
            "force": "",
        },
    )
    assert response.status_code == 200
    assert b"Choose the force this user is tied to." in response.content
    assert not User.objects.filter(username="loose-pcc").exists()
