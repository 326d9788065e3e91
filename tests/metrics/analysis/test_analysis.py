"""Tests of metrics.analysis: XmR charts, assurance, funnel plots and similar forces.

Reference outputs come from the NHS-R community packages' own tests, cited per test:
nhs-r-community/NHSRplotthedots and nhs-r-community/FunnelPlotR (repository, path, commit).
"""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from metrics.analysis import (
    assurance,
    funnel_limits,
    funnel_points,
    outside_limits,
    overdispersion,
    xmr,
)
from metrics.analysis.funnel import _phi_tau2
from metrics.analysis.spc import (
    _part_of_run,
    _seven_point_one_side,
    _seven_point_trend,
    _two_in_three,
)

# R's set.seed(123); rnorm(20), the data of NHSRplotthedots tests/testthat/test-ptd_spc_standard.R,
# as printed (8 decimals) by pillar::glimpse in tests/testthat/_snaps/ptd_spc_standard.md
# (nhs-r-community/NHSRplotthedots, commit ea2177d4ccfed7dc14d8f57d20f1114d9b235295).
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip

# FunnelPlotR's example data: nhs-r-community/FunnelPlotR tests/testthat/test-funnel_plot.R
# (commit add2fe448144e95ad30d5110708b2d888c946149) and test-classes_methods.R.
FPR_OBSERVED = [100, 150, 180, 80, 120, 225]
FPR_EXPECTED = [108, 112, 165, 95, 100, 220]


def _signif(x: float, digits: int) -> float:
    """Round to significant figures, as R prints them."""
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _rules(chart: pd.DataFrame) -> dict[int, str]:
    return {i: r for i, r in chart["rule"].items() if r}


# ---------------------------------------------------------------------------- xmr: limits


def test_xmr_limits_hand_worked():
    # values 10, 12, 11, 13, 12: mean = 58 / 5 = 11.6; moving ranges 2, 1, 2, 1 -> mean 1.5
    # (none >= 3.267 * 1.5 = 4.9, so screening keeps all). Limits 11.6 -/+ 2.66 * 1.5 =
    # 7.61 / 15.59; two-sigma lines 11.6 -/+ (2 * 2.66 / 3) * 1.5 = 11.6 -/+ 2.66.
    chart = xmr([10, 12, 11, 13, 12])
    assert list(chart.columns[:7]) == [
        "value", "mean", "lpl", "upl", "special_cause", "rule", "variation",
    ]  # fmt: skip
    assert chart["mean"].tolist() == pytest.approx([11.6] * 5)
    assert chart["lpl"].tolist() == pytest.approx([7.61] * 5)
    assert chart["upl"].tolist() == pytest.approx([15.59] * 5)
    assert chart["lower_two_sigma"].tolist() == pytest.approx([8.94] * 5)
    assert chart["upper_two_sigma"].tolist() == pytest.approx([14.26] * 5)
    assert chart["moving_range"].tolist()[1:] == [2, 1, 2, 1]
    assert math.isnan(chart["moving_range"].iloc[0])
    assert chart["rule"].tolist() == [""] * 5
    assert chart["variation"].tolist() == ["common_cause"] * 5
    assert chart["trial"].tolist() == [True] * 5


def test_xmr_screen_outliers_drops_moving_ranges_above_3267_mean():
    # values 10, 11, 10, 11, 10, 30: mean 82 / 6; moving ranges 1, 1, 1, 1, 20 -> mean 4.8.
    # 20 >= 3.267 * 4.8 = 15.68 is screened out: mean moving range 1, limits mean -/+ 2.66.
    # Unscreened: mean -/+ 2.66 * 4.8 = mean -/+ 12.768.
    values = [10, 11, 10, 11, 10, 30]
    screened, unscreened = xmr(values), xmr(values, screen_outliers=False)
    assert screened["lpl"].iloc[0] == pytest.approx(82 / 6 - 2.66)
    assert screened["upl"].iloc[0] == pytest.approx(82 / 6 + 2.66)
    assert unscreened["lpl"].iloc[0] == pytest.approx(82 / 6 - 12.768)
    assert unscreened["upl"].iloc[0] == pytest.approx(82 / 6 + 12.768)


def test_xmr_reproduces_nhsrplotthedots_spc_standard_snapshot():
    """NHSRplotthedots tests/testthat/_snaps/ptd_spc_standard.md (commit
    ea2177d4ccfed7dc14d8f57d20f1114d9b235295), from test-ptd_spc_standard.R: r1 the data,
    r2 with y[15] = 10, r3 the same without outlier screening (mean_col, lpl, upl)."""
    r1 = xmr(RNORM_123)
    assert [_signif(r1[c].iloc[0], 7) for c in ("mean", "lpl", "upl")] == [
        0.1416238, -3.011380, 3.294627,
    ]  # fmt: skip
    side = np.sign(r1["value"] - r1["mean"]).astype(int).tolist()
    assert side[:15] == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]
    # _snaps/ptd_spc.md (commit 174380d653d7a169a76f99deebb9fc21ed5fbbd6): 20 common cause.
    assert r1["variation"].tolist() == ["common_cause"] * 20
    outlier = RNORM_123.copy()
    outlier[14] = 10
    r2, r3 = xmr(outlier), xmr(outlier, screen_outliers=False)
    assert [_signif(r2[c].iloc[0], 7) for c in ("mean", "lpl", "upl")] == [
        0.6694159, -2.383666, 3.722497,
    ]  # fmt: skip
    assert [_signif(r3[c].iloc[0], 7) for c in ("lpl", "upl")] == [-4.596625, 5.935457]


