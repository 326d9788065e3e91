"""The access policy: one table of role x decision, and every rule from the denied side."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts import access
from accounts.access import POLICY, Decision, Scope
from accounts.roles import Role
from engage.policy import EngageDecision
from metrics.returns.notifications import data_officers_of
from neighbourhood.policy import NeighbourhoodDecision
from standards.policy import StandardsDecision
from tests.accounts.factories import user_with_role
from tests.metrics.conftest import emergency_calls_file, upload
from tests.metrics.factories import ReturnFactory
from tests.oversight.factories import FlagFactory

pytestmark = pytest.mark.django_db

README = Path(settings.BASE_DIR) / "README.md"


def test_every_decision_is_in_the_table_for_every_role():
    # engage, standards and neighbourhood add their own
    added = set(EngageDecision) | set(StandardsDecision) | set(NeighbourhoodDecision)
    assert set(POLICY) == set(Decision) | added
    for rule in POLICY.values():
        assert set(rule.grants) == set(Role)


def test_an_app_may_not_redefine_a_decision():
    rule = POLICY[EngageDecision.READ_ENGAGE]
    access.policy_add({EngageDecision.READ_ENGAGE: rule})  # the same again: no change
    changed = access.Rule("Read everything", access.grants(*[access.ALL] * 5))
    with pytest.raises(ImproperlyConfigured):
        access.policy_add({EngageDecision.READ_ENGAGE: changed})
    assert POLICY[EngageDecision.READ_ENGAGE] == rule


def test_readme_holds_the_policy_table():
    assert access.policy_table_markdown() in README.read_text()


def test_a_user_without_a_role_is_granted_nothing(db):
    nobody = user_with_role(None, username="nobody")
    assert all(access.scope(nobody, d) == Scope.NONE for d in POLICY)
    assert not access.forces_where(nobody, Decision.SEE_FORCE).exists()


def test_own_force_decisions_reach_only_that_force(pcc_a, force_a, force_b):
    assert access.allows(pcc_a, Decision.SEE_FIGURES, force_a)
    assert not access.allows(pcc_a, Decision.SEE_FIGURES, force_b)
    assert list(access.forces_where(pcc_a, Decision.SEE_COMPLETENESS)) == [force_a]
    assert access.acting_force(pcc_a) == force_a


def test_users_with_one_viewpoint_are_decided_alike(analyst, inspector, pcc_a, pcc_b, force_a):
    second_pcc_a = user_with_role(Role.PCC, force=force_a, username="deputy-pcc-a")
    nobody = user_with_role(None, username="nobody")
    users = [analyst, inspector, pcc_a, pcc_b, second_pcc_a, nobody]
    for one in users:
        for other in users:
            if access.viewpoint(one) == access.viewpoint(other):
                assert access.acting_force(one) == access.acting_force(other)
                assert all(access.scope(one, d) == access.scope(other, d) for d in POLICY)
    assert access.viewpoint(pcc_a) == access.viewpoint(second_pcc_a)
    assert len({access.viewpoint(u) for u in [analyst, inspector, pcc_a, pcc_b, nobody]}) == 5


def test_pcc_gets_no_returns_and_no_raw_files_in_pages_or_api(client, api_as, officer_a, pcc_a):
    rid = upload(api_as(officer_a), emergency_calls_file()).json()["id"]
    client.force_login(pcc_a)
    for path in ["/returns/", f"/returns/{rid}/", f"/returns/{rid}/file", "/returns/new/"]:
        assert client.get(path).status_code == 404, path
    api = api_as(pcc_a)
    assert api.get("/api/v1/returns/").json()["count"] == 0
    assert api.get(f"/api/v1/returns/{rid}/file").status_code == 404
    assert api.get(f"/api/v1/returns/{rid}/").status_code == 404


def test_pcc_sees_own_completeness_status_and_due_date_without_the_return(api_as, pcc_a):
    ret = ReturnFactory(period=date(2024, 3, 1))
    body = api_as(pcc_a).get(
        "/api/v1/completeness/?period_from=2024-03&period_to=2024-03&dataset=emergency_calls"
    )
    cells = body.json()["results"]
    assert [(c["force"], c["status"], c["due_date"]) for c in cells] == [
        ("durham", "on_time", "2024-04-10")
    ]
    assert cells[0]["return_id"] is None and ret.pk
    officer = user_with_role(Role.FORCE_DATA_OFFICER, force=ret.force, username="officer-c")
    mine = api_as(officer).get(
        "/api/v1/completeness/?period_from=2024-03&period_to=2024-03&dataset=emergency_calls"
    )
    assert mine.json()["results"][0]["return_id"] == ret.pk


def test_force_data_officer_sees_only_return_flags_and_no_figures(client, officer_a, force_a):
    missing = FlagFactory(force=force_a, metric="", rule="missing_return")
    signal = FlagFactory(force=force_a)
    client.force_login(officer_a)
    page = client.get("/flags/")
    assert list(page.context["page"].object_list) == [missing]
    assert client.get(f"/flags/{signal.pk}/").status_code == 404
    assert client.get("/forces/durham/metrics/calls_answered_10s/").status_code == 404
    assert client.get("/").url == "/returns/"


def test_pcc_starts_on_their_own_force_without_named_peers(client, pcc_a):
    client.force_login(pcc_a)
    page = client.get("/")
    assert page.context["force"].slug == "durham"
    assert page.context["similar"] is None and b"Similar forces</h2>" not in page.content


@pytest.mark.parametrize(
    "persona, rule, expected",
    [
        ("pcc_a", "outside_limits", 403),  # sees the flag, may not change it
        ("pcc_b", "outside_limits", 404),  # another force's flag does not exist for them
        ("officer_a", "missing_return", 403),
        ("officer_a", "outside_limits", 404),  # a performance flag is not theirs to see
        ("inspector", "outside_limits", 200),
    ],
)
def test_flag_status_denials_are_404_out_of_scope_and_403_in_scope(
    persona, rule, expected, request, api_as, client, force_a
):
    user = request.getfixturevalue(persona)
    if rule == "missing_return":
        flag = FlagFactory(force=force_a, rule=rule, metric="", dataset="emergency_calls")
    else:
        flag = FlagFactory(force=force_a, rule=rule)
    response = api_as(user).post(f"/api/v1/flags/{flag.pk}/status/", {"status": "acknowledged"})
    assert response.status_code == expected
    client.force_login(user)
    page = client.post(f"/flags/{flag.pk}/status/", {"status": "acknowledged"})
    assert page.status_code == (302 if expected == 200 else expected)


@pytest.mark.parametrize("persona, expected", [("analyst", 403), ("pcc_b", 404), ("pcc_a", 403)])
def test_declaring_a_recording_change_is_denied_by_scope(persona, expected, request, api_as):
    api = api_as(request.getfixturevalue(persona))
    response = api.post(
        "/api/v1/recording-changes/",
        {"force": "durham", "dataset": "emergency_calls", "effective_from": "2024-03"},
    )
    assert response.status_code == expected


@pytest.mark.parametrize(
    "persona, offered",
    [
        (
            "analyst",
            {
                "Overview",
                "Measures",
                "Returns",
                "Flags",
                "Completeness",
                "Recording changes",
                "Engage",
                "Professional standards",
                "Neighbourhood policing",
            },
        ),
        (
            "pcc_a",
            {
                "Overview",
                "Measures",
                "Flags",
                "Completeness",
                "Recording changes",
                "Engage",
                "Professional standards",
                "Neighbourhood policing",
            },
        ),
        (
            "officer_a",
            {"Returns", "Flags", "Completeness", "Recording changes", "Neighbourhood policing"},
        ),
    ],
)
def test_navigation_offers_what_the_policy_allows(persona, offered, request, client):
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/accounts/tokens/")
    labels = {item["label"] for item in page.context["navigation"]} - {"API tokens"}
    assert labels == offered


def test_notices_go_to_the_forces_own_data_officers_only(force_a, officer_a, officer_b, pcc_a):
    assert data_officers_of(force_a) == [officer_a.email]


def test_digest_goes_to_analysts_only(analyst, inspector, pcc_a, officer_a):
    recipients = access.users_who(Decision.RECEIVE_FLAG_DIGEST)
    assert recipients == [analyst]


# --- Nothing else decides access ---------------------------------------------------------------

PROJECT = Path(settings.BASE_DIR)
APPS = ["accounts", "config", "demo", "engage", "forces", "metrics", "oversight", "standards"]
ROLE_VALUES = {r.value for r in Role}


def _project_sources():
    for app in APPS:
        for path in (PROJECT / app).rglob("*.py"):
            if "migrations" not in path.parts and path != PROJECT / "accounts" / "access.py":
                yield path


def test_no_module_but_the_policy_reads_groups_or_calls_guardian():
    import ast

    problems = []
    for path in _project_sources():
        text = path.read_text()
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if any(n.split(".")[0] == "guardian" for n in names):
                    problems.append(f"{path}: imports guardian")
            if isinstance(node, ast.Compare):
                for operand in [node.left, *node.comparators]:
                    if isinstance(operand, ast.Constant) and operand.value in ROLE_VALUES:
                        problems.append(f"{path}:{node.lineno}: compares a role name")
                    for part in ast.walk(operand):
                        if (
                            isinstance(part, ast.Attribute)
                            and getattr(part.value, "id", "") == "Role"
                        ):
                            problems.append(f"{path}:{node.lineno}: compares a role")
        if re.search(r"groups__name|\.groups\.", text):
            problems.append(f"{path}: reads group membership")
    assert problems == []
