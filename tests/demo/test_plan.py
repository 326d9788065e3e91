"""What the demo holds for a given today: its months, collection starts and the returns that
go wrong by design (demo.plan), and, loaded for a few forces, what completeness and the
nightly run make of them."""

from datetime import date

import pytest
from django.conf import settings

from demo.plan import BY_DESIGN, LATER_STARTS, RECORD_MONTHS, ByDesign, demo_months, demo_plan
from kit.periods import Month
from metrics.datasets import DATASETS
from metrics.returns.completeness import deadline

TODAY = date(2026, 12, 2)


def test_demo_months_are_the_24_ending_with_the_latest_month_due():
    months = demo_months(TODAY)

    for code, window in months.items():
        if DATASETS[code].cadence == "quarterly":
            continue
        assert len(window) == 24, code
        assert (window[0], window[-1]) == (Month(2024, 11), Month(2026, 10)), code
    # The quarterly surveys: the 8 quarters of those 24 months, the last (July to September)
    # due on 30 October; October to December is not over.
    quarters = months["confidence_surveys"]
    assert quarters == [Month(2024, 10) + 3 * i for i in range(8)]


def test_demo_months_follow_each_datasets_due_day():
    # November's returns are due on 10 December (calls and incidents), 15 December (crime)
    # and 20 December (workforce, misconduct, vetting): due before today only once it passed.
    months = demo_months(date(2026, 12, 15))

    assert months["emergency_calls"][-1] == Month(2026, 11)
    assert months["incident_response"][-1] == Month(2026, 11)
    assert months["street_crime"][-1] == Month(2026, 10)
    assert months["workforce"][-1] == Month(2026, 10)
    assert demo_months(date(2026, 12, 16))["street_crime"][-1] == Month(2026, 11)
    assert demo_months(date(2026, 12, 21))["workforce"][-1] == Month(2026, 11)


def test_demo_months_across_a_new_year():
    months = demo_months(date(2027, 1, 5), count=3)

    assert months["emergency_calls"] == [Month(2026, 9), Month(2026, 10), Month(2026, 11)]


def _sends(plan, force, dataset, month):
    return [s for s in plan.sends if (s.force, s.dataset, s.month) == (force, dataset, month)]


@pytest.mark.parametrize("wrong", BY_DESIGN, ids=lambda d: f"{d.force}-{d.dataset}-{d.outcome}")
def test_by_design_returns_go_wrong_as_declared(wrong: ByDesign):
    plan = demo_plan(TODAY, [wrong.force], datasets=[wrong.dataset])
    month = plan.months[wrong.dataset][-1 - wrong.months_back]
    due = deadline(DATASETS[wrong.dataset].due_date(month.first_day))

    sends = _sends(plan, wrong.force, wrong.dataset, month)

    if wrong.outcome == "missing":
        assert sends == []
    elif wrong.outcome == "late":
        assert [s.fault for s in sends] == [""]
        assert sends[0].at >= due
    elif wrong.outcome == "rejected":
        assert [s.fault for s in sends] == [wrong.fault]
        assert sends[0].at < due
    else:
        assert [s.fault for s in sends] == [wrong.fault, ""]
        assert sends[0].at < due <= sends[1].at


def test_every_other_return_is_sent_once_on_time():
    plan = demo_plan(TODAY, ["durham", "kent"])
    wrong = {(d.force, d.dataset) for d in BY_DESIGN}

    for send in plan.sends:
        if (send.force, send.dataset) not in wrong:
            dataset = DATASETS[send.dataset]
            due = dataset.due_date(send.month.first_day)
            period_end = (send.month + dataset.months_per_period - 1).last_day
            assert period_end < send.at.date() <= due
    # Every monthly dataset's 24 months, and the quarterly surveys' 8 quarters.
    assert len(plan.sends) == 2 * ((len(DATASETS) - 1) * 24 + 8)
    surveys = [s.month for s in plan.sends if s.dataset == "confidence_surveys"]
    assert {m.month for m in surveys} == {1, 4, 7, 10}


def test_later_starts_send_nothing_before_the_start():
    for later in LATER_STARTS:
        plan = demo_plan(TODAY, [later.force], datasets=[later.dataset])
        start = plan.months[later.dataset][later.after]

        assert plan.starts[later.force, later.dataset] == start
        assert min(s.month for s in plan.sends) == start


def test_forces_with_real_street_files_collect_street_crime_from_2024():
    plan = demo_plan(TODAY, ["durham", "kent"], {"durham"}, datasets=["street_crime"])

    assert plan.starts["durham", "street_crime"] == Month(2024, 1)
    assert plan.starts["kent", "street_crime"] == Month(2024, 11)
    assert len(_sends(plan, "durham", "street_crime", Month(2024, 7))) == 1
    assert _sends(plan, "kent", "street_crime", Month(2024, 7)) == []


def test_each_force_sends_only_its_latest_months_through_the_api_within_its_limit():
    """The history, small returns included, is loaded as history: a force's system sends the
    latest months through the API, well within the limit on returns an hour."""
    plan = demo_plan(TODAY, ["durham", "gwent"], {"durham"})
    limit = int(settings.RATE_LIMIT_RETURNS.split("/")[0])
    for force in ("durham", "gwent"):
        api = [s for s in plan.sends if s.force == force and s.through_api]
        assert 0 < len(api) < limit / 2
    latest = {code: months[-RECORD_MONTHS:] for code, months in plan.months.items()}
    assert all(
        s.month in latest[s.dataset] or s.dataset == "street_crime"
        for s in plan.sends
        if s.through_api
    )
    workforce = [s for s in plan.sends if s.force == "gwent" and s.dataset == "workforce"]
    assert sum(s.through_api for s in workforce) == RECORD_MONTHS < len(workforce)