def test_xmr_rebase_reproduces_nhsrplotthedots_facet_summary():
    """NHSRplotthedots tests/testthat/_snaps/ptd_spc.md (commit
    174380d653d7a169a76f99deebb9fc21ed5fbbd6), test-ptd_spc.R "it outputs expected content":
    facets rep(c(0, 1), each = 10) are computed like groups split at position 10."""
    chart = xmr(RNORM_123, rebase=[10])
    first = chart.groupby("group")[["mean", "lpl", "upl"]].first()
    assert [_signif(x, 3) for x in first.loc[0]] == [0.0746, -2.60, 2.75]
    assert [_signif(x, 3) for x in first.loc[1]] == [0.209, -3.28, 3.70]
    assert chart["variation"].tolist() == ["common_cause"] * 20
    assert chart["trial"].tolist() == [True] * 20  # groups of 10 < 12 points


# ---------------------------------------------------------------------------- xmr: rules

OUTSIDE = [5, 6, 4, 5, 6, 4, 20, -10, 5, 6, 4, 5]


def test_xmr_outside_limits_rule_marks_points_beyond_limits():
    # sum 60 -> mean 5; moving ranges 1,2,1,1,2,16,30,15,1,2,1 (mean 72/11 = 6.545); 30 >=
    # 3.267 * 6.545 = 21.4 is screened out -> mean 42/10 = 4.2; limits 5 -/+ 11.172.
    chart = xmr(OUTSIDE)
    assert chart["lpl"].iloc[0] == pytest.approx(-6.172)
    assert chart["upl"].iloc[0] == pytest.approx(16.172)
    assert _rules(chart) == {6: "outside_limits", 7: "outside_limits"}
    assert chart["special_cause"].tolist() == [i in (6, 7) for i in range(12)]


def test_xmr_run_rule_marks_all_seven_points_on_one_side():
    # mean 34 / 14 = 2.4286; moving ranges 2 (x7), 0 (x6) -> 14/13; upper two-sigma line
    # 2.4286 + 1.7733 * 1.0769 = 4.338, so the 3s are not close to a limit. Points 7..13
    # are seven 3s above the mean; equal values are no trend.
    chart = xmr([1, 3, 1, 3, 1, 3, 1, 3, 3, 3, 3, 3, 3, 3])
    assert chart["mean"].iloc[0] == pytest.approx(34 / 14)
    assert _rules(chart) == dict.fromkeys(range(7, 14), "run")
    assert set(chart["variation"].iloc[7:]) == {"improvement"}


def test_xmr_trend_rule_marks_seven_points_of_six_rising_steps():
    # 9..15 at positions 4..10 rise six times; mean 166 / 14 = 11.857 so 9, 10, 11 lie below
    # the mean yet are improvement because the trend rises. Moving ranges sum 36 -> 36/13;
    # limits 11.857 -/+ 7.366.
    chart = xmr([10, 14, 10, 14, 9, 10, 11, 12, 13, 14, 15, 10, 14, 10])
    assert chart["lpl"].iloc[0] == pytest.approx(166 / 14 - 2.66 * 36 / 13)
    assert _rules(chart) == dict.fromkeys(range(4, 11), "trend")
    assert set(chart["variation"].iloc[4:11]) == {"improvement"}


def test_xmr_trend_needs_seven_points_not_six():
    six_rising = xmr([10, 14, 10, 14, 10, 11, 12, 13, 14, 15, 10, 14])
    assert "trend" not in set(six_rising["rule"])


def test_xmr_two_of_three_rule_marks_only_points_beyond_two_sigma():
    # sum 175 over 16 -> mean 10.9375; moving ranges 1 (x9), 3, 3, 3, 4, 1, 1 sum 24 -> 1.6.
    # Upper two-sigma line 10.9375 + 1.7733 * 1.6 = 13.775, upper limit 15.1935: the two 14s
    # are close to the limit and 11 between them is above the mean, so 14, 11, 14 form the
    # window; only the 14s are marked.
    chart = xmr([10, 11] * 5 + [14, 11, 14, 10, 11, 10])
    assert chart["upper_two_sigma"].iloc[0] == pytest.approx(10.9375 + 2 * 2.66 / 3 * 1.6)
    assert _rules(chart) == {10: "two_of_three", 12: "two_of_three"}
    assert chart["variation"].iloc[10] == "improvement"


def test_xmr_two_of_three_needs_all_three_points_on_one_side():
    """NHSRplotthedots tests/testthat/test-ptd_spc_standard.R (commit
    2ec4e36851c074e231445e94db78e8cd24e6352b): two successive points close to the limits
    on opposite sides of the mean are common cause."""
    data = [1, -1] * 8
    data[14], data[15] = 5.5, -5.5
    chart = xmr(data)
    assert chart["variation"].tolist()[-2:] == ["common_cause", "common_cause"]


def test_xmr_rule_priority_outside_limits_over_run_and_trend_over_run():
    # Each group's fixed baseline alternates 10 and 12: mean 11, mean moving range 2, limits
    # 5.68 / 16.32, two-sigma lines 7.453 / 14.547. Group 0 then has 13, 13, 13, 20, 13, 13,
    # 13: a run of 7 above the mean whose 20 is beyond the upper limit. Group 1's baseline
    # ends on 12 (above the mean) and is followed by 11.5, 12, ..., 14.5: 8 points above the
    # mean, the last 7 also a rising trend (below the two-sigma line).
    values = [12, 10] * 6 + [13, 13, 13, 20, 13, 13, 13] + [10, 12] * 6
    values += [11.5 + i / 2 for i in range(7)]
    chart = xmr(values, rebase=[19], fix_after_n_points=12)
    assert _rules(chart) == {
        **dict.fromkeys((12, 13, 14, 16, 17, 18, 30), "run"),
        15: "outside_limits",
        **dict.fromkeys(range(31, 38), "trend"),
    }


