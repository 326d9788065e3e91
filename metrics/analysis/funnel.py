"""Funnel plots with Spiegelhalter's overdispersion adjustment, as FunnelPlotR computes them.

Reference: nhs-r-community/FunnelPlotR, ``R/od_adjustment.R`` (transformed z-scores,
winsorisation, phi and tau2), ``R/calculate_limits.R`` (limits) and ``R/outliers_func.R``.
Kinds map to FunnelPlotR's data types: "ratio" = "SR" with its default ``sr_method = "SHMI"``
(log scale, 10% truncation), "proportion" = "PR" (arcsine scale, winsorised), "rate" = "RC"
(log scale, winsorised).

Limits are smooth in the denominator and narrow as it grows, for every kind, with or without
overdispersion. A "rate" (a count over an exposure) is judged on the exact Poisson
distribution of its count at the expected count target x denominator, inverted continuously:
at small expected counts a normal approximation would call a zero count an outlier when it
is not unlikely at all (a zero is beyond 99.8% only when e^-E < 0.001, E > 6.9). A "ratio"
follows FunnelPlotR's "SR" limits exactly; note that their lower limit is above 0 at every
expected count, so a zero ratio is always beyond it, as in FunnelPlotR. The service's count
metrics are rates. Whatever the kind, a point is an outlier exactly when it is beyond the
drawn limit (a point on a limit is inside, as FunnelPlotR's outliers_func).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special, stats

from .spc import _as_array

# FunnelPlotR's normal quantiles (calculate_limits.R), kept at its rounding.
Z95 = 1.959964
Z998 = 3.090232
WINSORISE_BY = 0.1  # FunnelPlotR's trim_by: 10% at each end
KINDS = ("ratio", "proportion", "rate")
LEVELS = (("95", 0.025, Z95), ("998", 0.001, Z998))  # (name, one-sided tail, z)


def funnel_limits(
    denominators: Sequence[float] | pd.Series, *, target: float, kind: str, tau2: float = 0.0
) -> pd.DataFrame:
    """95% and 99.8% funnel limits around ``target`` at each denominator.

    "ratio" (observed/expected, FunnelPlotR "SR", the denominator being the expected count
    E): with no overdispersion target x qchisq(tail, 2E) / 2E and target x qchisq(1 - tail,
    2(E + 1)) / 2E; with ``tau2``, its "SHMI" limits target x exp(-/+ z sqrt(1/E + tau2)),
    as FunnelPlotR draws them (a tau2 of 0 falls back to the chi-squared limits).
    "proportion" (FunnelPlotR "PR"): sin^2(asin(sqrt(target)) -/+ z sqrt(1/(4n) + tau2)),
    the angle clamped to [0, pi/2] so limits stay in [0, 1] and monotone.
    "rate" (events per unit denominator): the exact Poisson limits of the count at the
    expected count E = target x denominator, inverted continuously in the count (see
    :func:`_rate_limits`), as rates, so that a count is beyond them exactly when its one-sided
    exact probability is below the tail (0.025 or 0.001). With ``tau2``, FunnelPlotR's "RC"
    limits target x exp(-/+ z sqrt(1/(4n) + tau2)), widened where needed so that they always
    contain the exact limits.
    Lower limits are never below 0. Rows keep a Series' index.
    """
    _check_kind(kind)
    tau2 = _check_tau2(tau2)
    den, index = _as_array(denominators, "denominators")
    if (den <= 0).any():
        raise ValueError("denominators must be positive")
    target = _check_target(target, kind)
    columns = {"denominator": den}
    for level, tail, z in LEVELS:
        columns[f"ll{level}"], columns[f"ul{level}"] = _limits(den, target, kind, tau2, tail, z)
    return pd.DataFrame(columns, index=index)


def overdispersion(
    numerators: Sequence[float] | pd.Series,
    denominators: Sequence[float] | pd.Series,
    *,
    kind: str,
) -> tuple[float, float]:
    """``(phi, tau2)``: FunnelPlotR's dispersion ratio and between-unit variance.

    z-scores are taken on the kind's transformed scale around FunnelPlotR's target (1 for
    ratios, pooled sum(numerators) / sum(denominators) otherwise). For ratios (the "SHMI"
    method) z = sqrt(E) log(O / E), and the top and bottom 10% of units are dropped
    (truncation; a zero count, whose log cannot be taken, gets the normal deviate of its exact
    Poisson probability); for the other kinds z is winsorised at its 10th and 90th
    percentiles. phi = sum(z^2) / n over the units kept; with weights w = 1 / s^2,
    tau2 = max(0, (n phi - (n - 1)) / (sum(w) - sum(w^2) / sum(w))), and 0 when
    n phi < n - 1. tau2 is on the transformed scale, ready for :func:`funnel_limits`.
    For "ratio", numerators are observed and denominators expected counts.
    """
    num, den, _ = _funnel_inputs(numerators, denominators, kind)
    if len(num) < 2:
        raise ValueError("overdispersion needs at least two units")
    if kind == "rate" and num.sum() == 0:
        return 0.0, 0.0  # no events anywhere: nothing varies
    if kind == "ratio":
        z, s = _ratio_z(num, den, 1.0), 1 / np.sqrt(den)
        keep = _truncation_keeps(z, WINSORISE_BY)
        return _phi_tau2(z[keep], s[keep])
    y, centre, s = _transform(num, den, kind, _default_target(num, den, kind))
    return _phi_tau2(_winsorise((y - centre) / s, WINSORISE_BY), s)


def funnel_points(
    numerators: Sequence[float] | pd.Series,
    denominators: Sequence[float] | pd.Series,
    *,
    kind: str,
    target: float | None = None,
    tau2: float = 0.0,
) -> pd.DataFrame:
    """One row per unit: ``value`` (numerator / denominator), its limits, ``z`` and flags.

    ``z`` is the standardised score (y - target) / sqrt(s^2 + tau2) on the kind's transformed
    scale. ``outlier_95`` / ``outlier_998`` are True beyond the 95% / 99.8% limits of
    :func:`funnel_limits` (a value on a limit is inside, as FunnelPlotR's outliers_func);
    ``flag`` is "high" or "low" beyond 99.8%, else ""; ``category`` places the unit:
    "high_998", "high_95", "within", "low_95" or "low_998". ``target`` defaults to FunnelPlotR's:
    1 for ratios, the pooled rate or proportion otherwise. Rows keep a Series' index.
    """
    num, den, index = _funnel_inputs(numerators, denominators, kind)
    target = _default_target(num, den, kind) if target is None else _check_target(target, kind)
    y, centre, s = _transform(num, den, kind, target)
    limits = funnel_limits(den, target=target, kind=kind, tau2=tau2)
    value = num / den
    out = pd.DataFrame({"numerator": num, "denominator": den, "value": value}, index=index)
    if kind in ("rate", "ratio"):
        out["expected"] = target * den
        out["p_value"] = exact_p_value(num, target * den)
    if kind == "rate":
        # On the exact distribution, so that a flagged point's z has the sign of its side;
        # overdispersion shrinks it as it widens the limits.
        out["z"] = poisson_z(num, target * den) * (s / np.sqrt(s**2 + tau2))
    elif kind == "ratio":
        out["z"] = _ratio_z(num, den, target) * (s / np.sqrt(s**2 + tau2))
    else:
        out["z"] = (y - centre) / np.sqrt(s**2 + tau2)
    for level in ("95", "998"):
        lower, upper = limits[f"ll{level}"].to_numpy(), limits[f"ul{level}"].to_numpy()
        out[f"ll{level}"], out[f"ul{level}"] = lower, upper
        out[f"outlier_{level}"] = outside_limits(value, lower, upper)
    high, low = value > out["ul998"].to_numpy(), value < out["ll998"].to_numpy()
    out["flag"] = np.select([high, low], ["high", "low"], "")
    above95, below95 = value > out["ul95"].to_numpy(), value < out["ll95"].to_numpy()
    out["category"] = np.select(
        [high, low, above95, below95], ["high_998", "low_998", "high_95", "low_95"], "within"
    )
    return out


def outside_limits(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """FunnelPlotR's outliers_func: beyond a limit, a value on it being inside."""
    return (value < lower) | (value > upper)


def _limits(den, target, kind, tau2, tail, z) -> tuple[np.ndarray, np.ndarray]:
    if kind == "proportion":
        angle, half = math.asin(math.sqrt(target)), z * np.sqrt(1 / (4 * den) + tau2)
        # FunnelPlotR clamps to [0, 1] and then patches non-monotone steps of its lookup
        # table; clamping the angle does both for any set of denominators.
        lower = np.sin(np.clip(angle - half, 0, math.pi / 2)) ** 2
        return lower, np.sin(np.clip(angle + half, 0, math.pi / 2)) ** 2
    if kind == "ratio":
        return _standardised_ratio_limits(den, target, tau2, tail, z)
    return _rate_limits(den, target, tau2, tail, z)


def _standardised_ratio_limits(den, target, tau2, tail, z) -> tuple[np.ndarray, np.ndarray]:
    """FunnelPlotR's "SR" limits as calculate_limits draws them: with no overdispersion the
    chi-squared limits target qchisq(tail, 2E) / 2E and target qchisq(1 - tail, 2(E + 1)) / 2E,
    otherwise its "SHMI" limits target exp(-/+ z sqrt(1/E + tau2)), with E the denominator."""
    if tau2 == 0:
        lower = stats.chi2.ppf(tail, 2 * den) / (2 * den)
        upper = stats.chi2.ppf(1 - tail, 2 * (den + 1)) / (2 * den)
        return target * lower, target * upper
    half = z * np.sqrt(1 / den + tau2)
    return target * np.exp(-half), target * np.exp(half)


def _rate_limits(den, target, tau2, tail, z) -> tuple[np.ndarray, np.ndarray]:
    """The exact Poisson limits of a count at the expected count E = target x denominator,
    inverted continuously in the count, as rates; with tau2, widened to FunnelPlotR's "RC"
    limits target exp(-/+ z sqrt(1/(4n) + tau2)) where those are wider."""
    if target == 0:
        zero = np.zeros_like(den)
        return zero, zero
    expected = target * den
    # P(X >= O) = P(chi2(2O) <= 2E) is the regularised lower incomplete gamma P(O, E), which
    # falls continuously as O grows: the upper limit is the O where it equals the tail.
    # Likewise P(X <= O) = 1 - P(O + 1, E), floored at a count of 0. An integer count is
    # beyond a limit exactly when its one-sided exact probability is below the tail.
    upper = special.gdtrib(1.0, tail, expected) / den
    lower = np.maximum(special.gdtrib(1.0, 1 - tail, expected) - 1, 0.0) / den
    if tau2 == 0:
        return lower, upper
    half = z * np.sqrt(1 / (4 * den) + tau2)
    # Overdispersion only ever widens the limits.
    return np.minimum(lower, target * np.exp(-half)), np.maximum(upper, target * np.exp(half))


def _ratio_z(num, den, target) -> np.ndarray:
    """FunnelPlotR's "SHMI" z-score sqrt(E) log(O / (target E)); a zero count, whose log
    cannot be taken, gets the normal deviate of its exact Poisson probability instead."""
    safe = np.where(num > 0, num, 1.0)
    log_scale = np.sqrt(den) * np.log(safe / (target * den))
    return np.where(num > 0, log_scale, poisson_z(num, target * den))


def _truncation_keeps(z: np.ndarray, by: float) -> np.ndarray:
    """FunnelPlotR's truncation for SHMI: rank the z-scores (ties averaged) into 1 / by
    groups and keep all but the lowest and the highest group."""
    groups = round(1 / by)
    position = np.floor(stats.rankdata(z, method="average") * groups / (len(z) + 1))
    return (position > 0) & (position < groups - 1)


def exact_p_value(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """The two-sided exact Poisson p-value of each count: twice its smaller tail, at most 1."""
    observed, expected = np.rint(observed), np.asarray(expected, dtype=float)
    tails = np.minimum(
        stats.poisson.cdf(observed, expected), stats.poisson.sf(observed - 1, expected)
    )
    return np.minimum(1.0, 2 * tails)


def poisson_z(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """The normal deviate of a count's exact mid-p Poisson probability: negative below the
    expected count, positive above, 0 at it, and finite for every count, zero included."""
    observed, expected = np.rint(observed), np.asarray(expected, dtype=float)
    below = special.logsumexp(
        [stats.poisson.logcdf(observed - 1, expected), stats.poisson.logpmf(observed, expected)],
        b=[[1.0], [0.5]],
        axis=0,
    )
    above = special.logsumexp(
        [stats.poisson.logsf(observed, expected), stats.poisson.logpmf(observed, expected)],
        b=[[1.0], [0.5]],
        axis=0,
    )
    # The smaller tail is the accurate one: take its quantile and give it its side.
    return np.where(below <= above, special.ndtri_exp(below), -special.ndtri_exp(above))


def _transform(num, den, kind, target) -> tuple[np.ndarray, float, np.ndarray]:
    """(y, target, s) on the transformed scale of FunnelPlotR's transformed_zscore."""
    if kind == "ratio":  # log scale: y is only used where the count is not 0
        return np.log(np.where(num > 0, num, 1.0) / den), math.log(target), 1 / np.sqrt(den)
    if kind == "proportion":
        return np.arcsin(np.sqrt(num / den)), math.asin(math.sqrt(target)), 1 / (2 * np.sqrt(den))
    y = np.log((num + 0.5) / (den + 0.5))
    centre = math.log(target) if target > 0 else -math.inf
    return y, centre, np.sqrt(num / (num + 0.5) ** 2 + den / (den + 0.5) ** 2)


def _winsorise(z: np.ndarray, by: float) -> np.ndarray:
    # numpy's default "linear" quantile is R's quantile type 7, which FunnelPlotR uses.
    lower, upper = np.quantile(z, [by, 1 - by])
    return np.clip(z, lower, upper)


def _phi_tau2(z: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """Dispersion ratio phi and DerSimonian-Laird tau2 (FunnelPlotR phi_func and tau_func)."""
    n = len(z)
    phi = float(np.sum(z**2) / n)
    if n * phi < n - 1:
        return phi, 0.0
    w = 1 / s**2
    return phi, float(max(0.0, (n * phi - (n - 1)) / (w.sum() - (w**2).sum() / w.sum())))


def _funnel_inputs(numerators, denominators, kind):
    _check_kind(kind)
    num, num_index = _as_array(numerators, "numerators")
    den, den_index = _as_array(denominators, "denominators")
    if len(num) != len(den):
        raise ValueError("numerators and denominators must have the same length")
    if (den <= 0).any() or (num < 0).any():
        raise ValueError("denominators must be positive and numerators not negative")
    if kind == "proportion" and (num > den).any():
        raise ValueError("a proportion's numerator cannot exceed its denominator")
    index = num_index if isinstance(numerators, pd.Series) else den_index
    return num, den, index


def _default_target(num, den, kind) -> float:
    return 1.0 if kind == "ratio" else _check_target(num.sum() / den.sum(), kind)


def _check_target(target, kind) -> float:
    target = float(target)
    if kind == "ratio":
        ok = 0 < target < math.inf
    else:  # a rate or proportion of 0 is a month with no events anywhere
        ok = 0 <= target <= 1 if kind == "proportion" else 0 <= target < math.inf
    if not ok:
        raise ValueError(f"target {target} is out of range for a {kind}")
    return target


def _check_tau2(tau2) -> float:
    tau2 = float(tau2)
    if not 0 <= tau2 < math.inf:
        raise ValueError("tau2 must be a finite number >= 0")
    return tau2


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
