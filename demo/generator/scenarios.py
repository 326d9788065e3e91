"""Scenarios: built-in changes for a few forces, so that later analysis has something true to
find (described in the package docstring, demo/generator/__init__.py)."""

from dataclasses import dataclass

from .calendar import add_months, months_between


@dataclass(frozen=True)
class Scenario:
    """A built-in change for one force: a step from `start`, or a trend growing each month."""

    force: str
    dataset: str
    metric: str
    start: str  # YYYY-MM, the first month affected
    kind: str  # "step": `size` from start on; "trend": `size` more each month from start
    size: float
    cap: float | None
    description: str

    def effect(self, period: str) -> float:
        months = months_between(self.start, period)
        if months < 0:
            return 0.0
        value = self.size if self.kind == "step" else self.size * (months + 1)
        if self.cap is not None:
            value = max(value, self.cap) if self.cap < 0 else min(value, self.cap)
        return value


# fmt: off
SCENARIOS: tuple[Scenario, ...] = (
    Scenario(force="cleveland", dataset="emergency_calls", metric="calls_answered_10s",
             start="2024-02", kind="trend", size=-0.04, cap=-0.30,
             description="Share of 999 calls answered within 10 s falls 4 points a month."),
    Scenario(force="lincolnshire", dataset="incident_response",
             metric="grade1_attendance_median_min",
             start="2024-02", kind="trend", size=0.08, cap=0.80,
             description="Grade 1 and 2 attendance times rise 8% a month."),
    Scenario(force="west-midlands", dataset="recorded_crime", metric="knife_crime_rate",
             start="2024-04", kind="step", size=0.40, cap=None,
             description="Knife or sharp instrument offences jump 40%."),
    Scenario(force="essex", dataset="vetting_decisions", metric="vetting_backlog",
             start="2024-03", kind="trend", size=0.50, cap=3.0,
             description="Vetting decisions take 50% longer each month; the pending backlog "
             "grows."),
    Scenario(force="greater-manchester", dataset="misconduct_cases",
             metric="misconduct_cases_per_1000", start="2024-03", kind="step", size=0.80,
             cap=None,
             description="New misconduct cases run 80% higher."),
    Scenario(force="south-wales", dataset="misconduct_cases", metric="misconduct_open_cases",
             start="2024-02", kind="trend", size=0.25, cap=3.0,
             description="Misconduct cases take 12% longer to conclude each month; open "
             "cases, and those open over 12 months, pile up."),
    Scenario(force="thames-valley", dataset="misconduct_cases", metric="misconduct_open_cases",
             start="2024-04", kind="trend", size=0.20, cap=2.5,
             description="Misconduct cases take 10% longer to conclude each month; the "
             "backlog grows."),
    # Declared in the generator's time like the others: the demo moves every scenario by
    # the same months (about 21), so this stall begins around January 2026, nine months into
    # the guarantee's uplift. Unmoved, it stalls the uplift before it begins.
    Scenario(force="hampshire", dataset="workforce",
             metric="neighbourhood_workforce_per_10k", start="2024-04", kind="trend", size=-1.0,
             cap=None,
             description="The neighbourhood workforce stops growing (its effect: months of "
             "growth taken back)."),
    Scenario(force="kent", dataset="workforce", metric="frontline_time_share",
             start="2024-04", kind="step", size=-0.08, cap=None,
             description="Officer time on the front line drops 8 points (sickness and "
             "admin)."),
    Scenario(force="northumbria", dataset="neighbourhood_queries",
             metric="neighbourhood_queries_72h", start="2024-03", kind="trend", size=-0.03,
             cap=-0.30,
             description="Share of neighbourhood queries answered within 72 hours falls 3 "
             "points a month."),
)
# fmt: on


def scenario_effect(
    force_slug: str, dataset: str, metric: str, period: str, shift: int = 0
) -> float:
    """The summed effect of the scenarios on a force's metric in a month (0.0 if none), with
    every scenario starting `shift` months later than declared (the demo moves them into its
    window)."""
    period = add_months(period, -shift) if shift else period
    return sum(
        s.effect(period)
        for s in SCENARIOS
        if s.force == force_slug and s.dataset == dataset and s.metric == metric
    )