def test_xmr_rules_do_not_span_rebase_groups():
    # The rising 9..15 of the trend example split after 11: neither group has 7 points.
    values = [10, 14, 10, 14, 9, 10, 11, 12, 13, 14, 15, 10, 14, 10]
    assert _rules(xmr(values)) == dict.fromkeys(range(4, 11), "trend")
    assert _rules(xmr(values, rebase=[7])) == {}


# ---------------------------------------------------------------------------- xmr: options


def test_xmr_polarity_increase_decrease_neutral():
    variation = {
        direction: xmr(OUTSIDE, improvement=direction)["variation"].tolist()[6:8]
        for direction in ("increase", "decrease", "neutral")
    }
    assert variation == {
        "increase": ["improvement", "concern"],
        "decrease": ["concern", "improvement"],
        "neutral": ["neutral", "neutral"],
    }


def test_xmr_falling_trend_is_improvement_when_decrease_is_better():
    values = [10, 6, 10, 6, 15, 14, 13, 12, 11, 10, 9, 10, 6, 10]
    chart = xmr(values, improvement="decrease")
    assert _rules(chart) == dict.fromkeys(range(4, 11), "trend")
    assert set(chart["variation"].iloc[4:11]) == {"improvement"}


def test_xmr_rebase_restarts_limits_and_moving_range():
    # Group 0: 1, 2, 1, 2, 1 -> mean 1.4, moving ranges 1 -> limits 1.4 -/+ 2.66.
    # Group 1: 10, 11, 10, 11, 10 -> mean 10.4; no moving range spans 1 -> 10.
    chart = xmr([1, 2, 1, 2, 1, 10, 11, 10, 11, 10], rebase=[5])
    assert chart["group"].tolist() == [0] * 5 + [1] * 5
    assert chart["mean"].tolist() == pytest.approx([1.4] * 5 + [10.4] * 5)
    assert chart["upl"].tolist() == pytest.approx([4.06] * 5 + [13.06] * 5)
    assert math.isnan(chart["moving_range"].iloc[5])
    assert chart["special_cause"].sum() == 0


def test_xmr_fix_after_n_points_takes_limits_from_first_n_points():
    # First 12 points 10, 12: mean 11, moving ranges all 2 -> limits 11 -/+ 5.32; the
    # later 30s change neither and are beyond the upper limit.
    chart = xmr([10, 12] * 6 + [30, 30], fix_after_n_points=12)
    assert chart["mean"].tolist() == pytest.approx([11] * 14)
    assert chart["upl"].tolist() == pytest.approx([16.32] * 14)
    assert _rules(chart) == {12: "outside_limits", 13: "outside_limits"}
    assert chart["trial"].tolist() == [False] * 14


def test_xmr_fix_after_n_points_below_twelve_raises():
    with pytest.raises(ValueError, match=">= 12"):
        xmr(range(20), fix_after_n_points=11)


def test_xmr_trial_when_limits_come_from_under_twelve_points():
    assert xmr(range(11))["trial"].all()
    assert not xmr(range(12))["trial"].any()
    assert xmr(range(17), rebase=[12])["trial"].tolist() == [False] * 12 + [True] * 5


def test_xmr_keeps_series_index():
    months = pd.period_range("2024-01", periods=3, freq="M")
    chart = xmr(pd.Series([1.0, 2.0, 3.0], index=months))
    assert chart.index.equals(months)


def test_xmr_short_series_have_nan_or_no_rows():
    assert xmr([]).empty
    single = xmr([5.0])
    assert single["mean"].iloc[0] == 5.0
    assert math.isnan(single["upl"].iloc[0])
    assert single["variation"].tolist() == ["common_cause"]


@pytest.mark.parametrize(
    ("values", "options"),
    [
        ([1.0, float("nan"), 3.0], {}),
        ([1.0, 2.0], {"improvement": "up"}),
        ([1.0, 2.0], {"rebase": [2]}),
    ],
)
def test_xmr_invalid_input_raises(values, options):
    with pytest.raises(ValueError):
        xmr(values, **options)


# ---------------------------------------------------------------------------- xmr: helpers
# Expected vectors from NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R
# (commit 0b49a46faa87622267a3792ae3a90156090c8add), for the helpers of
# R/ptd_calculate_point_type.R (commit f7891af4b8f71838f4c6fb17c8eec1a1c9bd6d7f).


def test_seven_point_one_side_matches_nhsrplotthedots():
    cases = [
        ([], []),
        ([1] * 6, [0] * 6),
        ([1] * 6 + [-1], [0] * 7),
        ([1] * 8 + [-1], [0, 0, 0, 0, 0, 0, 1, 1, 0]),
        ([-1] * 8 + [1], [0, 0, 0, 0, 0, 0, 1, 1, 0]),
        ([-1] + [1] * 8 + [-1], [0, 0, 0, 0, 0, 0, 0, 1, 1, 0]),
        ([1] + [-1] * 8 + [1], [0, 0, 0, 0, 0, 0, 0, 1, 1, 0]),
    ]
    for side, expected in cases:
        assert _seven_point_one_side(np.array(side, dtype=float)).astype(int).tolist() == expected


def test_seven_point_trend_matches_nhsrplotthedots():
    cases = [
        ([], []),
        ([1, 2, 3, 4, 5, 6], [0] * 6),
        ([1, 2, 3, 3, 4, 5, 6], [0] * 7),
        ([1, 2, 3, 4, 5, 6, 7], [0, 0, 0, 0, 0, 0, 1]),
        ([2, 1, 2, 3, 4, 5, 6, 7, 3], [0, 0, 0, 0, 0, 0, 0, 1, 0]),
        ([7, 6, 5, 4, 3, 2, 1], [0, 0, 0, 0, 0, 0, -1]),
        ([2, 7, 6, 5, 4, 3, 2, 1, 3], [0, 0, 0, 0, 0, 0, 0, -1, 0]),
    ]
    for y, expected in cases:
        assert _seven_point_trend(np.array(y, dtype=float)).tolist() == expected
    assert _part_of_run(np.zeros(6)).tolist() == [False] * 6
    assert _part_of_run(np.array([0, 0, 0, 0, 0, 0, 0, 1, 0])).astype(int).tolist() == [
        0, 1, 1, 1, 1, 1, 1, 1, 0,
    ]  # fmt: skip


