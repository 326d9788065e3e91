"""The nightly benchmark's history: a stable process's figures, each as noisy as what it
rests on, so that a second night with no change in the data raises little."""

import math

import pytest

from bench.nightly import stable_noise
from metrics.catalogue import METRICS_BY_CODE


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "spread"),
    [
        # 14 knife offences in a month: Poisson, 1/sqrt(14).
        ("knife_crime_rate", 14, 650_000, math.sqrt(1 / 14 + 0.03**2)),
        # Thousands of crimes: the 3% floor dominates.
        ("crime_rate", 40_000, 650_000, math.sqrt(1 / 40_000 + 0.03**2)),
        # 90% of 1,000 calls answered in 10 seconds: binomial, (1 - p) / successes.
        ("calls_answered_10s", 900, 1000, math.sqrt(0.1 / 900 + 0.03**2)),
        # A mean of 6 durations; a median of 50.
        ("misconduct_days_to_conclude", 746, 6, math.sqrt(0.64 / 6 + 0.03**2)),
        ("call_answer_median_s", None, 50, math.sqrt(1.5 / 50 + 0.03**2)),
    ],
)
def test_history_is_as_noisy_as_what_each_figure_rests_on(code, numerator, denominator, spread):
    assert stable_noise(METRICS_BY_CODE[code], numerator, denominator) == pytest.approx(spread)
