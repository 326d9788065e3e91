"""Targets set by an administrator in Django admin: every reader follows them (verdicts, the
target flags, the API, Engage's exit criteria), a non-administrator cannot set one, and the
pages over the figures are rendered anew when one changes."""

from datetime import date

import pandas as pd
import pytest

from forces.sources import FIGURES
from kit.pagecache import versions
from kit.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from metrics.catalogue.models import MetricTarget
from metrics.catalogue.targets import target_of, targets_read_once
from oversight.assessments.verdicts import series_verdict
from oversight.flags.detectors import target_candidates

pytestmark = pytest.mark.django_db

ADD = "/admin/metrics/metrictarget/add/"
CONFIDENCE = METRICS_BY_CODE["public_confidence"]
CALLS = METRICS_BY_CODE["calls_answered_10s"]
MONTHS = [(Month(2022, 1) + 3 * i).first_day for i in range(14)]  # fourteen quarters
VALUES = [62.0, 63.5, 61.8, 62.9, 63.1, 62.2, 61.5, 63.0, 62.4, 62.8, 61.9, 63.3, 62.6, 62.1]


def set_target(client, admin, metric: str, value: str, description: str = "A minimum"):
    client.force_login(admin)
    return client.post(ADD, {"metric": metric, "value": value, "description": description})


def frame(force_id: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "force_id": force_id,
            "metric": CONFIDENCE.code,
            "period": MONTHS,
            "numerator": [v * 8 for v in VALUES],
            "denominator": 800.0,
            "value": VALUES,
        }
    )


def test_the_surveys_have_no_default_and_999_keeps_its_own():
    assert target_of(CONFIDENCE) is None
    assert target_of(CALLS).value == 90


def test_an_administrator_sets_a_target_and_the_readers_follow_it(
    client, administrator, api_as, analyst, force_a
):
    assert series_verdict(CONFIDENCE, MONTHS, VALUES).assurance == ""
    assert target_candidates(frame(force_a.pk)) == []
    response = set_target(client, administrator, CONFIDENCE.code, "70", "70% confident")
    assert response.status_code == 302, response.content.decode()[:2000]
    target = MetricTarget.objects.get()
    assert (target.value, target.set_by) == (70.0, administrator)
    assert target.history.count() == 1
    # The verdicts: a process around 62% consistently fails a 70% minimum.
    assert series_verdict(CONFIDENCE, MONTHS, VALUES).assurance == "fail"
    # The flags.
    (flag,) = target_candidates(frame(force_a.pk))
    assert flag.detail["target"] == 70.0 and flag.detail["target_description"] == "70% confident"
    # The API.
    body = api_as(analyst).get(f"/api/v1/metrics/{CONFIDENCE.code}/").json()
    assert body["target"] == {"value": 70.0, "description": "70% confident"}
    listed = api_as(analyst).get("/api/v1/metrics/").json()["results"]
    assert next(m for m in listed if m["code"] == CONFIDENCE.code)["target"]["value"] == 70.0
    # Lowered below the process, it consistently passes; read once for a run, it holds.
    target.value = 55
    target.save()
    with targets_read_once():
        assert series_verdict(CONFIDENCE, MONTHS, VALUES).assurance == "pass"
        MetricTarget.objects.update(value=99)
        assert series_verdict(CONFIDENCE, MONTHS, VALUES).assurance == "pass"
    assert series_verdict(CONFIDENCE, MONTHS, VALUES).assurance == "fail"


def test_a_target_set_replaces_the_declared_default_and_deleting_it_restores_it(
    client, administrator
):
    set_target(client, administrator, CALLS.code, "95", "95% within 10 seconds")
    assert target_of(CALLS).value == 95
    MetricTarget.objects.get().delete()
    assert target_of(CALLS).value == 90


def test_a_target_outside_what_the_measure_can_take_is_refused(client, administrator):
    response = set_target(client, administrator, CONFIDENCE.code, "140")
    assert response.status_code == 200
    assert "takes 0 to 100" in response.content.decode()
    assert not MetricTarget.objects.exists()


def test_a_non_administrator_cannot_set_a_target(client, analyst):
    # Not staff: sent to sign in to the admin.
    response = set_target(client, analyst, CONFIDENCE.code, "70")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Staff by some slip, but not an administrator: refused.
    analyst.is_staff = True
    analyst.save()
    assert set_target(client, analyst, CONFIDENCE.code, "70").status_code == 403
    assert client.get("/admin/metrics/metrictarget/").status_code == 403
    assert not MetricTarget.objects.exists()


def test_a_target_changed_renders_the_pages_over_the_figures_anew(
    client, administrator, settings, django_capture_on_commit_callbacks
):
    settings.FIGURES_CACHE_SECONDS = 600
    before = versions([FIGURES])
    with django_capture_on_commit_callbacks(execute=True):
        set_target(client, administrator, CONFIDENCE.code, "70")
    assert versions([FIGURES]) != before


def test_an_exit_criterion_meets_the_target_set(administrator, client):
    from engage.criteria import _target_months

    class Criterion:
        target = None

    set_target(client, administrator, CONFIDENCE.code, "60")
    rows = [type("Row", (), {"period": date(2024, 1, 1), "value": 62.0})()]
    (month,) = _target_months(Criterion(), CONFIDENCE, rows, [date(2024, 1, 1)])
    assert month.value == 62.0 and month.verdict == "ok"


def test_a_full_chart_of_too_few_quarters_claims_no_assurance(client, administrator, analyst):
    """Eight quarters set no limits to judge a target by: the page names the target and says
    nothing of meeting or missing it."""
    from tests.metrics.factories import ObservationFactory

    set_target(client, administrator, CONFIDENCE.code, "70", "White paper minimum: 70%")
    for period, value in zip(MONTHS[:8], VALUES[:8], strict=True):
        ObservationFactory(
            metric=CONFIDENCE.code, period=period, numerator=value * 8, denominator=800.0,
            value=value,
        )  # fmt: skip
    client.force_login(analyst)
    page = client.get(f"/forces/durham/metrics/{CONFIDENCE.code}/").content.decode()
    assert "White paper minimum: 70%" in page
    assert "assurance:" not in page
