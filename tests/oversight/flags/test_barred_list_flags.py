"""A dismissal not notified to the College of Policing barred list in time raises a flag on the
force for the month its days ran out: once, for recent months only, never shown with a small
count to a PCC."""

from datetime import date

import pytest

from forces.models import Force
from metrics.catalogue import METRICS_BY_CODE
from metrics.observations.disclosure import disclosed_detail
from oversight.flags.models import Flag
from oversight.flags.nightly import nightly_run
from tests.metrics.factories import ObservationFactory

pytestmark = pytest.mark.django_db


def notified(force, period: date, on_time: int, settled: int):
    return ObservationFactory(
        force=force,
        metric="barred_list_on_time",
        period=period,
        numerator=on_time,
        denominator=settled,
        value=on_time / settled * 100 if settled else None,
    )


def flags(force=None):
    found = Flag.objects.filter(rule=Flag.Rule.BARRED_LIST_LATE)
    return found.filter(force=force) if force else found


def test_a_late_notification_flags_the_force_for_its_month(reference_data):
    durham, cumbria = Force.objects.get(slug="durham"), Force.objects.get(slug="cumbria")
    notified(durham, date(2025, 5, 1), on_time=2, settled=3)
    notified(cumbria, date(2025, 5, 1), on_time=4, settled=4)  # all on time: no flag
    nightly_run(today=date(2025, 6, 25))
    flag = flags().get()
    assert (flag.force, flag.period, flag.metric) == (
        durham,
        date(2025, 5, 1),
        "barred_list_on_time",
    )
    assert flag.detail["late"] == 1 and flag.detail["denominator"] == 3
    # The summary names no count: it is shown where the count may not be.
    assert not any(ch.isdigit() for ch in flag.summary)


def test_the_flag_is_raised_once_whatever_the_nights(reference_data):
    durham = Force.objects.get(slug="durham")
    notified(durham, date(2025, 5, 1), on_time=0, settled=1)
    nightly_run(today=date(2025, 6, 25), refresh_all=True)
    nightly_run(today=date(2025, 6, 26), refresh_all=True)
    assert flags(durham).count() == 1


def test_only_the_latest_three_months_are_flagged(reference_data):
    durham = Force.objects.get(slug="durham")
    for month in (1, 2, 3, 4, 5):
        notified(durham, date(2025, month, 1), on_time=0, settled=1)
    nightly_run(today=date(2025, 6, 25))
    assert sorted(f.period.month for f in flags(durham)) == [3, 4, 5]


def test_no_dismissal_settled_no_flag(reference_data):
    durham = Force.objects.get(slug="durham")
    notified(durham, date(2025, 5, 1), on_time=0, settled=0)
    nightly_run(today=date(2025, 6, 25))
    assert not flags().exists()


def test_a_pcc_sees_nothing_of_a_small_count_in_the_flag(reference_data, pcc_a, analyst):
    durham = Force.objects.get(slug="durham")
    notified(durham, date(2025, 5, 1), on_time=1, settled=2)
    nightly_run(today=date(2025, 6, 25))
    flag = flags().get()
    assert METRICS_BY_CODE[flag.metric].sensitive
    assert disclosed_detail(pcc_a, metric_code=flag.metric, detail=flag.detail) == {
        "suppressed": True
    }
    assert disclosed_detail(analyst, metric_code=flag.metric, detail=flag.detail)["late"] == 1