def test_two_in_three_matches_nhsrplotthedots():
    # The R expectations predate the same-side check; all points on one side reproduce them.
    cases = [
        ([], []),
        ([0, 0, 0], [0, 0, 0]),
        ([1, 0, 1], [1, 1, 1]),
        ([0, 1, 1], [1, 1, 1]),
        ([1, 1, 0], [1, 1, 1]),
        ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 1, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [0, 1, 1, 1, 1, 0, 0]),
    ]
    for close, expected in cases:
        close = np.array(close, dtype=bool)
        assert _two_in_three(close, np.ones(len(close))).astype(int).tolist() == expected
    # ptd_part_of_two_in_three: only the points close to a limit are marked.
    for close, expected in [([1, 0, 0, 1], [0, 0, 0, 0]), ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1])]:
        close = np.array(close, dtype=bool)
        part = _two_in_three(close, np.ones(len(close))) & close
        assert part.astype(int).tolist() == expected


# ---------------------------------------------------------------------------- xmr: properties


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-10_000, 10_000), min_size=2, max_size=40))
def test_xmr_limits_symmetric_about_mean(values):
    chart = xmr(values)
    assert (chart["upl"] - chart["mean"]).to_numpy() == pytest.approx(
        (chart["mean"] - chart["lpl"]).to_numpy(), abs=1e-9
    )
    assert (chart["lpl"] <= chart["lower_two_sigma"]).all()
    assert (chart["upper_two_sigma"] <= chart["upl"]).all()


@settings(max_examples=60, deadline=None)
@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(1, 40))
def test_xmr_constant_series_has_no_special_cause(value, length):
    chart = xmr([value] * length)
    assert not chart["special_cause"].any()
    assert (chart["mean"] == value).all()
    if length > 1:
        assert (chart["lpl"] == value).all() and (chart["upl"] == value).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-1000, 1000), min_size=2, max_size=30),
    st.floats(0.01, 100),
    st.floats(-1000, 1000),
)
def test_xmr_scaling_and_shifting_transforms_limits(values, scale, shift):
    base = xmr(values)
    moved = xmr([scale * v + shift for v in values])
    for column in ("mean", "lpl", "upl"):
        expected = (scale * base[column] + shift).to_numpy()
        assert moved[column].to_numpy() == pytest.approx(expected, rel=1e-9, abs=1e-6)


# ---------------------------------------------------------------------------- assurance


def test_assurance_reproduces_nhsrplotthedots_expectations():
    """NHSRplotthedots tests/testthat/test-ptd_calculate_assurance_type.R (commit
    47af41fdbf71eb2edc7aa06e614fd78be1622984): limits (1, 3), (5, 7), (1, 5), target 4."""
    limits = [(1, 3), (5, 7), (1, 5)]
    charts = [pd.DataFrame({"lpl": [lpl], "upl": [upl]}) for lpl, upl in limits]
    expected = {
        "increase": ["fail", "pass", "inconsistent"],
        "decrease": ["pass", "fail", "inconsistent"],
        "neutral": [None, None, None],
    }
    for improvement, outcomes in expected.items():
        got = [assurance(c, target=4, improvement=improvement) for c in charts]
        assert got == outcomes
    # "when rebase": the last group decides.
    rebased = pd.DataFrame({"lpl": [1, 5, 1], "upl": [3, 7, 5]})
    assert assurance(rebased, target=4, improvement="decrease") == "inconsistent"
    assert assurance(rebased.iloc[[1, 2, 0]], target=4, improvement="decrease") == "pass"
    assert assurance(rebased.iloc[[2, 0, 1]], target=4, improvement="decrease") == "fail"


def test_assurance_from_xmr_chart():
    chart = xmr([10, 12] * 6)  # limits 11 -/+ 5.32 = 5.68 / 16.32
    assert assurance(chart, target=5, improvement="increase") == "pass"
    assert assurance(chart, target=17, improvement="increase") == "fail"
    assert assurance(chart, target=11, improvement="increase") == "inconsistent"
    assert assurance(chart, target=5, improvement="decrease") == "fail"
    assert assurance(chart, target=None, improvement="increase") is None
    assert assurance(chart, target=5, improvement="neutral") is None


# ---------------------------------------------------------------------------- funnel limits


def test_funnel_limits_ratio_reproduce_funnelplotr_chi_squared_limits():
    """FunnelPlotR tests/testthat/test-poisson_limits.R (commit
    263128fbbc251cc802c9db2c08b5098a233c05ce): its "SR" limits at 15, 20 and 30 expected."""
    limits = funnel_limits([15, 20, 30], target=1, kind="ratio")
    assert list(limits.columns) == ["denominator", "ll95", "ul95", "ll998", "ul998"]
    assert limits["ll95"].round(7).tolist() == [0.5596924, 0.6108260, 0.6746958]
    assert limits["ul95"].round(6).tolist() == [1.649348, 1.544419, 1.427562]
    assert limits["ll998"].round(7).tolist() == [0.3862650, 0.4479107, 0.5289724]
    assert limits["ul998"].round(6).tolist() == [2.082907, 1.902094, 1.702771]


