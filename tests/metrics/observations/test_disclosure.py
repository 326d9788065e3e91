"""Disclosure to PCCs: small sensitive counts, aggregates of too few forces or of months not
yet final, derived periods, and flag details (metrics/observations/disclosure.py)."""

from datetime import date

import pytest

from forces.models import Force
from kit.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from metrics.observations.disclosure import Candidate, disclosed, releasable_aggregates
from metrics.observations.refresh import similar_groups
from tests.metrics.factories import ObservationFactory
from tests.oversight.factories import FlagFactory

pytestmark = pytest.mark.django_db

MARCH = date(2024, 3, 1)
# emergency_calls is due 10 days after the month: 10 April; final 28 days later.
STILL_OPEN, CLOSED = date(2024, 4, 20), date(2024, 6, 1)
CALLS = "calls_answered_10s"


def _force_figure(force, metric=CALLS, period=MARCH, numerator=70, denominator=100):
    return ObservationFactory(
        force=force, metric=metric, period=period, numerator=numerator,
        denominator=denominator, value=numerator / denominator * 100,
    )  # fmt: skip


def _national(metric=CALLS, period=MARCH):
    return ObservationFactory(
        level="national", force=None, metric=metric, period=period,
        numerator=700, denominator=1000, value=70,
    )  # fmt: skip


def _releasable(pcc, today, metric=CALLS, level="national"):
    key = (METRICS_BY_CODE[metric], level, MARCH)
    return key in releasable_aggregates(pcc, {key}, today=today)


def test_an_aggregate_needs_three_forces_besides_the_pccs_own(pcc_a, force_a):
    others = list(Force.objects.exclude(pk=force_a.pk)[:3])
    _force_figure(force_a)
    for other in others[:2]:
        _force_figure(other)
    assert not _releasable(pcc_a, CLOSED)  # own + 2 others: subtracting own leaves 2
    _force_figure(others[2])
    assert _releasable(pcc_a, CLOSED)


def test_an_aggregate_waits_until_its_month_is_final(pcc_a, analyst, force_a):
    # 42 of 43 forces loaded and collection still open: a later snapshot with the 43rd would
    # reveal it by difference, so the figure is held back until all load or collection closes.
    forces = list(Force.objects.all())
    for force in forces[:-1]:
        _force_figure(force)
    assert not _releasable(pcc_a, STILL_OPEN)
    assert _releasable(pcc_a, CLOSED)
    assert _releasable(analyst, STILL_OPEN)  # the unit sees every aggregate at once
    _force_figure(forces[-1])
    assert _releasable(pcc_a, STILL_OPEN)


def test_similar_group_is_final_when_its_members_have_loaded(pcc_a, force_a):
    members = similar_groups()[force_a.pk]
    for force_id in members:
        _force_figure(Force.objects.get(pk=force_id))
    assert _releasable(pcc_a, STILL_OPEN, level="similar_group")
    assert not _releasable(pcc_a, STILL_OPEN, level="national")


def test_aggregates_are_decided_in_one_query_whatever_their_number(
    pcc_a, force_a, django_assert_num_queries
):
    for force_id in similar_groups()[force_a.pk]:
        force = Force.objects.get(pk=force_id)
        _force_figure(force)
        _force_figure(force, metric="crime_rate", numerator=40)
    keys = {
        (METRICS_BY_CODE[code], level, period)
        for code in (CALLS, "crime_rate")
        for level in ("national", "similar_group")
        for period in (MARCH, date(2024, 2, 1))
    }
    releasable_aggregates(pcc_a, keys, today=CLOSED)  # the PCC's role and force, asked once
    with django_assert_num_queries(1):  # the forces with figures, in and out of the group
        found = releasable_aggregates(pcc_a, keys, today=CLOSED)
    assert {(m.code, level, p) for m, level, p in found} == {
        (code, level, MARCH)
        for code in (CALLS, "crime_rate")
        for level in ("national", "similar_group")
    }


