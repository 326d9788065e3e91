"""The standards metrics computed by hand from generated v2 returns, and from their aggregate
twins; a v1 return gives no figure where it lacks the columns a metric reads; the barred-list
and appeal figures count each event once, in the month it happened."""

from datetime import date, timedelta

import pytest

from demo.generator import write_return
from demo.generator.aggregates import records_to_cells
from metrics.catalogue import METRICS_BY_CODE, STANDARDS
from metrics.datasets import DATASETS
from metrics.observations.models import Observation
from metrics.returns.services import return_process
from tests.metrics.conftest import csv_bytes, csv_rows, load_return, upload
from tests.metrics.factories import MisconductCaseRowFactory

pytestmark = pytest.mark.django_db

MONTH, START, END = "2024-05", "2024-05-01", "2024-06-01"
# The Metropolitan Police's volumes, sent as Durham's, so that every figure rests on many cases.
LARGE = "metropolitan"
MISCONDUCT, VETTING = DATASETS["misconduct_cases"], DATASETS["vetting_decisions"]


def generated(dataset: str, tmp_path) -> bytes:
    path = write_return(
        dataset,
        force_slug=LARGE,
        force_name="Metropolitan Police Service",
        population=8_900_000,
        period=MONTH,
        out_dir=tmp_path,
    )
    lines = path.read_bytes().split(b"\n")
    return b"\n".join(
        [lines[0], *(line.replace(LARGE.encode(), b"durham", 1) for line in lines[1:])]
    )


def load(api, content: bytes, dataset: str, **kwargs):
    return load_return(api, content, dataset=dataset, period=MONTH, **kwargs)


def value(code: str):
    return Observation.objects.get(
        metric=code, level="force", force__slug="durham", period=date(2024, 5, 1)
    ).value


def in_month(day: str) -> bool:
    return bool(day) and START <= day < END


def days(row) -> int:
    return (
        date.fromisoformat(row["concluded_date"]) - date.fromisoformat(row["received_date"])
    ).days


