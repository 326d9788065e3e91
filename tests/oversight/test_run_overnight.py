"""`manage.py run_overnight`: the overnight load and the nightly analysis, on demand."""

from io import StringIO

import pytest
from django.core.management import call_command

from metrics.models import Return
from tests.metrics.conftest import emergency_calls_file, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def returns_dir(tmp_path, settings):
    settings.RETURNS_DIR = tmp_path / "returns"
    settings.PROCESS_RETURNS_ON_RECEIPT = False


def test_run_overnight_loads_what_waits_then_runs_the_analysis(api_as, officer_a):
    rid = upload(api_as(officer_a), emergency_calls_file()).json()["id"]
    assert Return.objects.get(pk=rid).status == Return.Status.RECEIVED
    out = StringIO()
    call_command("run_overnight", stdout=out)
    assert Return.objects.get(pk=rid).status == Return.Status.LOADED
    lines = out.getvalue().splitlines()
    assert lines[0] == "overnight load: 1 loaded"
    assert lines[1].startswith("nightly analysis: {'refreshed': ")


def test_run_overnight_with_nothing_waiting_says_so(db):
    out = StringIO()
    call_command("run_overnight", "--no-analysis", stdout=out)
    assert out.getvalue() == "overnight load: no returns waiting\n"


def test_run_overnight_refresh_all_recomputes_every_loaded_return(api_as, officer_a, force_a):
    from forces.models import ForcePopulation
    from metrics.models import Observation

    upload(api_as(officer_a), emergency_calls_file())
    call_command("run_overnight", stdout=StringIO())
    call_command("run_overnight", stdout=StringIO())  # nothing new: nothing refreshed
    ForcePopulation.objects.filter(force=force_a).update(population=1)
    out = StringIO()
    call_command("run_overnight", "--refresh-all", stdout=out)
    assert "'refreshed': 1" in out.getvalue()
    assert Observation.objects.filter(force=force_a, level="force").exists()
