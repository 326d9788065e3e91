"""The page cache (kit/pagecache.py) over the figures: the overview's grid and map, the
profile's charts, the flags and completeness pages are rendered once per viewpoint and version
of their sources (figures, flags, returns), and rendered again once a write to a source
commits."""

import json
from datetime import date

import pandas as pd
import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from forces.models import Force
from forces.services import similar_forces_compute
from forces.sources import FIGURES
from kit.pagecache import SOURCES, release_of, versions
from metrics.catalogue import METRICS_BY_CODE
from metrics.observations.refresh import aggregates_refresh
from metrics.returns.models import Return
from metrics.returns.recording_changes import recording_change_review
from metrics.sources import RETURNS
from oversight.assessments.models import Assessment
from oversight.assessments.services import assessments_store
from oversight.flags.models import Flag
from oversight.flags.services import flag_set_status
from oversight.sources import FLAGS
from tests.accounts.factories import user_with_role
from tests.engage.factories import CaseFactory, CauseFactory
from tests.metrics.factories import (
    ObservationFactory,
    RecordingChangeFactory,
    ReturnFactory,
    london,
)
from tests.oversight.factories import AssessmentFactory, FlagFactory
from tests.oversight.test_explorer import _load
from tests.oversight.test_profile import _charts, _months

pytestmark = pytest.mark.django_db
FRAME = ["force_id", "metric", "period", "numerator", "denominator", "value"]


@pytest.fixture
def figures_cache(settings, transactional_db):
    """The cache on, with a version of its own. The tests' writes commit, as the service's do,
    so the version moves on as it would there."""
    settings.FIGURES_CACHE_SECONDS = 60
    cache.delete_many([source.key for source in SOURCES.values()])
    figures_version()


def figures_version(source=FIGURES) -> str:
    return versions([source])[source.name]


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_profile_is_rendered_once_and_shown_again(client, analyst, force_a, figures_cache):
    _months(force_a, 6)
    client.force_login(analyst)
    first, computed = _get(client, "/forces/durham/")
    again, kept = _get(client, "/forces/durham/")
    assert _charts(again) == _charts(first) and "chart-knife_crime_rate" in _charts(again)
    assert kept < computed


def test_a_committed_observation_is_on_the_profile_at_once(client, analyst, force_a, figures_cache):
    _months(force_a, 3)
    client.force_login(analyst)
    assert "chart-crime_rate" not in _charts(_get(client, "/forces/durham/")[0])
    _months(force_a, 3, metric="crime_rate")
    assert "chart-crime_rate" in _charts(_get(client, "/forces/durham/")[0])


def test_writes_of_every_kind_move_the_version_on(force_a, figures_cache):
    ObservationFactory(force=force_a, metric="knife_crime_rate", period=date(2026, 1, 1))
    pending = RecordingChangeFactory(force=force_a, pending=True)
    admin = user_with_role(Role.ADMINISTRATOR, username="unit-admin")
    writes = {
        "observation saved": lambda: ObservationFactory(force=force_a, period=date(2026, 2, 1)),
        "aggregates rewritten": lambda: aggregates_refresh(
            metric=METRICS_BY_CODE["knife_crime_rate"], period=date(2026, 1, 1)
        ),
        "assessments stored": lambda: assessments_store(pd.DataFrame(columns=FRAME), {}),
        "recording change reviewed": lambda: recording_change_review(
            user=admin, change=pending, decision="accept", reason="Checked"
        ),
        "similar forces computed": lambda: similar_forces_compute(),
    }
    for what, write in writes.items():
        version = figures_version()
        write()
        assert figures_version() != version, what


def test_a_write_moves_the_version_on_only_when_it_commits(force_a, figures_cache):
    version = figures_version()
    with transaction.atomic():
        ObservationFactory(force=force_a, metric="knife_crime_rate", period=date(2026, 1, 1))
        ObservationFactory(force=force_a, metric="knife_crime_rate", period=date(2026, 2, 1))
        assert figures_version() == version  # not before the commit
        due = [f for _, f, _ in connection.run_on_commit if f == FIGURES.move_on]
        assert len(due) == 1  # one move for the transaction, however many rows
    assert figures_version() != version