def test_pcc_api_withholds_an_aggregate_until_it_is_safe(api_as, pcc_a, force_a, settings):
    settings.COLLECTION_CLOSES_AFTER_DAYS = 10_000  # collection never closes in this test
    _national()
    for force in Force.objects.all()[:10]:
        _force_figure(force)
    url = f"/api/v1/observations/?metric={CALLS}&level=national"
    body = api_as(pcc_a).get(url).json()["results"]
    assert [(r["suppressed"], r["value"]) for r in body] == [(True, None)]
    for force in Force.objects.all()[10:]:
        _force_figure(force)
    body = api_as(pcc_a).get(url).json()["results"]
    assert [(r["suppressed"], r["value"]) for r in body] == [(False, 70.0)]


@pytest.mark.parametrize(
    "metric, numerator, denominator, hidden",
    [
        ("misconduct_days_to_conclude", 400, 4, True),  # a mean of 4 cases
        ("misconduct_days_to_conclude", 500, 5, False),
        ("misconduct_open_over_12_months", 2, 40, True),  # 2 cases of 40
        ("misconduct_open_over_12_months", 38, 40, True),  # and 2 not
        ("misconduct_open_over_12_months", 20, 40, False),
        ("csa_rate", 4, 650_000, True),
        ("knife_crime_rate", 4, 650_000, False),  # not a sensitive area
    ],
)
def test_small_counts_in_sensitive_areas_are_hidden_from_pccs(
    pcc_a, analyst, metric, numerator, denominator, hidden
):
    metric = METRICS_BY_CODE[metric]
    candidate = Candidate(metric, "force", numerator, denominator, 1.0)
    assert disclosed(pcc_a, candidate).suppressed is hidden
    assert disclosed(analyst, candidate).suppressed is False


def test_every_misconduct_and_vetting_metric_is_sensitive():
    # A count of cases or applications under 5 can point to a person in a small force.
    standards = [
        m
        for m in METRICS_BY_CODE.values()
        if m.dataset in ("misconduct_cases", "vetting_decisions")
    ]
    assert len(standards) >= 15 and all(m.sensitive for m in standards)


def test_a_quarter_never_reveals_a_suppressed_month(api_as, pcc_a, analyst, force_a):
    months = Month.between(Month(2024, 1), Month(2024, 3))
    for month, numerator in zip(months, (9, 3, 8), strict=True):
        ObservationFactory(
            force=force_a, metric="csa_rate", period=month.first_day, numerator=numerator,
            denominator=650_500, value=numerator / 650_500 * 100_000,
        )  # fmt: skip
    url = "/api/v1/observations/?metric=csa_rate&level=force&frequency=quarter"
    pcc = api_as(pcc_a).get(url).json()["results"]
    # 20 in the quarter is above 5, but with January and March it would reveal February's 3.
    assert [(r["period"], r["suppressed"], r["numerator"]) for r in pcc] == [
        ("2024-Q1", True, None)
    ]
    assert api_as(analyst).get(url).json()["results"][0]["numerator"] == 20


def test_flag_details_hide_a_small_sensitive_count_from_the_pcc(api_as, client, pcc_a, force_a):
    flag = FlagFactory(
        force=force_a,
        metric="csa_rate",
        dataset="recorded_crime",
        period=MARCH,
        detail={"value": 0.46, "mean": 1.2, "numerator": 3.0, "denominator": 650500.0},
    )
    _force_figure(force_a, metric="csa_rate", numerator=3, denominator=650_500)
    body = api_as(pcc_a).get(f"/api/v1/flags/{flag.pk}/").json()
    assert body["detail"] == {"suppressed": True}
    client.force_login(pcc_a)
    page = client.get(f"/flags/{flag.pk}/").content.decode()
    assert "0.46" not in page and "650500" not in page


def test_months_shown_hides_exactly_the_months_small_count_hidden_hides(pcc_a, analyst):
    from types import SimpleNamespace

    from metrics.catalogue import METRICS_BY_CODE
    from metrics.observations.disclosure import months_shown, small_count_hidden

    months = [SimpleNamespace(numerator=n, denominator=1000.0) for n in (0, 3, 4, 5, 12, None)]
    for code in ("csa_rate", "knife_crime_rate"):
        metric = METRICS_BY_CODE[code]
        for user in (pcc_a, analyst):
            expected = [
                o
                for o in months
                if not small_count_hidden(user, metric, o.numerator, o.denominator)
            ]
            assert months_shown(user, metric, months) == expected
