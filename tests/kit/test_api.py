"""The API's conventions (kit/api.py, kit/api_schema.py): the OpenAPI schema says what
the API answers (months, lists, errors), and the API refuses what the schema forbids."""

import json
import re
from datetime import date
from urllib.parse import quote

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from kit.api import MONTH_PATTERN
from kit.api_schema import ERROR_SCHEMA
from metrics.catalogue import METRICS
from tests.engage.factories import PeelGradeFactory, ResponseFactory
from tests.metrics.factories import RecordingChangeFactory
from tests.oversight.factories import FlagFactory

pytestmark = pytest.mark.django_db

MONTH = {"type": "string", "pattern": MONTH_PATTERN, "example": "2026-10"}


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def operation(schema, path, method="get"):
    return schema["paths"][path][method]


def component(schema, name):
    return schema["components"]["schemas"][name]


def test_months_are_declared_as_the_yyyy_mm_they_are_sent_as(schema, api_as, analyst, force_a):
    for name, field in [
        ("Flag", "period"),
        ("CompletenessCell", "period"),
        ("Return", "period"),
        ("RecordingChange", "effective_from"),
    ]:
        declared = component(schema, name)["properties"][field]
        assert MONTH.items() <= declared.items() and "format" not in declared, name
    FlagFactory(force=force_a, period=date(2026, 10, 1))
    api = api_as(analyst)
    flag = api.get("/api/v1/flags/").json()["results"][0]
    cell = api.get("/api/v1/completeness/?force=durham&period_from=2026-10&period_to=2026-10")
    assert flag["period"] == cell.json()["results"][0]["period"] == "2026-10"
    assert re.fullmatch(MONTH_PATTERN, "2026-10")
    assert not re.fullmatch(MONTH_PATTERN, "2026-10-01")


def test_the_datasets_list_is_declared_as_the_object_it_answers(schema, api_as, analyst):
    declared = operation(schema, "/api/v1/datasets/")["responses"]["200"]
    assert declared["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DatasetList"
    }
    assert set(component(schema, "DatasetList")["properties"]) == {"count", "results"}
    body = api_as(analyst).get("/api/v1/datasets/").json()
    assert set(body) == {"count", "results"} and body["count"] == len(body["results"]) == 9


def test_section_55_compliance_is_declared_as_the_list_it_answers(schema, api_as, analyst, force_a):
    compliance = operation(schema, "/api/v1/engage/section-55/compliance/")
    assert compliance["responses"]["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Section55Compliance"},
    }
    assert "parameters" not in compliance  # neither paged nor filtered
    ResponseFactory(due_on=date(2024, 5, 30))
    body = api_as(analyst).get("/api/v1/engage/section-55/compliance/").json()
    assert isinstance(body, list) and body
    assert set(body[0]) == set(component(schema, "Section55Compliance")["properties"])


def test_every_operation_declares_its_errors_in_the_one_format(schema):
    responses = schema["components"]["responses"]
    for name in ["BadRequest", "Unauthorized", "Forbidden", "NotFound", "TooManyRequests"]:
        assert responses[name]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert component(schema, "Error") == ERROR_SCHEMA
    for path, item in schema["paths"].items():
        for method, declared in item.items():
            errors = {
                code: declared["responses"].get(code) for code in ["400", "401", "403", "404"]
            }
            assert errors == {
                "400": {"$ref": "#/components/responses/BadRequest"},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
                "404": {"$ref": "#/components/responses/NotFound"},
            }, (method, path)
    for path in ["/api/v1/returns/", "/api/v1/returns/validate"]:
        too_large = operation(schema, path, "post")["responses"]["413"]
        assert too_large["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v1/forces/atlantis/", 404),
        ("/api/v1/forces/?page_size=0", 400),
        ("/api/v1/observations/?metric=happiness", 400),
    ],
)
def test_errors_answer_the_declared_error_schema(api_as, analyst, url, status):
    response = api_as(analyst).get(url)
    assert response.status_code == status
    jsonschema.validate(response.json(), ERROR_SCHEMA)


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/forces/?page_size=null&page_size=null", "page_size"),
        ("/api/v1/forces/?page_size=10&page_size=20", "page_size"),
        ("/api/v1/flags/?status=new&status=closed", "status"),
        ("/api/v1/observations/?metric=crime_rate&metric=crime_rate", "metric"),
        ("/api/v1/completeness/?force=durham&force=cumbria", "force"),
    ],
)
def test_a_query_parameter_given_twice_is_refused(api_as, analyst, reference_data, url, name):
    response = api_as(analyst).get(url)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {name: ["Give this parameter once."]}


