"""The API against its own schema, with schemathesis: as a force data officer and as an analyst,
every GET operation and the validation dry run answer no 5xx, only documented statuses and
bodies that conform, accept what the schema allows and refuse what it forbids."""

from datetime import date

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.config import SchemathesisConfig

from accounts.roles import Role
from accounts.services import token_create
from metrics.datasets import DATASETS
from metrics.returns.services import return_process, return_submit
from tests.accounts.factories import user_with_role
from tests.engage.factories import (
    ActionFactory,
    CriterionFactory,
    DecisionFactory,
    DocumentFactory,
    PeelGradeFactory,
    RecommendationFactory,
    ResponseFactory,
    SupportDecisionFactory,
)
from tests.metrics.conftest import emergency_calls_file
from tests.metrics.factories import ObservationFactory, RecordingChangeFactory
from tests.oversight.factories import FlagFactory, ReturnFlagFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PERSONAS = {"officer": Role.FORCE_DATA_OFFICER, "analyst": Role.ANALYST}

# Where a request the schema allows may still be refused with 400, for what no schema can say:
ACCEPTS_400 = [
    # a file's content, and whether its month has begun, are read from the file and the clock;
    "/api/v1/returns/validate",
    # period_from must not follow period_to, nor lie more than MAX_MONTHS before it.
    "/api/v1/completeness/",
]
CONFIG = {
    # NUL, which PostgreSQL cannot hold, answers 400 in a query and 404 in a path
    # (tests/kit/test_api.py tries it in every text parameter); the schema does not spell that
    # out for each.
    "generation": {"mode": "all", "max-examples": 10, "deterministic": True, "allow-x00": False},
    "operations": [
        {
            "include-path": path,
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "400", "401", "403", "404", "429"]
                }
            },
        }
        for path in ACCEPTS_400
    ],
}


@pytest.fixture
def objects(force_a, settings, tmp_path):
    """One of everything the API shows, for force A, made as the pipeline and the unit would;
    the path parameters of each detail operation that name one of them."""
    settings.RETURNS_DIR = tmp_path / "returns"
    settings.ENGAGE_DOCUMENTS_DIR = tmp_path / "documents"
    ret, _ = return_submit(
        user=user_with_role(Role.FORCE_DATA_OFFICER, force=force_a),
        force=force_a,
        dataset=DATASETS["emergency_calls"],
        period=date(2024, 3, 1),
        upload=SimpleUploadedFile("calls.csv", emergency_calls_file()),
    )
    return_process(return_id=ret.pk)
    for month in range(1, 4):
        ObservationFactory(force=force_a, period=date(2024, month, 1))
    ReturnFlagFactory(force=force_a)
    RecordingChangeFactory(force=force_a, pending=True)
    criterion = CriterionFactory(cause__case__force=force_a)
    ActionFactory(case=criterion.cause.case)
    meeting = DecisionFactory(case=criterion.cause.case).meeting
    DocumentFactory(meeting=meeting)
    recommendation = RecommendationFactory(force=force_a)
    return {
        "/api/v1/forces/{slug}/": {"slug": force_a.slug},
        "/api/v1/datasets/{code}/": {"code": "emergency_calls"},
        "/api/v1/metrics/{code}/": {"code": "calls_answered_10s"},
        "/api/v1/returns/{id}/": {"id": ret.pk},
        "/api/v1/returns/{id}/file": {"id": ret.pk},
        "/api/v1/recording-changes/{id}/": {"id": RecordingChangeFactory(force=force_a).pk},
        "/api/v1/flags/{id}/": {"id": FlagFactory(force=force_a).pk},
        "/api/v1/engage/cases/{id}/": {"id": criterion.cause.case.pk},
        "/api/v1/engage/meetings/{id}/": {"id": meeting.pk},
        "/api/v1/engage/recommendations/{id}/": {"id": recommendation.pk},
        "/api/v1/engage/section-55/{id}/": {"id": ResponseFactory(report=recommendation.report).pk},
        "/api/v1/engage/peel-grades/{id}/": {"id": PeelGradeFactory(force=force_a).pk},
        "/api/v1/engage/support-levels/{id}/": {"id": SupportDecisionFactory(force=force_a).pk},
        "/api/v1/standards/forces/{slug}/": {"slug": force_a.slug},
    }


@pytest.fixture(params=list(PERSONAS))
def api_schema(request, objects, force_a, settings):
    settings.RATE_LIMIT_API = settings.RATE_LIMIT_RETURNS = "off"
    persona = request.param
    user = user_with_role(PERSONAS[persona], force=force_a if persona == "officer" else None)
    _, raw = token_create(user=user)
    config = SchemathesisConfig.from_dict(
        {
            **CONFIG,
            "headers": {"Authorization": f"Token {raw}"},
            # The coverage phase tries each parameter's boundaries and wrong types, which the
            # API validates alike for everyone: once, as the analyst, who sees the most, keeps
            # the suite quick. Both personas are fuzzed with random requests.
            "phases": {"coverage": {"enabled": persona == "analyst"}},
        }
    )
    # As Django's test client does: a request must not close the test's connection, whose
    # transaction holds the objects.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), config=config
    )
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema").include(
    lambda ctx: ctx.operation.method.upper() == "GET"
    or ctx.operation.path == "/api/v1/returns/validate"
)


@schema.parametrize()
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()


def test_each_object_shown_conforms_to_its_schema(request, api_schema, objects):
    """Random ids rarely name an object: each detail operation is also asked for a real one.
    The analyst sees them all; outside the officer's scope (Engage, performance flags), 404."""
    detail = [
        op.path
        for op in (result.ok() for result in api_schema.get_all_operations())
        if op.method.upper() == "GET" and "{" in op.path
    ]
    assert sorted(detail) == sorted(objects), "a detail operation with no object to show"
    seen = {}
    for path, parameters in objects.items():
        case = api_schema[path]["GET"].Case(path_parameters=parameters)
        seen[path] = case.call_and_validate(headers=api_schema.config.headers).status_code
    if request.node.callspec.params["api_schema"] == "analyst":
        assert set(seen.values()) == {200}, seen
    else:
        assert set(seen.values()) == {200, 404}, seen
