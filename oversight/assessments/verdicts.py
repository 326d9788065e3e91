"""A force's metric judged as Making Data Count judges it: the variation of its latest month,
its assurance against the target, and where the force sits in a month's funnel plot.

The nightly run stores these (services.py) and the pages draw the same verdicts live, so an
icon on the overview and the chart on the profile never disagree about the same data.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from metrics import analysis
from metrics.catalogue.targets import target_value_of
from oversight.assessments.xmr import XmrChart

# Fewer points than this give no verdict (nor an SPC flag): the limits would mean too little.
MIN_POINTS_FOR_SPC = 12
# Fewer forces than this in a month give no funnel: overdispersion cannot be estimated.
MIN_FORCES_FOR_FUNNEL = 10


class Variation:
    IMPROVEMENT, CONCERN, NEUTRAL, COMMON_CAUSE = (
        "improvement",
        "concern",
        "neutral",
        "common_cause",
    )
    TOO_FEW = ""  # too few points, or trial limits: no verdict

    LABELS = {
        IMPROVEMENT: "Special cause: improvement",
        CONCERN: "Special cause: concern",
        NEUTRAL: "Special cause: neither better nor worse",
        COMMON_CAUSE: "Common cause variation",
        TOO_FEW: "Too few months to judge",
    }


class Assurance:
    PASS, FAIL, HIT_AND_MISS, NONE = "pass", "fail", "inconsistent", ""

    LABELS = {
        PASS: "Consistently meets the target",
        FAIL: "Consistently misses the target",
        HIT_AND_MISS: "Hits and misses the target",
        NONE: "",
    }


FUNNEL_LABELS = {
    "high_998": "Above the 99.8% limit",
    "high_95": "Above the 95% limit",
    "within": "Within the limits",
    "low_95": "Below the 95% limit",
    "low_998": "Below the 99.8% limit",
    "": "Not in a funnel",
}


@dataclass(frozen=True)
class Icon:
    """A verdict as the pages draw it: a static image (static/icons/) with its words, which
    are the image's text alternative and its line in the page's key."""

    path: str
    words: str


def _icon(path: str, label: str, side: str = "") -> Icon:
    return Icon(path, f"{label} ({side})" if side else label)


# Every verdict the pages draw, in the order of the key. Variation and assurance are Making
# Data Count's icons; the funnel's are our own, in greys, since its categories say neither
# better nor worse. No assurance icon where there is no standard, no funnel icon where the
# force is not in a funnel.
VARIATION_ICONS = {
    (variation, side): _icon(f"icons/mdc/{file}.svg", Variation.LABELS[variation], side)
    for (variation, side), file in {
        (Variation.COMMON_CAUSE, ""): "variation-common-cause",
        (Variation.IMPROVEMENT, "high"): "variation-improvement-high",
        (Variation.IMPROVEMENT, "low"): "variation-improvement-low",
        (Variation.CONCERN, "high"): "variation-concern-high",
        (Variation.CONCERN, "low"): "variation-concern-low",
        (Variation.NEUTRAL, "high"): "variation-neutral-high",
        (Variation.NEUTRAL, "low"): "variation-neutral-low",
        (Variation.TOO_FEW, ""): "variation-too-few",
    }.items()
}
ASSURANCE_ICONS = {
    assurance: _icon(f"icons/mdc/{file}.svg", Assurance.LABELS[assurance])
    for assurance, file in {
        Assurance.PASS: "assurance-pass",
        Assurance.HIT_AND_MISS: "assurance-hit-and-miss",
        Assurance.FAIL: "assurance-fail",
    }.items()
}
FUNNEL_ICONS = {
    category: _icon(f"icons/funnel/funnel-{category.replace('_', '-')}.svg", label)
    for category, label in FUNNEL_LABELS.items()
    if category
}


@dataclass(frozen=True)
class VerdictIcons:
    variation: Icon | None
    assurance: Icon | None
    funnel: Icon | None


def verdict_icons(variation: str, side: str, assurance: str, funnel_category: str):
    """A force's metric's verdicts as icons; None for a verdict drawn as nothing."""
    return VerdictIcons(
        VARIATION_ICONS.get((variation, side)),
        ASSURANCE_ICONS.get(assurance),
        FUNNEL_ICONS.get(funnel_category),
    )


@dataclass
class Trend:
    """A series' XmR chart (None under 2 points) and the verdict on its latest month."""

    chart: XmrChart | None
    periods: list[date]
    variation: str
    side: str  # "high" or "low" for a special cause, else ""
    assurance: str