def test_funnel_limits_ratio_at_a_small_expected_count_are_funnelplotrs():
    # At 1.09 expected the 99.8% upper limit is qchisq(0.999, 2 x 2.09) / (2 x 1.09) = 8.64.
    upper = funnel_limits([1.09], target=1, kind="ratio")["ul998"].iloc[0]
    assert upper == pytest.approx(stats.chi2.ppf(0.999, 4.18) / 2.18)
    assert round(upper, 2) == 8.64


def test_funnel_limits_ratio_with_tau2_are_shmi_limits_exactly():
    # Expected 100, tau2 0.01: FunnelPlotR "SHMI" exp(-/+ 1.959964 sqrt(1/100 + 0.01)).
    limits = funnel_limits([100, 0.5], target=1, kind="ratio", tau2=0.01)
    assert limits["ll95"].iloc[0] == pytest.approx(math.exp(-1.959964 * math.sqrt(0.02)))
    assert limits["ul95"].iloc[0] == pytest.approx(math.exp(1.959964 * math.sqrt(0.02)))
    assert limits["ul998"].iloc[1] == pytest.approx(math.exp(3.090232 * math.sqrt(2.01)))
    # tau2 = 0 (no overdispersion found) falls back to the chi-squared limits, as FunnelPlotR.
    plain = funnel_limits([100], target=1, kind="ratio", tau2=0.0).iloc[0]
    assert plain["ul998"] == pytest.approx(stats.chi2.ppf(0.999, 202) / 200)


def test_funnel_limits_proportion_on_arcsine_scale():
    # target 0.25 -> angle asin(0.5) = pi / 6; n = 100: half-width 1.959964 / 20.
    limits = funnel_limits([100, 4], target=0.25, kind="proportion")
    half = 1.959964 / 20
    assert limits["ll95"].iloc[0] == pytest.approx(math.sin(math.pi / 6 - half) ** 2)
    assert limits["ul95"].iloc[0] == pytest.approx(math.sin(math.pi / 6 + half) ** 2)
    # n = 4: pi / 6 - 3.090232 / 4 < 0, so the 99.8% lower limit is 0, not sin^2 of it.
    assert limits["ll998"].iloc[1] == 0


def test_funnel_limits_rate_invert_the_exact_poisson_test_continuously():
    # A rate of 0.05 per head over 1000 people: expected count 50. Poisson(50): P(X <= 36) =
    # 0.0238 < 0.025 <= P(X <= 37) = 0.0340, so the 95% lower limit lies between counts 36
    # and 37, where the continuous P(X <= O) = 1 - P(O + 1, 50) equals 0.025; likewise the
    # upper limit where P(X >= O) = P(O, 50) equals the tail.
    rate = funnel_limits([1000], target=0.05, kind="rate").iloc[0]
    counts = {c: rate[c] * 1000 for c in ("ll95", "ul95", "ll998", "ul998")}
    assert 36 < counts["ll95"] < 37 and 64 < counts["ul95"] < 65
    assert 29 < counts["ll998"] < 30 and 73 < counts["ul998"] < 74
    assert special.gammaincc(counts["ll95"] + 1, 50) == pytest.approx(0.025)
    assert special.gammainc(counts["ul95"], 50) == pytest.approx(0.025)
    assert special.gammainc(counts["ul998"], 50) == pytest.approx(0.001)
    # At 74,000 and 348,000 people and 3 per 100,000: the upper limit falls, never rises.
    uppers = funnel_limits([74_000, 348_000], target=3e-5, kind="rate")["ul998"]
    assert uppers.iloc[1] < uppers.iloc[0]


def test_a_zero_count_is_a_low_outlier_only_when_its_probability_is_extreme():
    # Expected 0.39 (the demo's dismissals): P(X = 0) = e^-0.39 = 0.68, not an outlier.
    # Expected 7: P(X = 0) = e^-7 = 0.0009 < 0.001, an outlier at 99.8%.
    points = funnel_points([0, 0], [390, 7000], kind="rate", target=0.001)
    assert points["flag"].tolist() == ["", "low"]
    assert (points["z"] < 0).all()
    assert points["ll998"].iloc[0] == 0


def test_funnel_points_rate_z_has_the_sign_of_its_side():
    points = funnel_points([0, 90, 30], [100_000, 1000, 1000], kind="rate", target=0.03)
    assert points["flag"].tolist() == ["low", "high", ""]
    assert points["z"].iloc[0] < -3.09 and points["z"].iloc[1] > 3.09
    assert abs(points["z"].iloc[2]) < 0.1


def test_a_month_with_no_events_anywhere_flags_nobody():
    points = funnel_points([0, 0, 0], [100, 1000, 10], kind="rate")
    assert points["flag"].tolist() == ["", "", ""]
    assert np.isfinite(points[["z", "ll998", "ul998"]].to_numpy()).all()
    assert overdispersion([0, 0, 0], [100, 1000, 10], kind="rate") == (0.0, 0.0)


COUNTS = st.integers(0, 400)
EXPOSURES = st.floats(1, 1e6)


@pytest.mark.parametrize("kind", ["rate"])
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(COUNTS, EXPOSURES), min_size=1, max_size=12), st.floats(1e-6, 0.5))
def test_counts_are_flagged_only_when_their_exact_poisson_p_value_is_extreme(kind, units, target):
    counts, exposures = (np.array(column, dtype=float) for column in zip(*units, strict=True))
    points = funnel_points(counts, exposures, kind=kind, target=target)
    expected = target * exposures
    two_sided = 2 * np.minimum(
        stats.poisson.cdf(counts, expected), stats.poisson.sf(counts - 1, expected)
    )
    flagged = points["flag"].to_numpy() != ""
    assert not flagged[two_sided > 0.002].any()
    assert points["p_value"].to_numpy() == pytest.approx(np.minimum(1, two_sided))
    assert np.isfinite(points.drop(columns=["flag", "category"]).to_numpy(dtype=float)).all()
    low, high = points["flag"] == "low", points["flag"] == "high"
    assert (points.loc[low, "z"] < 0).all() and (points.loc[high, "z"] > 0).all()


