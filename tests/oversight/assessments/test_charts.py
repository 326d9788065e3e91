"""The XmR charts the nightly run stores with its assessments: stored, they are the very charts
it drew, and the profile draws them only for the series they were drawn from."""

import json
import math
from dataclasses import replace
from datetime import date

import pytest

from metrics.catalogue import METRICS_BY_CODE
from metrics.observations.models import Observation
from oversight.assessments.charts import SMALL_COUNTS_HIDDEN, chart_of_stored, chart_stored
from oversight.assessments.models import Assessment
from oversight.assessments.services import assessments_store
from oversight.assessments.verdicts import series_verdict
from oversight.assessments.xmr import COLUMNS
from oversight.flags.nightly import observation_frame
from tests.metrics.factories import ObservationFactory, RecordingChangeFactory
from tests.oversight.test_profile import _charts

METRIC = METRICS_BY_CODE["grade1_within_standard"]
PERIODS = [date(2022 + i // 12, i % 12 + 1, 1) for i in range(30) if i != 7]  # August missing
VALUES = [80.0 + (i * 7 % 5) + (6.0 if i > 20 else 0.0) for i in range(len(PERIODS))]
CHANGES = [PERIODS[20], PERIODS[-1]]  # the last starts a group of one point: no limits


def _stored(periods=PERIODS, values=VALUES, changes=CHANGES, metric=METRIC) -> dict:
    chart = series_verdict(metric, periods, values, changes).chart
    return json.loads(json.dumps(chart_stored(metric, chart, periods, changes)))  # as JSONField


def _same(a, b) -> bool:
    return all(
        x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y))
        for name in COLUMNS
        for x, y in zip(a[name], b[name], strict=True)
    )


@pytest.mark.django_db  # a chart is stored with the target set now
def test_a_stored_chart_is_the_chart_drawn_from_its_series():
    drawn = series_verdict(METRIC, PERIODS, VALUES, CHANGES).chart
    stored = chart_of_stored(_stored(), METRIC, PERIODS, VALUES, list(reversed(CHANGES)))
    assert stored is not None and len(stored) == len(PERIODS)
    assert math.isnan(stored["upl"][-1])  # the group of one point
    assert _same(stored, drawn)
    assert stored.itertuples()[:-1] == drawn.itertuples()[:-1]


@pytest.mark.django_db  # a chart is stored with the target set now
def test_a_stored_chart_keeps_only_what_its_series_does_not_say():
    stored = _stored()
    assert set(stored) == {"version", "drawn_from", "runs", "figure_version"}
    # The limits as runs of months: the two groups the first change divides, and the group
    # of one point the last change starts, which has none.
    assert [months for _, months in stored["runs"]["mean"]] == [20, 8, 1]
    assert stored["runs"]["upl"][-1] == [None, 1]
    assert len(json.dumps(stored)) < 1500


@pytest.mark.django_db
@pytest.mark.parametrize(
    "other",
    [
        {"periods": PERIODS[1:], "values": VALUES[1:]},  # a month fewer (hidden from a viewer)
        {"values": [*VALUES[:-1], VALUES[-1] + 0.5]},  # a month reloaded since
        {"changes": CHANGES[:1]},  # a change accepted since
        {"metric": replace(METRIC, improvement="decrease")},  # the declaration changed
    ],
    ids=["months", "values", "changes", "declaration"],
)
def test_a_stored_chart_is_not_the_chart_of_another_series(other):
    asked = {"periods": PERIODS, "values": VALUES, "changes": CHANGES, "metric": METRIC} | other
    stored = _stored()
    assert (
        chart_of_stored(
            stored, asked["metric"], asked["periods"], asked["values"], asked["changes"]
        )
        is None
    )
    assert chart_of_stored({}, METRIC, PERIODS, VALUES, CHANGES) is None


def _store_and_mark(force) -> Assessment:
    """Run the nightly assessments, then mark the stored chart's mean so that a page drawing
    it can be told from one drawing the chart afresh (and drop the small figure the night drew
    from the unmarked chart, so that the page draws the marked one)."""
    assessments_store(observation_frame(), {})
    stored = Assessment.objects.get(force=force, metric="knife_crime_rate")
    stored.chart["runs"]["mean"] = [[123.456, stored.points]]
    stored.figure = ""
    stored.save()
    return stored


def _profile_chart(client, user, code="knife_crime_rate") -> dict:
    client.force_login(user)
    return _charts(client.get("/forces/durham/").content.decode())[f"chart-{code}"]


def _profile_means(client, user) -> list:
    return _profile_chart(client, user)["data"][1]["y"]


