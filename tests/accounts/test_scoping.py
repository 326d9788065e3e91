"""Who sees which forces, on pages and in the API, from the allowed and the denied side."""

import pytest

from accounts.roles import Role
from accounts.selectors import forces_visible_to
from accounts.services import user_assign_role
from forces.models import Force
from tests.accounts.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["analyst", "inspector", "administrator"])
def test_national_roles_see_all_43_forces_on_start_page_and_api(persona, request, client, api_as):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get("/")
    assert page.status_code == 200
    assert len(page.context["rows"]) == 43
    body = api_as(user).get("/api/v1/forces/").json()
    assert body["count"] == 43
    assert len({f["slug"] for f in body["results"]}) == 43


@pytest.mark.parametrize("persona", ["pcc_a", "officer_a"])
def test_force_roles_see_exactly_their_own_force(persona, request, client, api_as, force_a):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    page = client.get("/forces/durham/")
    assert b"Durham Constabulary" in page.content
    assert client.get("/forces/cumbria/").status_code == 404
    body = api_as(user).get("/api/v1/forces/").json()
    assert body["count"] == 1
    assert [f["slug"] for f in body["results"]] == ["durham"]


def test_user_without_role_sees_no_forces(client, api_as):
    user = UserFactory()
    client.force_login(user)
    assert list(client.get("/").context["rows"]) == []
    assert api_as(user).get("/api/v1/forces/").json()["count"] == 0
    assert client.get("/forces/durham/").status_code == 404


def test_pcc_of_force_a_gets_404_for_force_b_page_and_api_detail(client, api_as, pcc_a):
    client.force_login(pcc_a)
    assert client.get("/forces/durham/").status_code == 200
    assert client.get("/forces/cumbria/").status_code == 404
    api = api_as(pcc_a)
    assert api.get("/api/v1/forces/durham/").status_code == 200
    denied = api.get("/api/v1/forces/cumbria/")
    assert denied.status_code == 404
    assert denied.json()["error"]["code"] == "not_found"


def test_denied_force_answers_like_a_missing_one(api_as, officer_a):
    api = api_as(officer_a)
    denied = api.get("/api/v1/forces/cumbria/")
    missing = api.get("/api/v1/forces/no-such-force/")
    assert denied.status_code == missing.status_code == 404
    assert denied.json() == missing.json()


def test_pcc_does_not_see_named_similar_forces(client, pcc_a, analyst, force_a, force_b):
    force_a.similar_forces.create(similar=force_b, rank=1, source="official")
    client.force_login(analyst)
    assert b"Cumbria Constabulary" in client.get("/forces/durham/").content
    client.force_login(pcc_a)
    assert b"Cumbria Constabulary" not in client.get("/forces/durham/").content


def test_reassigning_role_removes_the_old_force(force_a, force_b):
    user = user_with_role(Role.PCC, force=force_a)

    user_assign_role(user=user, role=Role.PCC, force=force_b)
    assert list(forces_visible_to(user)) == [force_b]
    user_assign_role(user=user, role=Role.ANALYST)
    assert forces_visible_to(user).count() == Force.objects.count() == 43


def test_force_role_without_force_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="must be tied to a force"):
        user_with_role(Role.FORCE_DATA_OFFICER)
