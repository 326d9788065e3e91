"""The web benchmark's set-up: its figures agree with their metrics' computations, it writes
every figure of 43 forces × 60 months, and each page it drives answers what it checks for."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client

from bench import web
from bench.load import Run
from bench.webdata import (
    MONTHS,
    analysis_run,
    data_load,
    dataset_months,
    force_figures,
    users_create,
)
from metrics.catalogue import METRICS
from metrics.catalogue.computations import CountPer, Percentile, Share
from metrics.datasets import DATASETS
from metrics.observations.models import Observation
from oversight.assessments.models import Assessment
from oversight.flags.models import Flag

pytestmark = pytest.mark.slow
TODAY = date(2026, 11, 20)


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.code)
def test_force_figures_value_follows_from_numerator_and_denominator(metric):
    numerator, denominator, value = force_figures(metric, 10.0, residents=500_000)
    computation = metric.computation
    if isinstance(computation, (CountPer, Share)):
        assert value == pytest.approx(numerator / denominator * computation.per)
    if isinstance(computation, Percentile):
        assert (numerator, value) == (None, 10.0)
    assert value is not None and value >= 0


def test_dataset_months_are_sixty_up_to_the_latest_due(reference_data):
    months = dataset_months(TODAY)
    quarterly = {code for code, d in DATASETS.items() if d.cadence == "quarterly"}
    assert quarterly == {"confidence_surveys"}
    assert {len(months[code]) for code in months if code not in quarterly} == {MONTHS}
    assert {len(months[code]) for code in quarterly} == {MONTHS // 3}
    assert all(p.month in (1, 4, 7, 10) for code in quarterly for p in months[code])
    assert all(periods[-1] < date(2026, 11, 1) for periods in months.values())


def test_data_load_writes_every_figure_and_the_nightly_results(reference_data):
    loaded = data_load(TODAY)
    analysed = analysis_run(TODAY)
    levels = Observation.Level
    national = Observation.objects.filter(level=levels.NATIONAL).count()
    forces = Observation.objects.filter(level=levels.FORCE).count()
    # A monthly metric's 60 months, a quarterly one's 20 quarters.
    periods = sum(len(dataset_months(TODAY)[m.dataset]) for m in METRICS)
    assert periods == (len(METRICS) - 2) * MONTHS + 2 * MONTHS // 3
    assert national == periods
    # Returns missing (street crime, workforce) or rejected (emergency calls, vetting) leave
    # those force-months without figures: 4 + 4 + 5 + 6 metrics.
    assert 43 * periods - forces == 19
    assert Observation.objects.count() == loaded["observations"]
    # The City of London's few residents give it no search of an Asian person in any month of
    # the benchmark: no disproportionality ratio (not an infinite one), so nothing to judge.
    assert Assessment.objects.count() == analysed["assessments"] == 43 * len(METRICS) - 1
    assert Flag.objects.filter(rule=Flag.Rule.MISSING).count() == 2
    assert Flag.objects.exclude(rule__in=Flag.RETURN_RULES).exists()


def test_each_page_answers_its_viewer_with_its_markers(reference_data):
    data_load(TODAY)
    analysis_run(TODAY)
    sessions = users_create(sessions=1)
    pages, _ = web.pages_resolved(web.PAGES)
    assert {p.name for p, _ in pages} >= {"overview", "force-profile", "flags", "completeness"}
    for page, path in pages:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page.viewer][0]
        response = client.get(path)
        assert response.status_code == 200, page.name
        text = response.content.decode()
        assert [m for m in web.markers_of(page) if m not in text] == [], page.name


def test_report_ends_with_a_page_line_of_warm_and_cold_times(capsys):
    baseline = Run(times_ms=[10.0, 12.0, 14.0])
    warm, cold = Run(times_ms=[40.0, 50.0, 60.0]), Run(times_ms=[200.0, 240.0, 600.0])
    web.report(baseline, [(web.PAGES[0], warm, cold)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == (
        "page overview p50_ms=50.0 p95_ms=60.0 baseline_p50_ms=12.0 "
        "cold_p50_ms=240.0 cold_p95_ms=600.0"
    )
    assert lines[-2] == (
        "overview: warm 4.2× the baseline's p50, target met; cold 20.0×, target missed"
    )