def series_verdict(
    metric, periods: list[date], values: list[float], change_points=(), *, targets=None
) -> Trend:
    """The metric's XmR chart over the months given (oldest first, each with a figure), limits
    recalculated from each accepted recording change, and its latest month's verdict, its
    assurance against its target (`targets`: those set, from targets_set, else read now)."""
    if len(values) < 2:
        return Trend(None, periods, Variation.TOO_FEW, "", Assurance.NONE)
    starts = set(change_points)
    rebase = [i for i, p in enumerate(periods) if i and p in starts]
    frame = analysis.xmr(
        values, improvement=metric.improvement, rebase=rebase, within=metric.within
    )
    chart, last = XmrChart.of(frame), frame.iloc[-1]
    if len(values) < MIN_POINTS_FOR_SPC or last["trial"]:
        return Trend(chart, periods, Variation.TOO_FEW, "", Assurance.NONE)
    variation = str(last["variation"])
    target = target_value_of(metric, targets)
    assurance = analysis.assurance(frame, target=target, improvement=metric.improvement)
    return Trend(chart, periods, variation, _side(variation, metric, last), assurance or "")


def _side(variation: str, metric, last) -> str:
    """Making Data Count's H or L: which way the special cause points."""
    if variation == Variation.COMMON_CAUSE:
        return ""
    if variation == Variation.NEUTRAL:
        return "high" if last["value"] >= last["mean"] else "low"
    better_high = metric.improvement == "increase"
    return "high" if (variation == Variation.IMPROVEMENT) == better_high else "low"


@dataclass
class Funnel:
    """One month's (or quarter's, year's) funnel plot of a metric: each force's point, with
    the overdispersion-adjusted 95% and 99.8% limits."""

    kind: str
    target: float
    tau2: float
    points: pd.DataFrame  # indexed by force id: numerator, denominator, value, category, limits

    def curve(self, steps: int = 80) -> pd.DataFrame:
        """The limits along the range of denominators, for drawing."""
        den = self.points["denominator"]
        low, high = max(float(den.min()) * 0.8, 1e-9), float(den.max()) * 1.2
        grid = np.geomspace(low, high, steps)
        return analysis.funnel_limits(grid, target=self.target, kind=self.kind, tau2=self.tau2)


def funnel_of(metric, rows) -> Funnel | None:
    """rows: (force id, numerator, denominator) of one period. None for a metric without a
    funnel, or with fewer than MIN_FORCES_FOR_FUNNEL forces with a positive denominator."""
    kind = metric.funnel_kind
    usable = [(f, n, d) for f, n, d in rows if pd.notna(n) and pd.notna(d) and d > 0 and n >= 0]
    # A period with no events anywhere has nothing to compare: no funnel, not 43 "within"s.
    if kind is None or len(usable) < MIN_FORCES_FOR_FUNNEL or not any(n for _, n, _ in usable):
        return None
    ids = [f for f, _, _ in usable]
    num = pd.Series([float(n) for _, n, _ in usable], index=ids)
    den = pd.Series([float(d) for _, _, d in usable], index=ids)
    _, tau2 = analysis.overdispersion(num, den, kind=kind)
    target = 1.0 if kind == "ratio" else float(num.sum() / den.sum())  # FunnelPlotR's
    points = analysis.funnel_points(num, den, kind=kind, target=target, tau2=tau2)
    return Funnel(kind, target, tau2, points)
