"""The neighbourhood workforce against the guarantee: each force's uplift since its March 2025
return, the national total with how many forces it holds, and the trajectory."""

from datetime import date

import pytest

from neighbourhood import guarantee
from tests.metrics.factories import ObservationFactory

pytestmark = pytest.mark.django_db

CODE = "neighbourhood_workforce_per_10k"
BASELINE, LATEST = date(2025, 3, 1), date(2026, 9, 1)


def workforce(force, period, fte, level="force"):
    return ObservationFactory(
        force=force if level == "force" else None,
        level=level,
        metric=CODE,
        period=period,
        numerator=fte,
        denominator=650_500.0,
        value=fte / 650_500 * 10_000,
    )


def test_the_trajectory_runs_straight_between_the_guarantees_dates():
    assert guarantee.expected_at(date(2024, 11, 1)) == 17_175
    assert guarantee.expected_at(BASELINE) == 17_175
    assert guarantee.expected_at(date(2025, 9, 1)) == pytest.approx(17_175 + 3_000 * 6 / 12)
    assert guarantee.expected_at(date(2026, 3, 1)) == 20_175
    assert guarantee.expected_at(date(2027, 3, 1)) == pytest.approx(20_175 + 10_000 / 3)
    assert guarantee.expected_at(date(2030, 1, 1)) == 30_175


def test_a_forces_uplift_is_its_latest_month_against_march_2025(analyst, force_a, force_b):
    workforce(force_a, date(2025, 2, 1), 190.0)
    workforce(force_a, BASELINE, 200.0)
    workforce(force_a, date(2026, 3, 1), 236.0)
    workforce(force_a, LATEST, 250.0)
    workforce(force_b, LATEST, 90.0)  # no March 2025 return: no baseline
    uplifts = {u.force.slug: u for u in guarantee.force_uplifts(analyst)}
    a, b = uplifts["durham"], uplifts["cumbria"]
    assert (a.baseline, a.latest, a.latest_period) == (200.0, 250.0, LATEST)
    assert (a.uplift, a.uplift_pct) == (50.0, 25.0)
    assert (b.baseline, b.latest, b.uplift, b.uplift_pct) == (None, 90.0, None, None)
    assert len(uplifts) == 43  # every force, with or without figures


def test_a_pcc_sees_their_own_forces_uplift_only(pcc_a, force_a, force_b):
    workforce(force_a, BASELINE, 200.0)
    workforce(force_b, BASELINE, 100.0)
    assert [u.force.slug for u in guarantee.force_uplifts(pcc_a)] == ["durham"]


def test_the_national_total_says_how_many_forces_it_holds(analyst, force_a, force_b):
    workforce(force_a, BASELINE, 200.0)
    workforce(force_b, BASELINE, 100.0)
    workforce(None, BASELINE, 300.0, level="national")
    [month] = guarantee.national_months(analyst)
    assert (month.period, month.fte, month.forces, month.complete) == (BASELINE, 300.0, 2, False)
    assert month.behind_trajectory == 17_175 - 300


def test_a_national_total_of_too_few_forces_is_hidden_from_a_pcc(pcc_a, force_a, force_b):
    """A PCC sees a national figure only where it holds at least 3 forces besides their own:
    of two forces, the total less their own would be the other force's."""
    workforce(force_a, BASELINE, 200.0)
    workforce(force_b, BASELINE, 100.0)
    workforce(None, BASELINE, 300.0, level="national")
    [month] = guarantee.national_months(pcc_a)
    assert month.fte is None and month.forces == 2
