from datetime import date

import pytest

from demo.neighbourhood import load_neighbourhood_demo
from neighbourhood import selectors

pytestmark = pytest.mark.django_db


def test_the_demo_register_holds_most_forces_and_loads_once(analyst, reference_data):
    loaded = load_neighbourhood_demo(date(2026, 12, 6))
    rows = selectors.register_rows(analyst)
    with_lead = [r for r in rows if r.lead is not None]
    complete = [r for r in rows if r.complete]
    assert len(with_lead) == 40
    assert 32 <= len(complete) < 38  # a few without a plan, or overdue for review
    assert all(r.lead.appointed_on >= date(2025, 4, 14) for r in with_lead)
    assert loaded["leads"] >= 40 and loaded["plans"] >= 38
    assert load_neighbourhood_demo(date(2026, 12, 6)) == {"leads": 0, "plans": 0}