def nearest_rank(values: list[int], quantile: float) -> float | None:
    values, c = sorted(values), len(values)
    if not c:
        return None
    if quantile == 0.5:
        return (values[(c + 1) // 2 - 1] + values[(c + 2) // 2 - 1]) / 2
    return values[(round(quantile * 100) * c + 99) // 100 - 1]


def share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator * 100 if denominator else None


def by_hand(cases: list[dict], decisions: list[dict], officers: float) -> dict:
    """Every new standards figure, from the rows as a reader of the schema would count them."""
    received = [r for r in cases if in_month(r["received_date"])]
    concluded = [r for r in cases if in_month(r["concluded_date"])]
    notice = 28

    def due(r) -> str:
        return f"{date.fromisoformat(r['concluded_date']) + timedelta(days=notice):%Y-%m-%d}"

    dismissals = [r for r in cases if r["outcome"] == "dismissal"]
    on_time = [
        r
        for r in dismissals
        if in_month(r["barred_list_notified_date"]) and r["barred_list_notified_date"] <= due(r)
    ]
    late = [
        r
        for r in dismissals
        if in_month(due(r))
        and not (r["barred_list_notified_date"] and r["barred_list_notified_date"] <= due(r))
    ]
    appeals = [r for r in cases if in_month(r["appeal_decided_date"])]

    def per_1000(rows) -> float:
        return len(rows) / officers * 1000

    def outcome(name):
        return per_1000([r for r in concluded if r["outcome"] == name])

    return {
        "misconduct_vawg_share": share(
            sum(r["vawg_related"] == "true" for r in received), len(received)
        ),
        "misconduct_days_median": nearest_rank([days(r) for r in concluded], 0.5),
        "misconduct_days_p90": nearest_rank([days(r) for r in concluded], 0.9),
        "misconduct_open_cases": sum(r["concluded_date"] == "" for r in cases),
        "dismissals_per_1000": outcome("dismissal"),
        "final_written_warnings_per_1000": outcome("final_written_warning"),
        "written_warnings_per_1000": outcome("written_warning"),
        "management_action_per_1000": outcome("management_action"),
        "no_case_to_answer_per_1000": outcome("no_case_to_answer"),
        "accelerated_hearings_per_1000": per_1000(
            [r for r in concluded if r["proceeding_type"] == "accelerated_hearing"]
        ),
        "suspensions_per_1000": per_1000([r for r in cases if in_month(r["suspension_start"])]),
        "appeals_upheld_share": share(
            sum(r["appeal_result"] == "upheld" for r in appeals), len(appeals)
        ),
        "barred_list_on_time": share(len(on_time), len(on_time) + len(late)),
        "vetting_applications_received": sum(in_month(r["received_date"]) for r in decisions),
        "vetting_decisions_made": sum(r["outcome"] != "pending" for r in decisions),
        "vetting_revocations_per_1000": per_1000(
            [r for r in decisions if r["outcome"] == "revoked_in_aftercare"]
        ),
    }


@pytest.fixture
def loaded(api_as, officer_a, tmp_path):
    """Durham's generated workforce, misconduct and vetting returns for May, loaded as
    records, with the figures computed by hand from their rows."""
    api = api_as(officer_a)
    workforce = generated("workforce", tmp_path)
    cases, decisions = (
        generated("misconduct_cases", tmp_path),
        generated("vetting_decisions", tmp_path),
    )
    for content, dataset in (
        (workforce, "workforce"),
        (cases, "misconduct_cases"),
        (decisions, "vetting_decisions"),
    ):
        load(api, content, dataset)
    officers = sum(float(r["officers_fte"]) for r in csv_rows(workforce))
    return (
        api,
        csv_rows(cases),
        csv_rows(decisions),
        by_hand(csv_rows(cases), csv_rows(decisions), officers),
    )


def test_the_area_has_at_least_fifteen_metrics_each_with_a_figure_by_hand():
    standards = {m.code for m in METRICS_BY_CODE.values() if m.priority_area == STANDARDS}
    assert len(standards) >= 15
    by_hand_codes = set(by_hand([], [], 1000.0)) | {
        "misconduct_cases_per_1000",
        "misconduct_days_to_conclude",
        "misconduct_open_over_12_months",
        "vetting_refusal_rate",
        "vetting_days_to_decision",
        "vetting_backlog",
    }
    assert standards <= by_hand_codes  # a new metric needs its figure by hand here


def test_generated_v2_returns_give_the_figures_counted_by_hand(loaded):
    _, cases, _, expected = loaded
    # The month holds something of each: concluded cases, dismissals, open cases.
    assert expected["misconduct_open_cases"] > 100
    assert expected["dismissals_per_1000"] > 0
    for code, figure in expected.items():
        assert value(code) == pytest.approx(figure), code


def test_a_return_holds_cases_concluded_earlier_only_for_their_notification_or_appeal(loaded):
    _, cases, _, _ = loaded
    earlier = [r for r in cases if r["concluded_date"] and r["concluded_date"] < START]
    for r in earlier:
        awaiting = r["outcome"] == "dismissal" and not (
            r["barred_list_notified_date"] and r["barred_list_notified_date"] < START
        )
        assert awaiting or in_month(r["appeal_decided_date"]), r


def test_the_aggregate_twin_of_the_same_rows_gives_the_same_counts(loaded):
    api, cases, decisions, expected = loaded
    for dataset, rows in (("misconduct_cases", cases), ("vetting_decisions", decisions)):
        columns = {h: [r[h] for r in rows] for h in rows[0]}
        cells = records_to_cells(dataset, columns, force="durham", period=MONTH)
        declared = DATASETS[dataset].aggregate
        load(api, csv_bytes(declared.headers, cells), dataset, kind="aggregate")
    for code, figure in expected.items():
        if code in ("misconduct_days_median", "misconduct_days_p90"):
            continue  # estimated from bands: below
        assert value(code) == pytest.approx(figure), code
    # A percentile from bands lies in the band that holds the records' own.
    bands = DATASETS["misconduct_cases"].aggregate.column("days_band")
    assert bands.choices
    for code in ("misconduct_days_median", "misconduct_days_p90"):
        estimate = Observation.objects.get(metric=code, force__slug="durham", level="force")
        assert estimate.estimated and estimate.source_kind == "aggregate"
        band = METRICS_BY_CODE[code].from_counts.bands
        label_of = {label: (lower, upper) for label, lower, upper in band.limits()}
        exact = expected[code]
        lower, upper = next(
            (lo, up) for lo, up in label_of.values() if exact > lo and (up is None or exact <= up)
        )
        assert lower <= estimate.value <= (upper if upper is not None else lower)


def test_a_v1_return_gives_no_figure_where_it_lacks_the_columns(api_as, officer_a, tmp_path):
    api = api_as(officer_a)
    load(api, generated("workforce", tmp_path), "workforce")
    v1 = MISCONDUCT.versions[0]
    rows = csv_rows(generated("misconduct_cases", tmp_path))
    ret = load(
        api, csv_bytes(v1.headers, [[r[h] for h in v1.headers] for r in rows]), "misconduct_cases"
    )
    assert ret.schema_version == 1
    for code in (
        "accelerated_hearings_per_1000",
        "suspensions_per_1000",
        "appeals_upheld_share",
        "barred_list_on_time",
    ):
        assert value(code) is None, code  # not a false zero
    assert value("misconduct_open_cases") == sum(r["concluded_date"] == "" for r in rows)


def test_a_v1_aggregate_gives_no_figure_for_what_it_does_not_count(api_as, officer_a):
    api = api_as(officer_a)
    v1 = MISCONDUCT.aggregate.versions[0]
    cells = [["durham", MONTH, "true", "false", "false", "", "4", ""]]
    ret = load(api, csv_bytes(v1.headers, cells), "misconduct_cases", kind="aggregate")
    assert (ret.kind, ret.schema_version) == ("aggregate", 1)
    assert value("misconduct_open_cases") == 4
    assert value("misconduct_vawg_share") is None
    assert value("misconduct_days_median") is None


def dismissal(ref, concluded, notified="", **more):
    return MisconductCaseRowFactory(
        case_ref=ref,
        received_date="2023-10-01",
        severity="gross_misconduct",
        outcome="dismissal",
        concluded_date=concluded,
        proceeding_type="misconduct_hearing",
        finding="gross_misconduct_proven",
        barred_list_notified_date=notified,
        **more,
    )


def test_each_dismissal_counts_once_for_the_barred_list_in_the_month_it_settles(api_as, officer_a):
    rows = [
        dismissal("ON-TIME", "2024-04-20", "2024-05-05"),  # notified in May, within 28 days
        dismissal("LATE", "2024-05-01", ""),  # its 28 days run out on 29 May
        dismissal("STILL-IN-TIME", "2024-05-20", ""),  # due in June: not yet counted
        dismissal("EARLY", "2024-05-02", "2024-05-10"),  # on time, in May
        # Due 7 February, notified late in May: counted as late in February, not again.
        dismissal("LATE-BEFORE", "2024-01-10", "2024-05-02"),
    ]
    content = csv_bytes(
        MISCONDUCT.headers, [[r[c.field] for c in MISCONDUCT.columns] for r in rows]
    )
    ret = load(api_as(officer_a), content, "misconduct_cases")
    assert ret.report["warnings"]  # LATE is reported with its row, and the return loads
    figure = Observation.objects.get(metric="barred_list_on_time", level="force")
    assert (figure.numerator, figure.denominator) == (2, 3)


def test_appeals_count_in_the_month_the_tribunal_decides_them(api_as, officer_a):
    def appealed(ref, result, decided):
        return dismissal(
            ref,
            "2023-11-01",
            "2023-11-10",
            appeal_lodged="true",
            appeal_result=result,
            appeal_decided_date=decided,
        )

    rows = [
        appealed("UPHELD", "upheld", "2024-05-03"),
        appealed("DISMISSED", "dismissed", "2024-05-20"),
        appealed("DISMISSED-2", "dismissed", "2024-05-21"),
        appealed("DECIDED-BEFORE", "upheld", "2024-04-30"),
        appealed("PENDING", "pending", ""),
    ]
    content = csv_bytes(
        MISCONDUCT.headers, [[r[c.field] for c in MISCONDUCT.columns] for r in rows]
    )
    load(api_as(officer_a), content, "misconduct_cases")
    figure = Observation.objects.get(metric="appeals_upheld_share", level="force")
    assert (figure.numerator, figure.denominator) == (1, 3)
    # Concluded long before May: none counts again among May's dismissals.
    assert Observation.objects.get(metric="dismissals_per_1000", level="force").numerator == 0


def test_an_appeal_decided_needs_its_date(api_as, officer_a):
    row = dismissal(
        "NO-DATE", "2024-03-01", "2024-03-05", appeal_lodged="true", appeal_result="upheld"
    )
    content = csv_bytes(MISCONDUCT.headers, [[row[c.field] for c in MISCONDUCT.columns]])
    response = upload(api_as(officer_a), content, dataset="misconduct_cases", period=MONTH)
    ret = return_process(return_id=response.json()["id"])
    assert ret.status == "rejected"
    assert ret.report["errors_by_rule"] == {"appeal_decided_with_date": 1}
