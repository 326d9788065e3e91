"""No SPC flag on a rate or share resting on a handful of events a month: an XmR chart of a
few counts signals on noise. The same jump with many events is flagged."""

from datetime import date

import pandas as pd

from kit.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from oversight.flags.detectors import RARE_EVENTS, spc_candidates, too_rare_for_xmr

FIRST = Month(2024, 1)
SHARE = "theft_from_the_person_charge_rate"  # a share charged: higher is better


def frame(numerators, denominator) -> pd.DataFrame:
    rows = [
        (1, SHARE, (FIRST + i).first_day, float(n), float(denominator), n / denominator * 100)
        for i, n in enumerate(numerators)
    ]
    return pd.DataFrame(
        rows, columns=["force_id", "metric", "period", "numerator", "denominator", "value"]
    )


STEADY = [2, 1, 2, 3, 2, 1, 2, 2, 3, 1, 2, 2, 2, 1, 3, 2]


def test_a_drop_to_nought_of_two_a_month_is_not_flagged():
    months = frame([*STEADY, 0], 60)
    assert too_rare_for_xmr(METRICS_BY_CODE[SHARE], months)
    assert spc_candidates(months, {}) == []


def test_a_drop_in_many_events_is_flagged():
    many = frame([400 + n * 5 for n in STEADY] + [250], 1200)
    assert not too_rare_for_xmr(METRICS_BY_CODE[SHARE], many)
    [flag] = spc_candidates(many, {})
    assert flag.period == date(2025, 5, 1) and flag.metric == SHARE


def test_a_share_near_all_is_rare_on_the_other_side():
    # 98 of 100 every month: those not in the share are the events.
    nearly_all = frame([98] * 16 + [90], 100)
    assert too_rare_for_xmr(METRICS_BY_CODE[SHARE], nearly_all)
    assert RARE_EVENTS == 5