def test_the_profile_draws_the_nightly_chart_of_the_months_it_shows(client, analyst, force_a):
    for i in range(14):
        ObservationFactory(force=force_a, period=date(2024 + i // 12, i % 12 + 1, 1))
    _store_and_mark(force_a)
    assert set(_profile_means(client, analyst)) == {123.456}


def test_the_profile_draws_afresh_a_series_the_night_did_not_chart(client, analyst, force_a):
    for i in range(14):
        ObservationFactory(force=force_a, period=date(2024 + i // 12, i % 12 + 1, 1))
    _store_and_mark(force_a)
    ObservationFactory(force=force_a, period=date(2025, 3, 1))  # loaded since the night
    means = _profile_means(client, analyst)
    assert len(means) == 15 and 123.456 not in means


def _fourteen_months(force, metric="knife_crime_rate", few=()):
    """Fourteen months of the metric, with 3 offences (too few for a PCC) in the months `few`."""
    for i in range(14):
        ObservationFactory(
            force=force,
            metric=metric,
            period=date(2024 + i // 12, i % 12 + 1, 1),
            numerator=3.0 if i in few else 40.0 + i % 3,
        )


NIGHTS_FIGURE = json.dumps({"data": [], "layout": {"title": {"text": "the night's"}}})


def test_the_profile_writes_the_small_figure_the_night_drew(client, analyst, force_a):
    _fourteen_months(force_a)
    assessments_store(observation_frame(), {})
    stored = Assessment.objects.get(force=force_a, metric="knife_crime_rate")
    nights = _profile_chart(client, analyst)
    stored.figure = ""  # none stored: the page draws the figure from the stored chart
    stored.save()
    assert _profile_chart(client, analyst) == nights
    stored.figure = NIGHTS_FIGURE
    stored.save()
    assert _profile_chart(client, analyst)["layout"]["title"]["text"] == "the night's"


@pytest.mark.parametrize("since", ["a change declared", "other code"])
def test_the_profile_draws_afresh_a_figure_the_night_drew_otherwise(
    client, analyst, force_a, since
):
    _fourteen_months(force_a)
    assessments_store(observation_frame(), {})
    stored = Assessment.objects.get(force=force_a, metric="knife_crime_rate")
    stored.figure = NIGHTS_FIGURE
    if since == "other code":
        stored.chart["figure_version"] = "drawn by other code"
    stored.save()
    if since == "a change declared":  # marked on the chart, but not yet rebasing its limits
        RecordingChangeFactory(force=force_a, dataset="recorded_crime", pending=True)
    chart = _profile_chart(client, analyst)
    assert chart["layout"]["title"] == {} and len(chart["data"][0]["x"]) == 14


def test_the_night_charts_the_months_a_pcc_sees_of_a_sensitive_metric(client, pcc_a, force_a):
    csa = METRICS_BY_CODE["csa_rate"]
    _fourteen_months(force_a, "csa_rate", few=(4, 9))
    assessments_store(observation_frame(), {})
    stored = Assessment.objects.get(force=force_a, metric="csa_rate")
    shown = Observation.objects.filter(force=force_a, metric="csa_rate", numerator__gte=5)
    shown = list(shown.order_by("period"))
    periods, values = [o.period for o in shown], [o.value for o in shown]
    hidden = stored.chart[SMALL_COUNTS_HIDDEN]
    drawn = series_verdict(csa, periods, values)
    assert _same(chart_of_stored(hidden, csa, periods, values, []), drawn.chart)
    assert hidden["verdict"] == {
        "variation": drawn.variation,
        "side": drawn.side,
        "assurance": drawn.assurance,
    }
    hidden["runs"]["mean"] = [[123.456, len(periods)]]
    hidden["figure"] = ""  # none stored: the page draws the figure from the stored chart
    stored.save()
    means = _profile_chart(client, pcc_a, "csa_rate")["data"][1]["y"]
    assert len(means) == 14 and set(means) == {123.456, None}  # two months hidden: gaps


def test_the_profile_writes_the_small_figure_the_night_drew_of_the_months_a_pcc_sees(
    client, pcc_a, force_a
):
    _fourteen_months(force_a, "csa_rate", few=(4, 9))
    assessments_store(observation_frame(), {})
    stored = Assessment.objects.get(force=force_a, metric="csa_rate")
    hidden = stored.chart[SMALL_COUNTS_HIDDEN]
    drawn = _profile_chart(client, pcc_a, "csa_rate")
    assert json.loads(hidden["figure"]) == drawn  # the night's figure is the one drawn now
    hidden["figure"] = NIGHTS_FIGURE
    stored.save()
    assert _profile_chart(client, pcc_a, "csa_rate")["layout"]["title"]["text"] == "the night's"
