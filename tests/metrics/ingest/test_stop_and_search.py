"""data.police.uk's stop-and-search file loads as a force publishes it, with its spaced header
and no force column (the return's force is the file's); its aggregate twin loads too; hostile
rows are rejected with a report that names each, never a 500."""

import pytest

from metrics.datasets import DATASETS
from metrics.datasets.records import model_of
from metrics.models import Return, StopAndSearchRecord
from metrics.returns.services import return_process
from tests.metrics.conftest import csv_bytes, upload

pytestmark = pytest.mark.django_db

SAS = DATASETS["stop_and_search"]
HEADER = [
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]
PERSON = [
    "Person search",
    "2024-03-05T13:20:00+00:00",
    "False",
    "",
    "54.776100",
    "-1.573300",
    "Male",
    "18-24",
    "Black/African/Caribbean/Black British - African",
    "Black",
    "Misuse of Drugs Act 1971 (section 23)",
    "Controlled drugs",
    "Arrest",
    "True",
    "False",
]
# A vehicle alone: data.police.uk leaves the person's cells, and here the location, empty.
VEHICLE = [
    "Vehicle search",
    "2024-03-31T23:59:00+01:00",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "Police and Criminal Evidence Act 1984 (section 1)",
    "Stolen goods",
    "A no further action disposal",
    "",
    "",
]


def processed(api, content: bytes, **kwargs) -> Return:
    response = upload(api, content, dataset="stop_and_search", period="2024-03", **kwargs)
    assert response.status_code == 202, response.json()
    return return_process(return_id=response.json()["id"])


def test_the_header_is_data_police_uks_own():
    assert SAS.headers == HEADER
    assert SAS.force_field == "" and "force" not in {c.field for c in SAS.columns}
    assert SAS.aggregate.headers[:2] == ["force", "month"]


def test_the_published_layout_loads_for_the_returns_force(api_as, officer_a):
    ret = processed(api_as(officer_a), csv_bytes(HEADER, [PERSON, VEHICLE], newline="\r\n"))
    assert ret.status == "loaded", ret.report
    assert ret.force.slug == "durham" and ret.rows_loaded == 2
    person, vehicle = StopAndSearchRecord.objects.filter(source_return_id=ret.pk).order_by("id")
    assert person.outcome_linked is True and person.part_of_operation is False
    assert vehicle.outcome_linked is None and vehicle.self_defined_ethnicity == ""
    assert vehicle.latitude is None


def test_the_aggregate_twin_loads(api_as, officer_a):
    cells = [
        ["durham", "2024-03", "Person search", "Black", "Black", PERSON[10], "Arrest", "true", "3"],
        [
            "durham",
            "2024-03",
            "Vehicle search",
            "Not stated",
            "",
            VEHICLE[10],
            VEHICLE[12],
            "",
            "2",
        ],
    ]
    ret = processed(api_as(officer_a), csv_bytes(SAS.aggregate.headers, cells), kind="aggregate")
    assert ret.status == "loaded", ret.report
    assert model_of(SAS.aggregate).objects.filter(source_return_id=ret.pk).count() == 2


def test_hostile_rows_are_rejected_row_by_row(api_as, officer_a):
    bad = [
        PERSON,
        [*PERSON[:1], "2024-02-29T10:00:00+00:00", *PERSON[2:]],  # another month
        ["Boat search", *PERSON[1:]],
        [*PERSON[:8], "Black", *PERSON[9:]],  # the group, not a self-defined ethnicity
        [*PERSON[:12], "Nothing found - no further action", *PERSON[13:]],  # an old outcome
        [*PERSON[:11], '=HYPERLINK("http://x")', *PERSON[12:]],
        [*PERSON[:4], "95.0", *PERSON[5:]],  # latitude out of range
        [*PERSON[:13], "perhaps", *PERSON[14:]],
        [PERSON[0], "", *PERSON[2:]],
    ]
    ret = processed(api_as(officer_a), csv_bytes(HEADER, bad))
    assert ret.status == "rejected" and ret.rows_loaded == 0
    assert not StopAndSearchRecord.objects.filter(source_return_id=ret.pk).exists()
    found = {(e["row"], e["column"], e["rule"]) for e in ret.report["errors"]}
    assert found == {
        (3, "Date", "period"),
        (4, "Type", "allowed_values"),
        (5, "Self-defined ethnicity", "allowed_values"),
        (6, "Outcome", "allowed_values"),
        (7, "Object of search", "formula_like"),
        (8, "Latitude", "range"),
        (9, "Outcome linked to object of search", "type"),
        (10, "Date", "required"),
    }


def test_a_header_with_a_force_column_is_refused_at_upload(api_as, officer_a):
    response = upload(
        api_as(officer_a),
        csv_bytes(["Force", *HEADER], [["durham", *PERSON]]),
        dataset="stop_and_search",
        period="2024-03",
    )
    assert response.status_code == 400
    assert "unexpected 'Force'" in response.json()["error"]["fields"]["file"][0]


def test_a_power_named_a_little_differently_still_loads(api_as, officer_a):
    """No measure reads the legislation: a force's own wording of a power (a stray space, an
    older act) is kept as sent, not a reason to refuse the month's searches."""
    variant = [*VEHICLE]
    variant[10] = "Environmental Protection Act 1990 (section 34B )"
    older = [*PERSON]
    older[10] = "Sporting Events (Control of Alcohol etc.) Act 1985 (section 7)"
    ret = processed(api_as(officer_a), csv_bytes(HEADER, [variant, older]))
    assert ret.status == "loaded", ret.report
    kept = set(StopAndSearchRecord.objects.values_list("legislation", flat=True))
    assert kept == {variant[10], older[10]}
