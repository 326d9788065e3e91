"""The standards reads as each viewer may see them: scoping, and disclosure of each count."""

import pytest

from standards import selectors

pytestmark = pytest.mark.django_db

COUNTED = [("a", "A", 6), ("b", "B", 2), ("c", "C", 7), ("d", "D", 30)]


def test_an_analyst_sees_every_count_and_the_total(analyst):
    counts = selectors.counts_shown(analyst, COUNTED)

    assert [c.count for c in counts.cells] == [6, 2, 7, 30]
    assert counts.total == 45 and not counts.total_suppressed


def test_a_pcc_sees_no_count_under_5_nor_one_that_would_give_it_away(pcc_a):
    counts = selectors.counts_shown(pcc_a, COUNTED)

    # 2 is under 5; 6, the smallest of the others, goes too, so that no total published
    # elsewhere gives 2 back; and the total.
    assert [(c.count, c.suppressed) for c in counts.cells] == [
        (None, True),
        (None, True),
        (7, False),
        (30, False),
    ]
    assert counts.total is None and counts.total_suppressed


def test_a_pcc_sees_every_count_of_5_or_more_and_their_total(pcc_a):
    counts = selectors.counts_shown(pcc_a, [("a", "A", 5), ("b", "B", 12)])

    assert [c.count for c in counts.cells] == [5, 12] and counts.total == 17


def test_noughts_are_hidden_from_a_pcc_too(pcc_a):
    counts = selectors.counts_shown(pcc_a, [("a", "A", 0), ("b", "B", 0), ("c", "C", 40)])

    assert [c.count for c in counts.cells] == [None, None, 40] and counts.total is None


def test_the_forces_read_are_every_force_for_an_analyst_and_a_pccs_own(
    analyst, pcc_a, officer_a, force_a
):
    assert selectors.standards_forces(analyst).count() == 43
    assert list(selectors.standards_forces(pcc_a)) == [force_a]
    assert not selectors.standards_forces(officer_a).exists()


def test_a_force_page_hides_small_counts_and_references_from_its_pcc(pcc_a, force_a, standards_a):
    page = selectors.force_standards(pcc_a, force_a)

    bands = {c.key: c.count for c in page.ageing.counts.cells}
    assert bands == {
        "under_3_months": None,  # 6, hidden with the 2 beside it
        "3_to_6_months": None,
        "6_to_12_months": 7,
        "12_to_24_months": 8,
        "24_months_or_more": 9,
    }
    assert page.ageing.counts.total is None
    assert page.oldest is None and page.barred_list.cases is None
    assert [c.count for c in page.barred_list.counts.cells] == [None, None]
    dismissals = {
        label: counts.count("dismissals_per_1000") for label, counts in page.outcomes.months
    }
    assert dismissals == {"2024-02": None, "2024-03": 6}


def test_a_force_page_shows_an_analyst_everything(analyst, force_a, standards_a):
    page = selectors.force_standards(analyst, force_a)

    assert page.ageing.counts.total == 32
    assert [c.case_ref for c in page.oldest][:2] == ["REF-202101-0", "REF-202101-1"]
    assert [c.case_ref for c in page.barred_list.cases] == ["REF-DISMISSED"]