@pytest.mark.parametrize("kind", ["rate", "proportion"])
@settings(max_examples=200, deadline=None)
@given(
    st.lists(EXPOSURES, min_size=1, max_size=12),
    st.floats(1e-6, 0.5),
    st.floats(1e-6, 1.0),
)
def test_limits_adjusted_for_overdispersion_contain_the_unadjusted(kind, exposures, target, tau2):
    plain = funnel_limits(exposures, target=target, kind=kind)
    adjusted = funnel_limits(exposures, target=target, kind=kind, tau2=tau2)
    for level in ("95", "998"):
        assert (adjusted[f"ll{level}"] <= plain[f"ll{level}"]).all()
        assert (adjusted[f"ul{level}"] >= plain[f"ul{level}"]).all()


@pytest.mark.parametrize("kind", ["rate", "ratio", "proportion"])
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.just(0), EXPOSURES), min_size=2, max_size=12), st.floats(0, 0.5))
def test_zero_counts_never_give_infinities_or_nan(kind, units, tau2):
    counts, exposures = (np.array(column, dtype=float) for column in zip(*units, strict=True))
    target = 1.0 if kind == "ratio" else None
    points = funnel_points(counts, exposures, kind=kind, tau2=tau2, target=target)
    assert np.isfinite(points.drop(columns=["flag", "category"]).to_numpy(dtype=float)).all()
    assert not (points["flag"] == "high").any()


def test_funnel_limits_rate_with_tau2_are_funnelplotr_rc_widened_to_the_exact():
    # FunnelPlotR "RC": target exp(-/+ z sqrt(1/(4n) + tau2)). At n = 1000 and tau2 = 0.02 the
    # 95% upper one (0.0661) is wider than the exact 0.0648 and stands; the exact 99.8% lower
    # limit (0.0292) is wider than the RC one (0.0322), so the exact one is drawn.
    wide = funnel_limits([1000], target=0.05, kind="rate", tau2=0.02).iloc[0]
    exact = funnel_limits([1000], target=0.05, kind="rate").iloc[0]
    assert wide["ul95"] == pytest.approx(0.05 * math.exp(1.959964 * math.sqrt(1 / 4000 + 0.02)))
    assert wide["ll998"] == exact["ll998"] < 0.05 * math.exp(-3.090232 * math.sqrt(0.02025))
    narrow = funnel_limits([1000], target=0.05, kind="rate", tau2=1e-6).iloc[0]
    assert narrow.to_dict() == pytest.approx(exact.to_dict())


@pytest.mark.parametrize(
    ("denominators", "options"),
    [
        ([0, 10], {"target": 1, "kind": "ratio"}),
        ([10], {"target": 1, "kind": "odds"}),
        ([10], {"target": 1.5, "kind": "proportion"}),
        ([10], {"target": -0.1, "kind": "rate"}),
        ([10], {"target": 1, "kind": "ratio", "tau2": -0.1}),
        ([float("nan")], {"target": 1, "kind": "ratio"}),
    ],
)
def test_funnel_limits_invalid_input_raises(denominators, options):
    with pytest.raises(ValueError):
        funnel_limits(denominators, **options)


KIND_CASES = st.sampled_from(["ratio", "proportion", "rate"])


def _assert_funnel_shaped(limits: pd.DataFrame, kind: str) -> None:
    """Upper limits never rise and lower limits never fall as the denominator grows, and the
    99.8% limits contain the 95% ones (to rounding: relative 1e-9)."""
    limits = limits.sort_values("denominator")
    ll95, ul95, ll998, ul998 = (limits[c].to_numpy() for c in ("ll95", "ul95", "ll998", "ul998"))
    slack = 1e-9
    assert (ll95[1:] >= ll95[:-1] * (1 - slack)).all() and (
        ll998[1:] >= ll998[:-1] * (1 - slack)
    ).all()
    assert (ul95[1:] <= ul95[:-1] * (1 + slack)).all() and (
        ul998[1:] <= ul998[:-1] * (1 + slack)
    ).all()
    assert (ll998 <= ll95 * (1 + slack)).all() and (ul95 <= ul998 * (1 + slack)).all()
    assert (ll95 <= ul95).all() and (ll998 >= 0).all()
    assert np.isfinite(limits.to_numpy()).all()
    if kind == "proportion":
        assert (ul998 <= 1).all()


@pytest.mark.parametrize("kind", ["ratio", "proportion", "rate"])
@pytest.mark.parametrize("target", [1e-5, 3e-4, 0.05, 0.5, 0.95])
@pytest.mark.parametrize("tau2", [0.0, 1e-6, 1e-3, 0.05, 0.5])
def test_funnel_limits_narrow_on_a_fine_grid_of_denominators(kind, target, tau2):
    target = 1.0 if kind == "ratio" else target
    if kind == "rate":  # from an expected count of 0.001 to 10 million
        denominators = np.geomspace(1e-3, 1e7, 4000) / target
    else:
        denominators = np.geomspace(1e-2 if kind == "ratio" else 1, 1e7, 4000)
    _assert_funnel_shaped(funnel_limits(denominators, target=target, kind=kind, tau2=tau2), kind)


@settings(max_examples=80, deadline=None)
@given(
    KIND_CASES,
    st.lists(st.floats(0.01, 1e7), min_size=2, max_size=20),
    st.floats(1e-6, 0.999),
    st.one_of(st.just(0.0), st.floats(1e-8, 1.0)),
)
def test_funnel_limits_narrow_with_denominator_and_nest(kind, denominators, target, tau2):
    target = 1.0 if kind == "ratio" else target
    limits = funnel_limits(denominators, target=target, kind=kind, tau2=tau2)
    _assert_funnel_shaped(limits, kind)