@pytest.mark.parametrize("page_size", ["null", "0", "1001", "2.5", "-1", " 5", "5 "])
def test_page_size_outside_the_declared_whole_numbers_is_refused(api_as, analyst, page_size):
    response = api_as(analyst).get("/api/v1/forces/", {"page_size": page_size})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["page_size"]


@pytest.mark.parametrize("page_size, count", [("", 43), ("1000", 43), ("5", 5)])
def test_page_size_within_the_declared_range_is_taken(api_as, analyst, page_size, count):
    body = api_as(analyst).get("/api/v1/forces/", {"page_size": page_size}).json()
    assert len(body["results"]) == count


def test_pagination_declares_its_limits(schema):
    parameters = {p["name"]: p for p in operation(schema, "/api/v1/forces/")["parameters"]}
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    # An empty value is taken as none, so the schema allows it.
    assert parameters["page_size"]["allowEmptyValue"] is True


def test_a_peel_year_must_be_a_whole_number(schema, api_as, analyst, force_a):
    PeelGradeFactory(force=force_a, year=2024)
    api = api_as(analyst)
    refused = api.get("/api/v1/engage/peel-grades/?year=0.5")
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["year"]
    assert api.get("/api/v1/engage/peel-grades/?year=2024").json()["count"] == 1
    parameters = operation(schema, "/api/v1/engage/peel-grades/")["parameters"]
    assert {"in": "query", "name": "year", "schema": {"type": "integer"}}.items() <= next(
        p for p in parameters if p["name"] == "year"
    ).items()


def test_the_filters_the_lists_take_are_declared(schema):
    def names(path):
        return {p["name"] for p in operation(schema, path).get("parameters", [])}

    for path in [
        "/api/v1/flags/",
        "/api/v1/returns/",
        "/api/v1/engage/cases/",
        "/api/v1/engage/recommendations/",
        "/api/v1/engage/peel-grades/",
    ]:
        assert "force" in names(path), path
    cases = {p["name"]: p for p in operation(schema, "/api/v1/engage/cases/")["parameters"]}
    assert cases["open"]["schema"]["enum"] == ["false", "true"]
    observations = {p["name"]: p for p in operation(schema, "/api/v1/observations/")["parameters"]}
    assert observations["metric"]["schema"]["enum"] == [m.code for m in METRICS]
    assert observations["period_from"]["schema"]["pattern"] == MONTH_PATTERN
    upload = component(schema, "ReturnUploadRequest")["properties"]
    assert upload["dataset"] == {"$ref": "#/components/schemas/DatasetEnum"}
    assert component(schema, "DatasetEnum")["enum"][0] == "street_crime"


def test_the_open_filter_takes_true_or_false_only(api_as, analyst, reference_data):
    api = api_as(analyst)
    assert api.get("/api/v1/engage/cases/?open=true").status_code == 200
    refused = api.get("/api/v1/engage/cases/?open=maybe")
    assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["open"]


def test_people_who_may_be_gone_are_declared_nullable(schema, api_as, analyst, force_a):
    for name, field in [
        ("RecordingChange", "declared_by"),
        ("RecordingChange", "reviewed_by"),
        ("Return", "submitted_by"),
        ("FlagComment", "author"),
        ("Transition", "by"),
    ]:
        assert component(schema, name)["properties"][field]["nullable"] is True, name
    RecordingChangeFactory(force=force_a, pending=True)
    change = api_as(analyst).get("/api/v1/recording-changes/").json()["results"][0]
    assert change["declared_by"] is None and change["reviewed_by"] is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/flags/1.5/",
        "/api/v1/returns/x/file",
        "/api/v1/forces/Durham!/",
        "/api/v1/no-such-thing/",
        "/api/v2/",
    ],
)
def test_any_other_api_path_answers_404_in_the_error_format(api, analyst, url):
    for user in (analyst, None):
        api.force_authenticate(user)
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404


def test_nul_in_any_text_parameter_is_refused_never_a_server_error(schema, api_as, analyst):
    """PostgreSQL cannot hold NUL: each GET's text parameters are refused (400) or match
    nothing (404) with it, rather than reaching the database."""
    api = api_as(analyst)
    for path, item in schema["paths"].items():
        parameters = item.get("get", {}).get("parameters", [])
        values = {p["name"]: "durham" if p["name"] == "slug" else "1" for p in parameters}
        for p in parameters:
            if p["schema"].get("type") != "string" or "enum" in p["schema"]:
                continue
            given = {**values, p["name"]: "a\x00b"}
            url = re.sub(r"{(\w+)}", lambda m, given=given: quote(given[m[1]]), path)
            if p["in"] == "query":
                url += f"?{p['name']}={quote(given[p['name']])}"
            response = api.get(url)
            assert response.status_code in (400, 404), (url, response.status_code)
            assert "error" in response.json(), url