def test_what_an_analyst_was_shown_is_not_shown_to_the_forces_pcc(
    client, analyst, pcc_a, force_a, figures_cache
):
    _months(force_a, 4, metric="csa_rate", numerator=2.0)  # 2 to 4 offences a month
    client.force_login(analyst)
    assert "chart-csa_rate" in _charts(_get(client, "/forces/durham/")[0])
    client.force_login(pcc_a)
    assert "chart-csa_rate" not in _charts(_get(client, "/forces/durham/")[0])


def test_a_pcc_is_shown_what_another_pcc_of_the_force_was(client, pcc_a, force_a, figures_cache):
    _months(force_a, 6)
    deputy = user_with_role(Role.PCC, force=force_a, username="deputy-pcc")
    client.force_login(pcc_a)
    first, computed = _get(client, "/forces/durham/")
    client.force_login(deputy)
    again, kept = _get(client, "/forces/durham/")
    assert _charts(again) == _charts(first) and kept < computed


def test_overview_grid_and_map_are_kept_per_measure(client, analyst, force_a, figures_cache):
    AssessmentFactory(force=force_a, metric="knife_crime_rate", period=date(2026, 10, 1))
    client.force_login(analyst)
    first, computed = _get(client, "/")
    again, kept = _get(client, "/")
    assert again == first.replace(_csrf(first), _csrf(again)) and kept < computed
    funnel, _ = _get(client, "/?by=funnel")
    assert "place in the funnel plot" in _map_title(funnel)
    assert "variation" in _map_title(first)
    Assessment.objects.filter(force=force_a).update(value=123.456)
    FIGURES.changed()  # a bulk update sends no signal: its writer says so
    assert "123.5" in _get(client, "/")[0]


def _map_title(page: str) -> str:
    block = page.split('<script id="overview-map" type="application/json">')[1]
    return json.loads(block.split("</script>")[0])["layout"]["title"]["text"]