# ---------------------------------------------------------------------------- overdispersion


def test_overdispersion_phi_reproduces_funnelplotr():
    """FunnelPlotR tests/testthat/test-classes_methods.R (commit
    680c13b509df64016baaaf1a7b9a6a730bd5b9b1): phi = 2.948033 for its example data with its
    default SR method (log scale z = sqrt(E) log(O / E); truncation keeps all 6 units)."""
    observed, expected = np.array(FPR_OBSERVED, float), np.array(FPR_EXPECTED, float)
    phi, tau2 = overdispersion(observed, expected, kind="ratio")
    assert round(phi, 6) == 2.948033
    # tau2 by hand: w = E, (6 phi - 5) / (sum E - sum E^2 / sum E)
    w = expected
    assert tau2 == pytest.approx((6 * phi - 5) / (w.sum() - (w**2).sum() / w.sum()))


def test_overdispersion_ratio_truncates_the_top_and_bottom_tenth():
    # 20 units in ten groups by rank: floor(rank * 10 / 21) is 0 for ranks 1 and 2 and 9 for
    # ranks 19 and 20, so those four are dropped and the middle 16 count.
    expected = np.full(20, 100.0)
    observed = np.array([40.0] + [100.0 + d for d in range(-9, 9)] + [200.0])
    z = np.sqrt(expected) * np.log(observed / expected)
    kept = z[2:-2]  # observed is in increasing order
    phi, _ = overdispersion(observed, expected, kind="ratio")
    assert phi == pytest.approx(float(np.sum(kept**2) / 16))


def test_overdispersion_ratio_takes_a_zero_count_by_its_exact_probability():
    phi, tau2 = overdispersion([0, 10, 12, 9], [10, 10, 10, 10], kind="ratio")
    assert math.isfinite(phi) and math.isfinite(tau2)


def test_overdispersion_no_excess_variation_gives_zero_tau2():
    # z-scores +/-0.5: phi = 0.25 and n phi < n - 1, so tau2 = 0.
    phi, tau2 = _phi_tau2(np.array([0.5, -0.5, 0.5, -0.5]), np.ones(4))
    assert (phi, tau2) == (0.25, 0.0)


def test_overdispersion_needs_two_units():
    with pytest.raises(ValueError):
        overdispersion([5], [10], kind="proportion")


@settings(max_examples=80, deadline=None)
@given(KIND_CASES, st.lists(st.integers(1, 100_000), min_size=2, max_size=30), st.floats(0.01, 1))
def test_overdispersion_of_data_on_target_has_zero_tau2(kind, counts, rate):
    numerators = np.array(counts, dtype=float)
    if kind == "ratio":
        denominators = numerators  # observed exactly as expected
    elif kind == "proportion":
        rate = min(rate, 0.99)
        denominators = numerators / rate
    else:
        denominators = numerators / rate  # every unit at the same rate
    _, tau2 = overdispersion(numerators, denominators, kind=kind)
    assert tau2 == 0.0


# ---------------------------------------------------------------------------- funnel points


def test_funnel_points_flags_units_beyond_998_limits():
    # FunnelPlotR example data as ratios: b (150 observed of 112 expected) is above its "SR"
    # 99.8% limit qchisq(0.999, 226) / 224 = 1.3278; its exact P(X >= 150) = 0.000357 stays in
    # the detail. e (120 of 100) is inside even at 95%. SHMI z = sqrt(112) log(150 / 112).
    groups = ["a", "b", "c", "d", "e", "f"]
    points = funnel_points(
        pd.Series(FPR_OBSERVED, index=groups), FPR_EXPECTED, kind="ratio", target=None
    )
    assert points.index.tolist() == groups
    assert points["flag"].tolist() == ["", "high", "", "", "", ""]
    assert points["outlier_998"].tolist() == [False, True, False, False, False, False]
    assert points["outlier_95"].tolist() == [False, True, False, False, False, False]
    assert points.loc["b", "z"] == pytest.approx(math.sqrt(112) * math.log(150 / 112))
    assert points.loc["b", "ul998"] == pytest.approx(stats.chi2.ppf(0.999, 226) / 224)
    assert points.loc["b", "p_value"] == pytest.approx(2 * stats.poisson.sf(149, 112))


def test_funnel_points_overdispersed_limits_absorb_the_outlier():
    _, tau2 = overdispersion(FPR_OBSERVED, FPR_EXPECTED, kind="ratio")
    points = funnel_points(FPR_OBSERVED, FPR_EXPECTED, kind="ratio", tau2=tau2)
    assert points["flag"].tolist() == [""] * 6
    assert points.loc[1, "z"] == pytest.approx(math.log(150 / 112) / math.sqrt(1 / 112 + tau2))


def test_funnel_points_ratio_zero_count_follows_funnelplotr_and_keeps_its_exact_p_value():
    # FunnelPlotR's "SR" lower limit is above 0 at every expected count, so a zero ratio is
    # always beyond it; the exact p-value in the detail says how unlikely it really is:
    # P(X = 0) = e^-0.5 = 0.61 at 0.5 expected, e^-8 at 8.
    points = funnel_points([0, 0, 10], [0.5, 8, 10], kind="ratio")
    assert points["flag"].tolist() == ["low", "low", ""]
    assert points["p_value"].iloc[0] == 1.0
    assert points["p_value"].iloc[1] == pytest.approx(2 * math.exp(-8))
    assert np.isfinite(points["z"]).all() and (points["z"].iloc[:2] < 0).all()


