"""The nightly run finds the signals built into generated returns, and none in stable forces.

Generated returns for two forces with declared scenarios (demo.generator.SCENARIOS:
Cleveland's 999 answering declines from 2024-02; West Midlands' knife crime steps up 40%
from 2024-04) and three stable forces go through the real pipeline; the nightly run must
flag exactly the scenario forces' metrics with SPC signals of concern.
"""

from datetime import date

import pytest
from django.core import mail

from accounts.roles import Role
from demo.generator import ForceInfo, parse_months, write_returns
from forces.models import Force
from metrics.datasets import DATASETS
from metrics.returns.services import parse_period, return_process, return_submit
from oversight.flags.models import Flag
from oversight.flags.nightly import nightly_run
from tests.accounts.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SCENARIO_FORCES = {"cleveland": "calls_answered_10s", "west-midlands": "knife_crime_rate"}
STABLE_FORCES = ["durham", "cumbria", "dorset"]
MONTHS = "2023-03..2024-10"


@pytest.fixture
def loaded(tmp_path, reference_data):
    forces = Force.objects.filter(slug__in=[*SCENARIO_FORCES, *STABLE_FORCES])
    infos = [ForceInfo(f.slug, f.name, f.population_in(2024).population) for f in forces]
    written = write_returns(
        infos,
        parse_months(MONTHS),
        tmp_path,
        datasets=["emergency_calls", "recorded_crime"],
        scale=0.5,
        # Over 20 months the rules have a false-alarm rate of their own (a run of 7 on one side
        # by chance): with seed 0 Cumbria ends on such a run. Seed 1 draws none in the stable
        # forces, so any signal there is the pipeline's doing.
        seed=1,
    )
    officers = {f.slug: (f, user_with_role(Role.FORCE_DATA_OFFICER, force=f)) for f in forces}
    for item in written:
        force, user = officers[item.force]
        with open(item.path, "rb") as fh:
            from django.core.files.uploadedfile import SimpleUploadedFile

            upload = SimpleUploadedFile(item.path.name, fh.read())
        ret, _ = return_submit(
            user=user,
            force=force,
            dataset=DATASETS[item.dataset],
            period=parse_period(item.period),
            upload=upload,
        )
        assert return_process(return_id=ret.pk).status == "loaded"
    return forces


def spc_flags(**filters):
    return Flag.objects.filter(rule__in=Flag.SPC_RULES, **filters)


def test_nightly_run_flags_the_built_in_signals_and_nothing_in_stable_forces(loaded):
    analyst = user_with_role(Role.ANALYST, username="digest-reader")
    result = nightly_run(today=date(2024, 11, 20))
    assert result["new_flags"] > 0
    for slug, metric in SCENARIO_FORCES.items():
        flags = spc_flags(force__slug=slug, metric=metric)
        assert flags.exists(), f"{slug} {metric}: no signal found"
        flag = flags.get()
        assert flag.period == date(2024, 10, 1) and flag.status == "new"
        assert flag.detail["points"] == 20
    unexpected = spc_flags(force__slug__in=STABLE_FORCES)
    assert not unexpected.exists(), list(unexpected.values_list("force__slug", "metric", "rule"))
    # The digest goes to the analysts, naming the rules.
    assert mail.outbox[-1].to == [analyst.email]
    assert "calls_answered_10s" in mail.outbox[-1].body or "999" in mail.outbox[-1].body
    # A second run finds nothing new to refresh or flag.
    count = Flag.objects.count()
    again = nightly_run(today=date(2024, 11, 20))
    assert (again["refreshed"], again["new_flags"]) == (0, 0)
    assert Flag.objects.count() == count


def test_flag_rules_name_every_spc_rule_the_analysis_reports():
    from metrics.analysis.spc import RULES

    assert set(RULES) == {rule.value for rule in Flag.SPC_RULES}
