"""The v2 columns of misconduct_cases and vetting_decisions: case to answer, proceedings,
finding, appeals, criminal proceedings, suspensions and barred-list notifications; refusal
reasons and aftercare triggers.

Each case's draws are made with the rest of the case (people.py), from the generator of the
month it was received, so that a case reads the same in every return it appears in; what
depends on the return's month (a suspension not yet over, an appeal still pending, a
notification not yet sent) is settled when the return is written.

Calibrated on the Home Office's Police misconduct, England and Wales (official statistics in
development), years ending 31 March 2023 and 2024: of officers referred to misconduct
proceedings about 45-53% go to a misconduct meeting, 27-33% to a hearing and 19-22% to an
accelerated hearing; misconduct is found proven at about 79% of meetings; gross misconduct at
about 78% of hearings (misconduct at 9%) and nearly every accelerated hearing. Dismissals
follow a gross misconduct finding at a hearing or accelerated hearing; about a quarter of
dismissed officers appeal to the Police Appeals Tribunal, which allows about 1 in 5 appeals.
Criminal proceedings run alongside about 1 in 5 gross misconduct cases and 1 in 25 others.
Nine in ten dismissals are notified to the College of Policing barred list within 28 days.
A return also holds the cases concluded before its month that it still reports on: dismissals
not yet notified at the month's start, and appeals the tribunal decided in the month.
"""

import numpy as np

from metrics.datasets.declarations import (
    AFTERCARE_TRIGGERS,
    MISCONDUCT_OUTCOMES,
    REFUSAL_REASONS,
)

from .calendar import format_dates
from .cells import _blank_where, _bools

_OUTCOME = {o: i for i, o in enumerate(MISCONDUCT_OUTCOMES)}
# fmt: off
# Share of each outcome settled at proceedings (the rest without), and the proceedings:
# meeting, hearing, accelerated hearing.
AT_PROCEEDINGS = {
    "no_case_to_answer": 0.0, "reflective_practice": 0.0, "management_action": 0.35,
    "written_warning": 1.0, "final_written_warning": 1.0, "reduction_in_rank": 1.0,
    "dismissal": 1.0, "no_further_action": 0.25,
}
PROCEEDINGS_BY_OUTCOME = {
    "management_action": (1.0, 0.0, 0.0), "written_warning": (0.9, 0.1, 0.0),
    "final_written_warning": (0.5, 0.35, 0.15), "reduction_in_rank": (0.0, 0.75, 0.25),
    "dismissal": (0.0, 0.4, 0.6), "no_further_action": (0.6, 0.4, 0.0),
}
PROCEEDINGS = ("misconduct_meeting", "misconduct_hearing", "accelerated_hearing")
REFUSAL_WEIGHTS = (20, 22, 18, 12, 10, 6, 9, 3)  # over REFUSAL_REASONS
AFTERCARE_WEIGHTS = (25, 20, 22, 15, 8, 5, 5)  # over AFTERCARE_TRIGGERS
# fmt: on
APPEAL_SHARE = {"dismissal": 0.25, "reduction_in_rank": 0.15, "final_written_warning": 0.05}
APPEAL_UPHELD = 0.2
APPEAL_MEDIAN_DAYS = 200.0
CRIMINAL_SHARE = {True: 0.20, False: 0.04}  # by gross misconduct
SUSPENDED_SHARE = 0.4  # of those suspended or restricted, suspended rather than restricted
BARRED_LATE_SHARE = 0.1


# By outcome code: the share settled at proceedings, the cumulative shares of each kind of
# proceedings, and the share of officers appealing.
_AT = np.array([AT_PROCEEDINGS[o] for o in MISCONDUCT_OUTCOMES])
_KIND_CUMULATIVE = np.array(
    [np.cumsum(PROCEEDINGS_BY_OUTCOME.get(o, (1.0, 0.0, 0.0))) for o in MISCONDUCT_OUTCOMES]
)
_APPEAL = np.array([APPEAL_SHARE.get(o, 0.0) for o in MISCONDUCT_OUTCOMES])


def misconduct_draws(r: np.random.Generator, n: int, *, gross, outcome, role) -> dict:
    """A case's v2 facts, drawn after its v1 ones (so those stay as they were), in two calls
    of the generator: the history of a return draws them for every month of four years."""
    u = r.random((11, n))
    at_proceedings = u[0] < _AT[outcome]
    kind = (u[1][:, None] >= _KIND_CUMULATIVE[outcome]).sum(axis=1)
    officer = (role == 0) | (role == 2)  # officers and specials may appeal to the tribunal
    late = u[8] < BARRED_LATE_SHARE
    return {
        "at_proceedings": at_proceedings,
        "proceeding": np.where(at_proceedings, kind, -1),
        "proven": u[2],  # read against the finding's share for a lesser outcome
        "open_proceeding": u[3] < 0.4,  # an open case already sent to proceedings
        "appeal": officer & (u[4] < _APPEAL[outcome]),
        "appeal_days": np.ceil(r.lognormal(np.log(APPEAL_MEDIAN_DAYS), 0.5, n)).astype(np.int64),
        "appeal_upheld": u[5] < APPEAL_UPHELD,
        "criminal": u[6] < np.where(gross, CRIMINAL_SHARE[True], CRIMINAL_SHARE[False]),
        "suspension": u[7] < SUSPENDED_SHARE,
        "suspension_delay": (u[9] * 30).astype(np.int64),
        "barred_days": np.where(late, 29 + (u[10] * 61), 2 + (u[10] * 19)).astype(np.int64),
    }