def _csrf(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    return page.split(marker)[1].split('"')[0] if marker in page else ""


def test_force_metric_page_is_kept_per_viewpoint(client, analyst, pcc_a, force_a, figures_cache):
    _months(force_a, 6, metric="csa_rate", numerator=2.0)  # 2 to 4 offences a month
    url = "/forces/durham/metrics/csa_rate/"
    client.force_login(analyst)
    first, computed = _get(client, url)
    again, kept = _get(client, url)
    assert 'data-chart="metric-chart"' in again and kept < computed
    client.force_login(pcc_a)
    assert 'data-chart="metric-chart"' not in _get(client, url)[0]  # small counts not shown


def test_a_new_release_renders_anew(tmp_path):
    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>{{ figure }}</p>")
    before = release_of([tmp_path])
    assert release_of([tmp_path]) == before
    template.write_text("<p>{{ figure|floatformat:2 }}</p>")
    assert release_of([tmp_path]) != before


def test_explorer_is_kept_per_viewpoint_and_choice(client, analyst, pcc_a, force_a, figures_cache):
    _load(list(Force.objects.order_by("name")[:12]))
    client.force_login(analyst)
    first, computed = _get(client, "/metrics/knife_crime_rate/")
    again, kept = _get(client, "/metrics/knife_crime_rate/")
    assert 'data-chart="funnel-chart"' in again and kept < computed
    assert "Cumbria" in again
    by_quarter, _ = _get(client, "/metrics/knife_crime_rate/?frequency=quarter")
    assert "2024-Q1" in by_quarter and "2024-Q1" not in again
    client.force_login(pcc_a)
    assert "Cumbria" not in _get(client, "/metrics/knife_crime_rate/")[0]


def test_flags_returns_and_figures_have_versions_of_their_own(force_a, analyst, figures_cache):
    kept = {source: figures_version(source) for source in (FIGURES, FLAGS, RETURNS)}
    flag = FlagFactory(force=force_a)
    assert figures_version(FLAGS) != kept[FLAGS]
    assert figures_version(FIGURES) == kept[FIGURES]  # triage renders no chart anew
    assert figures_version(RETURNS) == kept[RETURNS]
    kept[FLAGS] = figures_version(FLAGS)
    ReturnFactory(force=force_a)
    assert figures_version(RETURNS) != kept[RETURNS]
    assert figures_version(FLAGS) == kept[FLAGS]
    admin = user_with_role(Role.ADMINISTRATOR, username="unit-admin")
    flag_set_status(user=admin, flag=flag, status=Flag.Status.ACKNOWLEDGED)
    assert figures_version(FLAGS) != kept[FLAGS]


def test_a_status_written_in_bulk_moves_the_returns_on(force_a, figures_cache):
    ret = ReturnFactory(force=force_a, status=Return.Status.RECEIVED)
    version = figures_version(RETURNS)
    Return.objects.filter(pk=ret.pk).update(status=Return.Status.VALIDATING)
    assert figures_version(RETURNS) != version
    version = figures_version(RETURNS)
    Return.objects.filter(pk=ret.pk, status=Return.Status.LOADED).update(rows_loaded=1)
    assert figures_version(RETURNS) == version  # no row written


def test_flags_page_is_kept_until_a_flag_is_triaged(client, analyst, force_a, figures_cache):
    flag = FlagFactory(force=force_a, period=date(2026, 9, 1))
    client.force_login(analyst)
    first, computed = _get(client, "/flags/?status=")
    again, kept = _get(client, "/flags/?status=")
    assert again == first.replace(_csrf(first), _csrf(again)) and kept < computed
    assert ">New</strong>" in again
    admin = user_with_role(Role.ADMINISTRATOR, username="unit-admin")
    flag_set_status(user=admin, flag=flag, status=Flag.Status.ACKNOWLEDGED)
    assert ">Acknowledged</strong>" in _get(client, "/flags/?status=")[0]
    # each query its own page, its links keeping it
    assert "?status=acknowledged&amp;format=csv" in _get(client, "/flags/?status=acknowledged")[0]


def test_flags_an_analyst_was_shown_are_not_shown_to_a_pcc(
    client, analyst, pcc_b, force_a, figures_cache
):
    FlagFactory(force=force_a, period=date(2026, 9, 1))
    client.force_login(analyst)
    assert "Durham" in _get(client, "/flags/")[0]
    client.force_login(pcc_b)
    assert "Durham" not in _get(client, "/flags/")[0].split("<table")[-1]


def test_completeness_is_kept_until_a_return_moves_on(client, analyst, force_a, figures_cache):
    period = date(2026, 9, 1)
    ret = ReturnFactory(
        force=force_a,
        period=period,
        status=Return.Status.RECEIVED,
        submitted_at=london(2026, 10, 2, 9),
    )
    url = "/completeness/?dataset=emergency_calls&period_from=2026-09&period_to=2026-09"
    client.force_login(analyst)
    first, computed = _get(client, url)
    again, kept = _get(client, url)
    assert kept < computed and "Durham" in again
    assert _durham_cell(again).startswith("Pending")
    Return.objects.filter(pk=ret.pk).update(status=Return.Status.REJECTED)
    assert _durham_cell(_get(client, url)[0]).startswith("Rejected")


def _durham_cell(page: str) -> str:
    row = page.split("Durham Constabulary</th>")[1].split("</tr>")[0]
    return row.split('<span class="govuk-visually-hidden">')[1].split("</span>")[0]


def test_profile_shows_a_new_flag_once_it_commits(client, analyst, force_a, figures_cache):
    client.force_login(analyst)
    assert "No open flags." in _get(client, "/forces/durham/")[0]
    FlagFactory(force=force_a, period=date(2026, 9, 1))
    assert "1 open flag" in _get(client, "/forces/durham/")[0]


def test_profile_shows_a_change_to_the_engage_record_at_once(
    client, inspector, force_a, figures_cache
):
    client.force_login(inspector)
    assert "Scan (routine monitoring): no open case" in _get(client, "/forces/durham/")[0]
    version = figures_version(FIGURES)
    case = CaseFactory(force=force_a)
    assert figures_version(FIGURES) == version  # the charts are not rendered anew
    assert case.reference in _get(client, "/forces/durham/")[0]
    CauseFactory(case=case, title="Grade 1 attendance")
    assert "Grade 1 attendance" in _get(client, "/forces/durham/")[0]


def test_the_standards_page_is_kept_until_a_figure_changes(client, analyst, force_a, figures_cache):
    def main(html: str) -> str:  # the page apart from its form tokens
        return html[html.index("<main") : html.index("</main>")]

    client.force_login(analyst)
    first, computed = _get(client, "/standards/")
    again, kept = _get(client, "/standards/")
    assert main(again) == main(first) and kept < computed
    ObservationFactory(force=force_a, metric="misconduct_open_cases", period=date(2026, 1, 1))
    AssessmentFactory(force=force_a, metric="misconduct_open_cases", period=date(2026, 1, 1))
    changed, _ = _get(client, "/standards/")
    assert main(changed) != main(first)