def test_a_point_on_a_limit_is_inside_as_funnelplotrs_outliers_func():
    """FunnelPlotR tests/testthat/test-outliers_func.R (commit
    7f294c723ad7f83f89ab1de7a4334e17fb47e1f2): ratios against fixed limits."""
    rr = np.array([1, 0.95, 1.05, 0.8, 1.2, 0.6, 1.4, 0.4, 1.6, 0])
    cases = [
        ((0.9, 1.1), [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]),
        ((0.79, 1.21), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
    ]
    cases += [((0.59, 1.41), [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]), ((0.38, 1.62), [0] * 9 + [1])]
    for (lower, upper), expected in cases:
        assert (
            outside_limits(rr, np.full(10, lower), np.full(10, upper)).astype(int).tolist()
            == expected
        )


MEDPAR = Path(__file__).parent / "data" / "medpar.csv"


def _medpar_by_hospital() -> pd.DataFrame:
    """FunnelPlotR's README and vignette example: length of stay in the `medpar` data (Hilbe's
    COUNT package: 1991 Arizona Medicare, 1,495 stays at 54 hospitals; columns kept from
    Rdatasets' COUNT/medpar.csv), expected from the Poisson GLM
    los ~ hmo + died + age80 + factor(type), summed by hospital (provnum)."""
    stays = pd.read_csv(MEDPAR, dtype={"provnum": str})
    x = np.column_stack(
        [np.ones(len(stays)), stays["hmo"], stays["died"], stays["age80"],
         stays["type"] == 2, stays["type"] == 3]
    ).astype(float)  # fmt: skip
    y = stays["los"].to_numpy(dtype=float)
    beta = np.zeros(x.shape[1])
    for _ in range(25):  # iteratively reweighted least squares, as glm()
        mu = np.exp(x @ beta)
        beta = np.linalg.solve(x.T @ (mu[:, None] * x), x.T @ (mu * (x @ beta) + y - mu))
    # The README prints the coefficients.
    assert beta.round(5).tolist() == [2.26875, -0.07637, -0.24574, -0.02141, 0.24921, 0.74869]
    stays["expected"] = np.exp(x @ beta)
    by_hospital = stays.groupby("provnum")[["los", "expected"]].sum()
    by_hospital["expected"] = by_hospital["expected"].round(2)  # as funnel_plot does for SHMI
    return by_hospital


def test_funnel_points_reproduce_the_funnelplotr_readme_example():
    """FunnelPlotR README.Rmd: "A funnel plot object with 54 points of which 25 are
    outliers. Plot is not adjusted for overdispersion." and, with SHMI overdispersion,
    "54 points of which 9 are outliers" (limit = 99, that is 99.8%)."""
    hospitals = _medpar_by_hospital()
    assert len(hospitals) == 54
    plain = funnel_points(hospitals["los"], hospitals["expected"], kind="ratio", target=1.0)
    assert plain["outlier_998"].sum() == 25 == (plain["flag"] != "").sum()
    _, tau2 = overdispersion(hospitals["los"], hospitals["expected"], kind="ratio")
    adjusted = funnel_points(
        hospitals["los"], hospitals["expected"], kind="ratio", target=1.0, tau2=tau2
    )
    assert adjusted["outlier_998"].sum() == 9 == (adjusted["flag"] != "").sum()


def test_funnel_points_proportion_defaults_to_pooled_target():
    # pooled 30 / 300 = 0.1; 25 of 100 is far above, 0 of 100 far below.
    points = funnel_points([25, 0, 5], [100, 100, 100], kind="proportion")
    assert points["flag"].tolist() == ["high", "low", ""]
    expected_z = (math.asin(math.sqrt(0.25)) - math.asin(math.sqrt(0.1))) * 2 * 10
    assert points["z"].iloc[0] == pytest.approx(expected_z)


def test_funnel_points_rejects_proportion_above_one():
    with pytest.raises(ValueError):
        funnel_points([11], [10], kind="proportion")


def test_funnel_points_place_each_unit_in_a_category():
    # Twelve similar units and two far out: one above both limits, one below.
    num = [50] * 12 + [120, 10]
    den = [1000] * 14
    points = funnel_points(num, den, kind="proportion", target=0.05)
    assert list(points["category"][:12]) == ["within"] * 12
    assert points["category"].iloc[12] == "high_998"
    assert points["category"].iloc[13] == "low_998"
    # Between the 95% and 99.8% limits: 68 of 1000 against 5% (z about 2.5).
    between = funnel_points([68], [1000], kind="proportion", target=0.05)
    assert between["category"].iloc[0] == "high_95"


def test_xmr_limits_are_drawn_within_what_the_measure_can_take():
    shares = [97.0, 99.5, 96.0, 100.0, 98.5, 95.0, 99.0, 97.5, 100.0, 96.5, 98.0, 99.0]
    free = xmr(shares)
    assert free["upl"].iloc[0] > 100  # the arithmetic runs past what a share can be
    chart = xmr(shares, within=(0, 100))
    assert (chart["upl"] == 100).all() and (chart["upper_two_sigma"] <= 100).all()
    assert chart["lpl"].iloc[0] == free["lpl"].iloc[0]  # inside the bounds: unchanged
    counts = [0.0, 3.0, 1.0, 0.0, 2.0, 5.0, 0.0, 1.0, 4.0, 0.0, 2.0, 1.0]
    assert xmr(counts)["lpl"].iloc[0] < 0
    assert (xmr(counts, within=(0, None))["lpl"] == 0).all()


def test_drawing_limits_within_bounds_changes_no_signal():
    rng = np.random.default_rng(7)
    for _ in range(200):
        values = np.clip(rng.normal(rng.uniform(0, 100), rng.uniform(0.5, 30), 24), 0, 100)
        free = xmr(list(values))
        bounded = xmr(list(values), within=(0, 100))
        assert list(free["rule"]) == list(bounded["rule"])
        assert list(free["variation"]) == list(bounded["variation"])