def concluded_before_but_returned(cases: dict, *, start: int, end: int) -> np.ndarray:
    """Cases concluded before the month that its return still holds: a dismissal whose
    barred-list notification was outstanding at the month's start, and a case whose appeal
    the tribunal decided in the month."""
    concluded = cases["concluded"]
    dismissed = np.isin(cases["outcome"], _codes("dismissal"))
    outstanding = dismissed & (concluded + cases["barred_days"] >= start)
    decided = concluded + cases["appeal_days"]
    appeal_decided = cases["appeal"] & (decided >= start) & (decided <= end)
    return (concluded < start) & (outstanding | appeal_decided)


def misconduct_columns(cases: dict, *, end: int, open_now: np.ndarray) -> dict:
    """The v2 columns of the cases in a return whose month ends on epoch day `end`."""
    outcome, concluded = cases["outcome"], cases["concluded"]
    at = cases["at_proceedings"] & ~open_now
    no_case = _codes("no_case_to_answer", "reflective_practice", "no_further_action")
    case_to_answer = at | ~np.isin(outcome, no_case)
    kind = np.where(at, cases["proceeding"], -1)
    # An open case has a case to answer, and proceedings to come, for some; the rest wait.
    waiting = open_now & cases["open_proceeding"] & (cases["proceeding"] >= 0)
    kind = np.where(waiting, cases["proceeding"], kind)
    case_to_answer_cell = np.where(case_to_answer, "true", "false").astype(object)
    case_to_answer_cell[open_now & ~waiting] = ""
    case_to_answer_cell[waiting] = "true"
    finding = _findings(outcome, kind, cases["proven"], at)
    appeal = cases["appeal"] & ~open_now
    decided = concluded + cases["appeal_days"]
    result = np.where(cases["appeal_upheld"], "upheld", "dismissed").astype(object)
    pending = decided > end
    result[pending] = "pending"
    result[~appeal] = ""
    suspended = cases["suspended"] & cases["suspension"]
    start = np.minimum(cases["received"] + cases["suspension_delay"], concluded)
    start_blank = ~suspended | (start > end)
    stop = np.maximum(start, np.minimum(concluded, start + 120))
    dismissed = np.isin(outcome, _codes("dismissal")) & ~open_now
    notified = concluded + cases["barred_days"]
    return {
        "case_to_answer": case_to_answer_cell,
        "proceeding_type": _blank_where(
            np.array(PROCEEDINGS, dtype=object)[np.maximum(kind, 0)], kind < 0
        ),
        "finding": finding,
        "appeal_lodged": _bools(appeal),
        "appeal_result": result,
        "appeal_decided_date": _blank_where(format_dates(decided), ~appeal | pending),
        "criminal_proceedings": _bools(cases["criminal"]),
        "suspension_start": _blank_where(format_dates(start), start_blank),
        "suspension_end": _blank_where(format_dates(stop), start_blank | (stop > end)),
        "barred_list_notified_date": _blank_where(
            format_dates(notified), ~dismissed | (notified > end)
        ),
    }


def _codes(*names: str) -> list[int]:
    return [_OUTCOME[n] for n in names]


def _findings(outcome, kind, proven, at) -> np.ndarray:
    """The finding of concluded proceedings: gross misconduct for a dismissal or reduction in
    rank, and at 78% of other hearings and 98% of accelerated ones (misconduct at 9%);
    misconduct at a meeting; not proven where nothing followed."""
    finding = np.full(outcome.size, "", dtype=object)
    gross = np.where(kind == 2, proven < 0.98, proven < 0.78)
    finding[at] = np.where(
        gross[at] & (kind[at] > 0), "gross_misconduct_proven", "misconduct_proven"
    )
    finding[at & np.isin(outcome, _codes("dismissal", "reduction_in_rank"))] = (
        "gross_misconduct_proven"
    )
    finding[at & np.isin(outcome, _codes("no_further_action"))] = "not_proven"
    return finding


_REFUSAL_CUMULATIVE = np.cumsum(REFUSAL_WEIGHTS) / sum(REFUSAL_WEIGHTS)
_AFTERCARE_CUMULATIVE = np.cumsum(AFTERCARE_WEIGHTS) / sum(AFTERCARE_WEIGHTS)


def vetting_draws(r: np.random.Generator, n: int) -> dict:
    """An application's v2 facts, drawn after its v1 ones, in one call of the generator."""
    u = r.random((2, n))
    return {
        "refusal_reason": np.searchsorted(_REFUSAL_CUMULATIVE, u[0], side="right"),
        "aftercare_trigger": np.searchsorted(_AFTERCARE_CUMULATIVE, u[1], side="right"),
    }


def vetting_columns(apps: dict, outcome: np.ndarray) -> dict:
    """The v2 columns of the applications in a return, `outcome` as written in it."""
    reasons = np.array(REFUSAL_REASONS, dtype=object)[apps["refusal_reason"]]
    triggers = np.array(AFTERCARE_TRIGGERS, dtype=object)[apps["aftercare_trigger"]]
    return {
        "refusal_reason": _blank_where(reasons, outcome != "refused"),
        "aftercare_trigger": _blank_where(triggers, outcome != "revoked_in_aftercare"),
    }
