"""Every metric, declared once: what it measures, how, and which way is better.

Each metric reads one dataset's records for a force-month. Its computation is declared as
data (metrics/catalogue/computations.py turns it into SQL): counts per population or per officer,
shares, sums, medians and 90th percentiles. Response times are always computed from the
incident timestamps, from call connect, with one national definition.
"""

from dataclasses import dataclass

from metrics.catalogue.computations import (
    BinnedPercentile,
    Computation,
    Count,
    CountPer,
    Mean,
    Median,
    Percentile,
    RateRatio,
    Share,
    SummedCountPer,
    SummedShare,
    SumPer,
    SumShare,
)
from metrics.datasets import DATASETS, Dataset
from metrics.datasets.aggregates import (
    ANSWER_BANDS,
    ATTENDANCE_BANDS,
    CONCLUSION_BANDS,
    DECISION_BANDS,
    NOT_ANSWERED,
    RESPONSE_HOURS_BANDS,
)
from metrics.datasets.declarations import (
    OFFENCE_SUBGROUP_CODES,
    PRIORITIES_REVIEW_MONTHS,
    QUERY_RESPONSE_HOURS,
)

KNIFE, VAWG, NEIGHBOURHOOD, RESPONSE, CSA, STANDARDS, CRIME = (
    "Knife crime",
    "Violence against women and girls",
    "Neighbourhood policing and frontline time",
    "Standardised response times",
    "Child sexual abuse",
    "Misconduct and vetting",
    "Crime and anti-social behaviour",
)


@dataclass(frozen=True)
class Target:
    """A level the metric should reach, set nationally (declared as a default, or set by an
    administrator): judged by assurance, not month by month. (Police professional standards
    are another subject: the standards app.)"""

    value: float
    description: str


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    priority_area: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    improvement: str  # "increase", "decrease" or "neutral": which way is better
    dataset: str
    computation: object
    # The default target: an administrator's (MetricTarget) replaces it; read through
    # metrics.catalogue.targets.target_of.
    target: Target | None = None
    sensitive: bool = False  # counts under 5 are suppressed in PCC-facing views
    headline: bool = False  # the priority area's column on the national overview
    # A small chart of its own on the force profile; else a row of its area's table of further
    # measures there, linked to its full chart (a breakdown of a charted measure).
    profile_chart: bool = True
    # From the dataset's aggregate returns, where `computation` cannot read their columns.
    from_counts: Computation | None = None

    @property
    def dataset_name(self) -> str:
        return DATASETS[self.dataset].name

    def computation_for(self, kind: str) -> Computation:
        """How the figure is computed from a return of this kind (records or aggregate)."""
        if kind == "aggregate" and self.from_counts is not None:
            return self.from_counts
        return self.computation

    def readable_from(self, schema: Dataset) -> bool:
        """Whether a return following this version of its schema holds every column the
        figure reads. A column an earlier version lacks is null in its rows: counting it
        would give a false zero, so such a return gives no figure."""
        latest = DATASETS[self.dataset]
        latest = latest.aggregate if schema.twin_of else latest
        read = self.computation_for(schema.kind).names()
        return all(schema.has_column(c.field) for c in latest.columns if c.field in read)

    @property
    def within(self) -> tuple[float, float | None]:
        """What the measure can take: a share 0 to 100, any other figure (a count, rate,
        median or mean) 0 or more. SPC limits are drawn within it."""
        return (0.0, 100.0) if self.unit == "%" else (0.0, None)

    @property
    def funnel_kind(self) -> str | None:
        """How a funnel plot compares forces: "proportion", "rate", or None."""
        return getattr(self.computation, "funnel_kind", None)


GRADE1 = "grade = 1 AND first_arrival_at IS NOT NULL"
GRADE2 = "grade = 2 AND first_arrival_at IS NOT NULL"
ATTEND_MIN = "{minutes:first_arrival_at,call_connected_at}"
ANSWER_S = "{seconds:answered_at,connected_at}"


# A misconduct return also holds cases concluded before its month (for their barred-list
# notification or their appeal): what happened to a case counts in the month it happened.
CONCLUDED = "{in_month:concluded_date}"
OPEN_CELL = "NOT concluded_in_month AND outcome = ''"  # an aggregate's cell of open cases
NOTIFIED_ON_TIME = "barred_list_notified_date <= {notice_by:concluded_date}"


def _in(column: str, labels) -> str:
    return f"{column} IN ({', '.join(repr(x) for x in labels)})"


# The Neighbourhood Policing Guarantee counts officers, PCSOs and specials in neighbourhood roles.
NEIGHBOURHOOD_FTE = "officers_fte + pcsos_fte + specials_fte"
AWAY_HOURS = "hours_training + hours_sickness + hours_court + hours_admin"


def _neighbourhood_hours(hours: str) -> str:
    return f"CASE WHEN function = 'neighbourhood' THEN {hours} ELSE 0 END"


def _attendance(quantile: float, grade: int) -> BinnedPercentile:
    return BinnedPercentile(
        "attendance_band", f"grade = {grade} AND attended", quantile, bands=ATTENDANCE_BANDS
    )


METRICS: tuple[Metric, ...] = (
    Metric(
        "crime_rate",
        "Street-level crime rate",
        CRIME,
        "Crimes in the data.police.uk street-level return, excluding anti-social behaviour, "
        "per 1,000 residents in the month.",
        "crimes, excluding anti-social behaviour",
        "resident population",
        "per 1,000 residents",
        "decrease",
        "street_crime",
        CountPer("crime_type <> 'Anti-social behaviour'", per=1000),
        headline=True,
    ),
    Metric(
        "asb_rate",
        "Anti-social behaviour rate",
        CRIME,
        "Anti-social behaviour incidents per 1,000 residents in the month.",
        "anti-social behaviour incidents",
        "resident population",
        "per 1,000 residents",
        "decrease",
        "street_crime",
        CountPer("crime_type = 'Anti-social behaviour'", per=1000),
    ),
    Metric(
        "weapons_possession_rate",
        "Possession of weapons rate",
        KNIFE,
        "Possession of weapons offences per 100,000 residents in the month. Proactive "
        "policing raises it, so neither direction is better in itself.",
        "possession of weapons offences",
        "resident population",
        "per 100,000 residents",
        "neutral",
        "street_crime",
        CountPer("crime_type = 'Possession of weapons'", per=100_000),
    ),
    Metric(
        "no_suspect_share",
        "Closed with no suspect identified",
        CRIME,
        "Share of street-level crimes whose latest outcome is 'Investigation complete; no "
        "suspect identified'.",
        "crimes closed with no suspect identified",
        "crimes, excluding anti-social behaviour",
        "%",
        "decrease",
        "street_crime",
        Share(
            "last_outcome = 'Investigation complete; no suspect identified'",
            "crime_type <> 'Anti-social behaviour'",
        ),
    ),
    Metric(
        "knife_crime_rate",
        "Knife or sharp instrument offences",
        KNIFE,
        "Notifiable offences involving a knife or sharp instrument per 100,000 residents.",
        "offences flagged knife or sharp instrument",
        "resident population",
        "per 100,000 residents",
        "decrease",
        "recorded_crime",
        CountPer("knife_or_sharp_instrument", per=100_000),
        headline=True,
    ),
    Metric(
        "vawg_rate",
        "Violence against women and girls offences",
        VAWG,
        "Offences against a female victim that are flagged domestic abuse or are sexual "
        "offences, per 1,000 residents. Better recording raises it, so neither direction "
        "is better in itself.",
        "domestic abuse or sexual offences with a female victim",
        "resident population",
        "per 1,000 residents",
        "neutral",
        "recorded_crime",
        CountPer(
            "victim_sex = 'female' AND (domestic_abuse OR offence_group = 'Sexual offences')",
            per=1000,
        ),
        sensitive=True,
        headline=True,
    ),
    Metric(
        "csa_rate",
        "Child sexual abuse offences",
        CSA,
        "Offences flagged child sexual abuse per 100,000 residents.",
        "offences flagged child sexual abuse",
        "resident population",
        "per 100,000 residents",
        "neutral",
        "recorded_crime",
        CountPer("child_sexual_abuse", per=100_000),
        sensitive=True,
        headline=True,
    ),
    Metric(
        "charge_rate",
        "Charge or summons rate",
        CRIME,
        "Share of offences recorded in the month that have reached Home Office outcome 1 "
        "(charge or summons).",
        "offences with outcome type 1",
        "offences recorded in the month",
        "%",
        "increase",
        "recorded_crime",
        Share("outcome_type = 1"),
    ),
    Metric(
        "calls_answered_10s",
        "999 calls answered within 10 seconds",
        RESPONSE,
        "Share of 999 calls answered within 10 seconds of connecting to the force. "
        "Abandoned calls count as not answered in time.",
        "calls answered within 10 seconds",
        "999 calls",
        "%",
        "increase",
        "emergency_calls",
        Share(f"answered_at IS NOT NULL AND {ANSWER_S} <= 10"),
        target=Target(90, "90% of 999 calls answered within 10 seconds"),
        from_counts=Share(f"answered AND {_in('answer_band', ANSWER_BANDS.up_to(10))}"),
    ),
    Metric(
        "call_answer_median_s",
        "Median time to answer a 999 call",
        RESPONSE,
        "Median seconds from connect to answer, of the 999 calls answered.",
        "",
        "999 calls answered",
        "seconds",
        "decrease",
        "emergency_calls",
        Median(ANSWER_S, "answered_at IS NOT NULL"),
        from_counts=BinnedPercentile("answer_band", "answered", 0.5, bands=ANSWER_BANDS),
    ),
    Metric(
        "grade1_attendance_median_min",
        "Grade 1 attendance, median",
        RESPONSE,
        "Median minutes from call connect to the first arrival at grade 1 (emergency) incidents.",
        "",
        "grade 1 incidents attended",
        "minutes",
        "decrease",
        "incident_response",
        Median(ATTEND_MIN, GRADE1),
        from_counts=_attendance(0.5, 1),
    ),
    Metric(
        "grade1_attendance_p90_min",
        "Grade 1 attendance, 90th percentile",
        RESPONSE,
        "90th percentile of minutes from call connect to first arrival at grade 1 incidents.",
        "",
        "grade 1 incidents attended",
        "minutes",
        "decrease",
        "incident_response",
        Percentile(ATTEND_MIN, GRADE1, 0.9),
        from_counts=_attendance(0.9, 1),
    ),
    Metric(
        "grade1_within_standard",
        "Grade 1 attended within the standard",
        RESPONSE,
        "Share of grade 1 incidents attended within 15 minutes of call connect in urban "
        "areas and 20 minutes in rural areas. Unattended grade 1 incidents count as missed.",
        "grade 1 incidents attended within 15 (urban) or 20 (rural) minutes",
        "grade 1 incidents",
        "%",
        "increase",
        "incident_response",
        Share(
            f"first_arrival_at IS NOT NULL AND {ATTEND_MIN} <= CASE WHEN area_type = "
            "'rural' THEN 20 ELSE 15 END",
            "grade = 1",
        ),
        target=Target(
            90, "90% of grade 1 incidents attended within 15 minutes (urban) or 20 minutes (rural)"
        ),
        headline=True,
        from_counts=Share(
            f"attended AND CASE WHEN area_type = 'rural' "
            f"THEN {_in('attendance_band', ATTENDANCE_BANDS.up_to(20))} "
            f"ELSE {_in('attendance_band', ATTENDANCE_BANDS.up_to(15))} END",
            "grade = 1",
        ),
    ),
    Metric(
        "grade2_attendance_median_min",
        "Grade 2 attendance, median",
        RESPONSE,
        "Median minutes from call connect to the first arrival at grade 2 (priority) incidents.",
        "",
        "grade 2 incidents attended",
        "minutes",
        "decrease",
        "incident_response",
        Median(ATTEND_MIN, GRADE2),
        from_counts=_attendance(0.5, 2),
    ),
    Metric(
        "grade2_attendance_p90_min",
        "Grade 2 attendance, 90th percentile",
        RESPONSE,
        "90th percentile of minutes from call connect to first arrival at grade 2 incidents.",
        "",
        "grade 2 incidents attended",
        "minutes",
        "decrease",
        "incident_response",
        Percentile(ATTEND_MIN, GRADE2, 0.9),
        from_counts=_attendance(0.9, 2),
    ),
    Metric(
        "neighbourhood_officers_per_10k",
        "Neighbourhood officers",
        NEIGHBOURHOOD,
        "Police officers (FTE) in neighbourhood policing per 10,000 residents.",
        "neighbourhood officers, FTE",
        "resident population",
        "per 10,000 residents",
        "increase",
        "workforce",
        SumPer("officers_fte", "function = 'neighbourhood'", per=10_000),
        headline=True,
    ),
    Metric(
        "frontline_time_share",
        "Officer time on the front line",
        NEIGHBOURHOOD,
        "Share of officers' duty hours spent on frontline duties rather than training, "
        "sickness, court or administration.",
        "frontline hours",
        "all duty hours",
        "%",
        "increase",
        "workforce",
        SumShare(
            "hours_frontline",
            "hours_frontline + hours_training + hours_sickness + hours_court + hours_admin",
        ),
    ),
    Metric(
        "neighbourhood_workforce_per_10k",
        "Neighbourhood policing workforce",
        NEIGHBOURHOOD,
        "Police officers, PCSOs and special constables (FTE) in neighbourhood roles per 10,000 "
        "residents: the workforce the Neighbourhood Policing Guarantee counts. Its numerator, "
        "the force's neighbourhood FTE, is set against its baseline of 31 March 2025 on the "
        "Neighbourhood Policing Guarantee page.",
        "neighbourhood officers, PCSOs and specials, FTE",
        "resident population",
        "per 10,000 residents",
        "increase",
        "workforce",
        SumPer(NEIGHBOURHOOD_FTE, "function = 'neighbourhood'", per=10_000),
    ),
    Metric(
        "neighbourhood_abstraction_share",
        "Neighbourhood officers' time abstracted",
        NEIGHBOURHOOD,
        "Share of the duty hours of officers in neighbourhood roles spent away from "
        "neighbourhood duties: on training, sick, at court or on administration.",
        "neighbourhood officers' hours on training, sickness, court and administration",
        "neighbourhood officers' duty hours",
        "%",
        "decrease",
        "workforce",
        SumShare(
            _neighbourhood_hours(AWAY_HOURS),
            _neighbourhood_hours(f"hours_frontline + {AWAY_HOURS}"),
        ),
    ),
    Metric(
        "misconduct_cases_per_1000",
        "New misconduct cases",
        STANDARDS,
        "Misconduct cases received in the month per 1,000 police officers (FTE, from the "
        "same month's workforce return).",
        "cases received in the month",
        "police officers, FTE",
        "per 1,000 officers",
        "neutral",
        "misconduct_cases",
        CountPer("{in_month:received_date}", per=1000, denominator="officers"),
        sensitive=True,
        from_counts=CountPer("received_in_month", per=1000, denominator="officers"),
    ),
    Metric(
        "misconduct_days_to_conclude",
        "Days to conclude a misconduct case",
        STANDARDS,
        "Mean days from receipt to conclusion of the cases concluded in the month.",
        "days taken, summed",
        "cases concluded in the month",
        "days",
        "decrease",
        "misconduct_cases",
        Mean("{days:concluded_date,received_date}", CONCLUDED),
        sensitive=True,
        headline=True,
        from_counts=Mean("days_to_conclude", "concluded_in_month"),
    ),
    Metric(
        "dismissals_per_1000",
        "Dismissals",
        STANDARDS,
        "Cases concluded in the month with dismissal, per 1,000 police officers (FTE).",
        "dismissals",
        "police officers, FTE",
        "per 1,000 officers",
        "neutral",
        "misconduct_cases",
        CountPer(f"outcome = 'dismissal' AND {CONCLUDED}", per=1000, denominator="officers"),
        sensitive=True,
        from_counts=CountPer(
            "outcome = 'dismissal' AND concluded_in_month", per=1000, denominator="officers"
        ),
    ),
    Metric(
        "misconduct_open_over_12_months",
        "Cases open over 12 months",
        STANDARDS,
        "Share of cases open at the end of the month that were received more than 12 "
        "months before.",
        "open cases received over 12 months before the month's end",
        "cases open at the month's end",
        "%",
        "decrease",
        "misconduct_cases",
        Share("{older_than_12_months:received_date}", "concluded_date IS NULL"),
        sensitive=True,
        from_counts=Share("open_over_12_months", OPEN_CELL),
    ),
    Metric(
        "vetting_refusal_rate",
        "Vetting refusals",
        STANDARDS,
        "Share of vetting decisions in the month that refused clearance.",
        "refusals",
        "decisions (granted, refused, revoked in aftercare)",
        "%",
        "neutral",
        "vetting_decisions",
        Share("outcome = 'refused'", "outcome IN ('granted', 'refused', 'revoked_in_aftercare')"),
        sensitive=True,
    ),
    Metric(
        "vetting_days_to_decision",
        "Days to a vetting decision",
        STANDARDS,
        "Median days from application to decision, of decisions made in the month.",
        "",
        "decisions made in the month",
        "days",
        "decrease",
        "vetting_decisions",
        Median("{days:decided_date,received_date}", "decided_date IS NOT NULL"),
        from_counts=BinnedPercentile(
            "days_band", "outcome <> 'pending'", 0.5, bands=DECISION_BANDS
        ),
        sensitive=True,
    ),
    Metric(
        "vetting_backlog",
        "Vetting applications pending",
        STANDARDS,
        "Vetting applications still pending at the end of the month.",
        "applications pending",
        "",
        "applications",
        "decrease",
        "vetting_decisions",
        Count("outcome = 'pending'"),
        sensitive=True,
    ),
)


def _outcome_per_1000(code: str, name: str, outcome: str, what: str) -> Metric:
    return Metric(
        code,
        name,
        STANDARDS,
        f"Cases concluded in the month with {what}, per 1,000 police officers (FTE).",
        what,
        "police officers, FTE",
        "per 1,000 officers",
        "neutral",
        "misconduct_cases",
        CountPer(f"outcome = '{outcome}' AND {CONCLUDED}", per=1000, denominator="officers"),
        sensitive=True,
        from_counts=CountPer(
            f"outcome = '{outcome}' AND concluded_in_month", per=1000, denominator="officers"
        ),
        profile_chart=False,
    )


def _conclusion_days(code: str, name: str, quantile: float) -> Metric:
    which = "Median" if quantile == 0.5 else f"{round(quantile * 100)}th percentile of"
    return Metric(
        code,
        name,
        STANDARDS,
        f"{which} days from receipt to conclusion, of the cases concluded in the month.",
        "",
        "cases concluded in the month",
        "days",
        "decrease",
        "misconduct_cases",
        Percentile("{days:concluded_date,received_date}", CONCLUDED, quantile),
        sensitive=True,
        from_counts=BinnedPercentile(
            "days_band", "concluded_in_month", quantile, bands=CONCLUSION_BANDS
        ),
        profile_chart=False,
    )


STANDARDS_METRICS: tuple[Metric, ...] = (
    Metric(
        "misconduct_vawg_share",
        "Misconduct cases related to VAWG",
        STANDARDS,
        "Share of the misconduct cases received in the month that relate to violence against "
        "women and girls.",
        "cases received in the month related to violence against women and girls",
        "cases received in the month",
        "%",
        "neutral",
        "misconduct_cases",
        Share("vawg_related", "{in_month:received_date}"),
        sensitive=True,
        from_counts=Share("vawg_related", "received_in_month"),
        profile_chart=False,
    ),
    _conclusion_days("misconduct_days_median", "Days to conclude a case, median", 0.5),
    _conclusion_days("misconduct_days_p90", "Days to conclude a case, 90th percentile", 0.9),
    Metric(
        "misconduct_open_cases",
        "Misconduct cases open",
        STANDARDS,
        "Misconduct cases open at the end of the month.",
        "cases open at the month's end",
        "",
        "cases",
        # Neither way is flagged: a stock carries most of its cases from one month to the next,
        # so limits from its moving ranges are too narrow and a stable force would be flagged.
        # Its growth shows in the cases open over 12 months and on the standards pages.
        "neutral",
        "misconduct_cases",
        Count("concluded_date IS NULL"),
        from_counts=Count(OPEN_CELL),
        sensitive=True,
    ),
    _outcome_per_1000(
        "final_written_warnings_per_1000",
        "Final written warnings",
        "final_written_warning",
        "a final written warning",
    ),
    _outcome_per_1000(
        "written_warnings_per_1000", "Written warnings", "written_warning", "a written warning"
    ),
    _outcome_per_1000(
        "management_action_per_1000",
        "Management action",
        "management_action",
        "management action",
    ),
    _outcome_per_1000(
        "no_case_to_answer_per_1000",
        "No case to answer",
        "no_case_to_answer",
        "no case to answer",
    ),
    Metric(
        "accelerated_hearings_per_1000",
        "Accelerated hearings",
        STANDARDS,
        "Cases concluded in the month at an accelerated misconduct hearing (where the "
        "evidence of gross misconduct is incontrovertible), per 1,000 police officers (FTE).",
        "cases concluded at an accelerated hearing",
        "police officers, FTE",
        "per 1,000 officers",
        "neutral",
        "misconduct_cases",
        CountPer(
            f"proceeding_type = 'accelerated_hearing' AND {CONCLUDED}",
            per=1000,
            denominator="officers",
        ),
        sensitive=True,
        from_counts=CountPer(
            "proceeding_type = 'accelerated_hearing' AND concluded_in_month",
            per=1000,
            denominator="officers",
        ),
        profile_chart=False,
    ),
    Metric(
        "suspensions_per_1000",
        "Suspensions",
        STANDARDS,
        "Subjects of misconduct cases suspended in the month, per 1,000 police officers (FTE).",
        "suspensions begun in the month",
        "police officers, FTE",
        "per 1,000 officers",
        "neutral",
        "misconduct_cases",
        CountPer("{in_month:suspension_start}", per=1000, denominator="officers"),
        sensitive=True,
        from_counts=CountPer("suspension_began", per=1000, denominator="officers"),
        profile_chart=False,
    ),
    Metric(
        "appeals_upheld_share",
        "Appeals upheld",
        STANDARDS,
        "Share of the appeals the Police Appeals Tribunal decided in the month that it upheld.",
        "appeals upheld",
        "appeals decided in the month",
        "%",
        "neutral",
        "misconduct_cases",
        Share(
            "appeal_result = 'upheld'",
            "{in_month:appeal_decided_date} AND appeal_result IN ('upheld', 'dismissed')",
        ),
        sensitive=True,
        from_counts=Share("appeal_decided = 'upheld'", "appeal_decided <> ''"),
        profile_chart=False,
    ),
    Metric(
        "barred_list_on_time",
        "Dismissals notified to the barred list on time",
        STANDARDS,
        "Share of dismissals notified to the College of Policing barred list within the days "
        "set of their conclusion. Each dismissal counts once: in the month it was notified on "
        "time, or in the month its days ran out without a notification.",
        "dismissals notified on time in the month",
        "dismissals notified on time in the month, or whose days ran out in it",
        "%",
        "increase",
        "misconduct_cases",
        Share(
            NOTIFIED_ON_TIME,
            f"outcome = 'dismissal' AND (({{in_month:barred_list_notified_date}} AND "
            f"{NOTIFIED_ON_TIME}) OR ({{notice_due_in_month:concluded_date}} AND "
            f"(barred_list_notified_date IS NULL OR NOT {NOTIFIED_ON_TIME})))",
        ),
        sensitive=True,
        from_counts=Share("barred_list = 'on_time'", "barred_list <> ''"),
        profile_chart=False,
    ),
    Metric(
        "vetting_applications_received",
        "Vetting applications received",
        STANDARDS,
        "Vetting applications received in the month.",
        "applications received in the month",
        "",
        "applications",
        "neutral",
        "vetting_decisions",
        Count("{in_month:received_date}"),
        from_counts=Count("received_in_month"),
        sensitive=True,
        profile_chart=False,
    ),
    Metric(
        "vetting_decisions_made",
        "Vetting decisions made",
        STANDARDS,
        "Vetting applications decided in the month (granted, refused, withdrawn or revoked in "
        "aftercare).",
        "decisions made in the month",
        "",
        "decisions",
        "neutral",
        "vetting_decisions",
        Count("outcome <> 'pending'"),
        sensitive=True,
        profile_chart=False,
    ),
    Metric(
        "vetting_revocations_per_1000",
        "Vetting revoked in aftercare",
        STANDARDS,
        "Clearances revoked in aftercare in the month, per 1,000 police officers (FTE).",
        "clearances revoked in aftercare",
        "police officers, FTE",
        "per 1,000 officers",
        "neutral",
        "vetting_decisions",
        CountPer("outcome = 'revoked_in_aftercare'", per=1000, denominator="officers"),
        sensitive=True,
        profile_chart=False,
    ),
)

METRICS = METRICS + STANDARDS_METRICS


def _codes(subgroup: str) -> str:
    return _in("offence_code", OFFENCE_SUBGROUP_CODES[subgroup])


# Offence groups whose charge or summons rate is published, as the records and an aggregate
# return each name them: theft apart from burglary, which is a group of its own here.
CHARGED = "outcome_type = 1"
OUTCOME_GROUPS = (
    ("violence", "violence against the person", "offence_group = 'Violence against the person'"),
    ("sexual_offences", "sexual offences", "offence_group = 'Sexual offences'"),
    ("robbery", "robbery", "offence_group = 'Robbery'"),
    ("burglary", "burglary", (_codes("burglary"), "offence_subgroup = 'burglary'")),
    (
        "theft",
        "theft other than burglary",
        (
            f"offence_group = 'Theft offences' AND NOT {_codes('burglary')}",
            "offence_group = 'Theft offences' AND offence_subgroup <> 'burglary'",
        ),
    ),
    ("drugs", "drug offences", "offence_group = 'Drug offences'"),
    (
        "weapons",
        "possession of weapons offences",
        "offence_group = 'Possession of weapons offences'",
    ),
)


def _charge_rate(code: str, what: str, offences) -> Metric:
    records, counts = offences if isinstance(offences, tuple) else (offences, offences)
    return Metric(
        f"charge_rate_{code}",
        f"Charge or summons rate: {what}",
        CRIME,
        f"Share of {what} offences recorded in the month that have reached Home Office outcome 1 "
        "(charge or summons).",
        f"{what} offences with outcome type 1",
        f"{what} offences recorded in the month",
        "%",
        "increase",
        "recorded_crime",
        Share(CHARGED, records),
        from_counts=None if counts == records else Share(CHARGED, counts),
        profile_chart=False,
    )


# Safer town centres, a pillar of the Neighbourhood Policing Guarantee: the offences per 1,000
# residents, and the share charged or summonsed.
TOWN_CENTRE_OFFENCES = (
    (
        "shoplifting",
        "Shop theft",
        "shop thefts",
        _codes("shoplifting"),
        "offence_subgroup = 'shoplifting'",
    ),
    (
        "theft_from_the_person",
        "Theft from the person",
        "thefts from the person",
        _codes("theft_from_the_person"),
        "offence_subgroup = 'theft_from_the_person'",
    ),
    (
        "robbery_of_personal_property",
        "Robbery of personal property",
        "robberies of personal property",
        _codes("robbery_of_personal_property"),
        "offence_subgroup = 'robbery_of_personal_property'",
    ),
    (
        "retail_worker_assault",
        "Assaults on retail workers",
        "assaults on retail workers",
        "retail_worker_assault",
        "retail_worker_assault",
    ),
)


def _town_centre(code, name, what, records, counts) -> tuple[Metric, Metric]:
    same = records == counts
    return (
        Metric(
            f"{code}_rate",
            name,
            NEIGHBOURHOOD,
            f"{what.capitalize()} recorded in the month per 1,000 residents.",
            f"{what} recorded",
            "resident population",
            "per 1,000 residents",
            "decrease",
            "recorded_crime",
            CountPer(records, per=1000),
            from_counts=None if same else CountPer(counts, per=1000),
        ),
        Metric(
            f"{code}_charge_rate",
            f"{name}: charged or summonsed",
            NEIGHBOURHOOD,
            f"Share of {what} recorded in the month that have reached Home Office outcome 1 "
            "(charge or summons).",
            f"{what} with outcome type 1",
            f"{what} recorded in the month",
            "%",
            "increase",
            "recorded_crime",
            Share(CHARGED, records),
            from_counts=None if same else Share(CHARGED, counts),
            profile_chart=False,
        ),
    )


ANSWERED = "answered_at IS NOT NULL"
CRIME_AND_CALLS_METRICS: tuple[Metric, ...] = (
    *(_charge_rate(*group) for group in OUTCOME_GROUPS),
    *(m for offence in TOWN_CENTRE_OFFENCES for m in _town_centre(*offence)),
    Metric(
        "calls_answered_10_60s",
        "999 calls answered in 10 to 60 seconds",
        RESPONSE,
        "Share of 999 calls answered more than 10 and up to 60 seconds after connecting to the "
        "force, as the Home Office publishes 999 answer times.",
        "calls answered in over 10 and up to 60 seconds",
        "999 calls",
        "%",
        "decrease",
        "emergency_calls",
        Share(f"{ANSWERED} AND {ANSWER_S} > 10 AND {ANSWER_S} <= 60"),
        from_counts=Share(f"answered AND answer_band = '{ANSWER_BANDS.labels[1]}'"),
        profile_chart=False,
    ),
    Metric(
        "calls_answered_over_60s",
        "999 calls answered after 60 seconds or more",
        RESPONSE,
        "Share of 999 calls answered more than 60 seconds after connecting to the force.",
        "calls answered after more than 60 seconds",
        "999 calls",
        "%",
        "decrease",
        "emergency_calls",
        Share(f"{ANSWERED} AND {ANSWER_S} > 60"),
        from_counts=Share(f"answered AND answer_band = '{ANSWER_BANDS.labels[2]}'"),
        profile_chart=False,
    ),
    Metric(
        "call_answer_mean_s",
        "Mean time to answer a 999 call",
        RESPONSE,
        "Mean seconds from connect to answer, of the 999 calls answered.",
        "seconds to answer, summed",
        "999 calls answered",
        "seconds",
        "decrease",
        "emergency_calls",
        Mean(ANSWER_S, ANSWERED),
        from_counts=Mean("seconds_to_answer", "answered"),
        profile_chart=False,
    ),
)


# Stop and search (data.police.uk's own file). In the crime and anti-social behaviour area, not
# knife crime's: most searches are for drugs (about six in ten, Home Office, year ending March
# 2024) and these measure the use of the power as a whole. Disproportionality follows the Home
# Office's statistics: self-defined ethnicity (what the person searched says, not what the
# officer saw), searches whose ethnicity was not stated left out of every group, over the 2011
# Census residents of each group (forces.ethnicity).
def _self_defined(prefix: str) -> str:
    return f"starts_with(self_defined_ethnicity, '{prefix}')"


BLACK, ASIAN, WHITE = _self_defined("Black/"), _self_defined("Asian/"), _self_defined("White - ")


def _group(group: str) -> str:
    return f"self_defined_ethnic_group = '{group}'"


def _disproportionality(group: str, filter: str, improvement: str, **more) -> Metric:
    return Metric(
        f"stop_search_ratio_{group.lower()}_white",
        f"Stop and search of {group} people against White people",
        CRIME,
        f"Searches per 1,000 {group} residents over searches per 1,000 White residents, by "
        "the self-defined ethnicity of the person searched (searches with none stated left out) "
        "and the 2011 Census residents of each group: how many times as likely a "
        f"{group} person is to be searched. Shown with its 95% confidence interval; no ratio "
        "where either group has no search.",
        f"searches of {group} people (self-defined), per {group} resident",
        "searches of White people (self-defined), per White resident",
        "ratio",
        improvement,
        "stop_and_search",
        RateRatio(filter, WHITE, group.lower()),
        from_counts=RateRatio(_group(group), _group("White"), group.lower()),
        **more,
    )


STOP_AND_SEARCH_METRICS: tuple[Metric, ...] = (
    Metric(
        "stop_search_rate",
        "Stop and search rate",
        CRIME,
        "Stop and searches (of people, vehicles or both) per 1,000 residents in the month.",
        "stop and searches",
        "resident population",
        "per 1,000 residents",
        # More searches are not better or worse in themselves: what they find is.
        "neutral",
        "stop_and_search",
        CountPer("1 = 1", per=1000),
    ),
    Metric(
        "stop_search_find_rate",
        "Stop and search find rate",
        CRIME,
        "Share of stop and searches whose outcome was linked to the object of the search (the "
        "officer found what they were looking for), of the searches where that is recorded.",
        "searches with an outcome linked to the object of search",
        "searches where the link is recorded",
        "%",
        "increase",
        "stop_and_search",
        Share("outcome_linked", "outcome_linked IS NOT NULL"),
    ),
    Metric(
        "stop_search_arrest_rate",
        "Stop and search arrest rate",
        CRIME,
        "Share of stop and searches whose outcome was an arrest. Neither direction is better "
        "in itself: a find may end in a community resolution or a cannabis warning instead.",
        "searches ending in arrest",
        "stop and searches",
        "%",
        "neutral",
        "stop_and_search",
        Share("outcome = 'Arrest'"),
        profile_chart=False,
    ),
    # Black people are searched more often than White people in every force: a fall is a
    # step towards parity.
    _disproportionality("Black", BLACK, "decrease"),
    # Near parity, and below it in some forces: neither direction is better everywhere.
    _disproportionality("Asian", ASIAN, "neutral", profile_chart=False),
)

METRICS = METRICS + CRIME_AND_CALLS_METRICS + STOP_AND_SEARCH_METRICS

# The Neighbourhood Policing Guarantee (April 2025): a meaningful response to a neighbourhood
# query within 72 hours; a named, contactable officer and local priorities reviewed with the
# community at least every 3 months in every neighbourhood.
QUERY_ANSWERED = "first_meaningful_response_at IS NOT NULL"
QUERY_HOURS = "{hours:first_meaningful_response_at,received_at}"
H = QUERY_RESPONSE_HOURS
NEIGHBOURHOOD_GUARANTEE_METRICS: tuple[Metric, ...] = (
    Metric(
        "neighbourhood_queries_72h",
        f"Neighbourhood queries answered within {H} hours",
        NEIGHBOURHOOD,
        f"Share of the queries from the public to neighbourhood teams received in the month "
        f"that had a first meaningful response within {H} hours of receipt. The return is "
        f"compiled after the month ends, so a query counts once its result is known: every "
        f"query whose {H} hours had run out by the month's end (answered in time, late or not "
        f"at all), and those received in the month's last {H} hours that had been answered "
        f"when the return was compiled. One received then and still unanswered is pending, "
        f"not missed, and is left out: its {H} hours may not have run out.",
        f"queries answered within {H} hours",
        f"queries received in the month whose {H} hours had ended by its end, or that were "
        "answered",
        "%",
        "increase",
        "neighbourhood_queries",
        Share(
            f"{QUERY_ANSWERED} AND {QUERY_HOURS} <= {H}",
            f"{{ended_by_month_end:received_at,{H}}} OR {QUERY_ANSWERED}",
        ),
        from_counts=Share(
            _in("response_band", RESPONSE_HOURS_BANDS.up_to(H)),
            f"window_ended OR response_band <> '{NOT_ANSWERED}'",
        ),
    ),
    Metric(
        "neighbourhood_query_median_h",
        "Time to answer a neighbourhood query, median",
        NEIGHBOURHOOD,
        "Median hours from receipt to the first meaningful response, of the queries received "
        "in the month that had been answered when the return was compiled.",
        "",
        "queries received in the month and answered",
        "hours",
        "decrease",
        "neighbourhood_queries",
        Median(QUERY_HOURS, QUERY_ANSWERED),
        from_counts=BinnedPercentile(
            "response_band",
            f"response_band <> '{NOT_ANSWERED}'",
            0.5,
            bands=RESPONSE_HOURS_BANDS,
        ),
        profile_chart=False,
    ),
    Metric(
        "neighbourhood_named_officer",
        "Neighbourhoods with a named, contactable officer",
        NEIGHBOURHOOD,
        "Share of the force's neighbourhoods for which, at the month's end, a named officer or "
        "PCSO is published who can be contacted directly (a published email address or phone "
        "number).",
        "neighbourhoods with a named officer who can be contacted directly",
        "neighbourhoods at the month's end",
        "%",
        "increase",
        "neighbourhood_coverage",
        Share("named_officer AND contactable"),
    ),
    Metric(
        "neighbourhood_priorities_updated",
        f"Neighbourhood priorities updated within {PRIORITIES_REVIEW_MONTHS} months",
        NEIGHBOURHOOD,
        f"Share of the force's neighbourhoods whose local priorities were last reviewed with "
        f"the community within {PRIORITIES_REVIEW_MONTHS} months of the month's end: in the "
        f"month or the {PRIORITIES_REVIEW_MONTHS - 1} before it. A neighbourhood never reviewed, "
        "or with a date after the month's end, counts as not updated.",
        f"neighbourhoods whose priorities were reviewed in the last {PRIORITIES_REVIEW_MONTHS} "
        "months",
        "neighbourhoods at the month's end",
        "%",
        "increase",
        "neighbourhood_coverage",
        Share(f"{{in_last_months:priorities_updated_date,{PRIORITIES_REVIEW_MONTHS}}}"),
    ),
)

METRICS = METRICS + NEIGHBOURHOOD_GUARANTEE_METRICS


def _survey_share(measure: str) -> SummedShare:
    """The weighted share of a survey's measure, as weighted respondents agreeing out of the
    unweighted respondents: a funnel then compares forces by the size of their samples."""
    where = f"CASE WHEN measure = '{measure}' THEN"
    return SummedShare(
        f"{where} weighted_share * respondents / 100.0 ELSE 0 END",
        f"{where} respondents ELSE 0 END",
    )


# Use of force is counted by the Home Office with crime and arrests, and follows them: more
# incidents may mean more violence met, more arrests or fuller recording (the statistics were
# experimental until 2021), so neither direction is better in itself; nor is a larger share
# involving a Taser, a tactic that may stand in for a more injurious one. Public confidence
# and victim satisfaction belong to the neighbourhood policing guarantee, better when higher;
# their minimum thresholds are set by an administrator (MetricTarget), none being published.
USE_OF_FORCE_AND_SURVEY_METRICS: tuple[Metric, ...] = (
    Metric(
        "use_of_force_rate",
        "Use of force incidents",
        CRIME,
        "Incidents in which officers used force (any tactic but tactical communication alone), "
        "per 1,000 residents in the month, as the Home Office's use of force statistics count "
        "them.",
        "use of force incidents",
        "resident population",
        "per 1,000 residents",
        "neutral",
        "use_of_force",
        SummedCountPer("1 = 1", per=1000, counted="incidents"),
    ),
    Metric(
        "use_of_force_taser_share",
        "Use of force involving a Taser",
        CRIME,
        "Share of use of force incidents in the month in which a conducted energy device "
        "(Taser) was drawn, aimed, red-dotted, arced, drive-stunned or fired.",
        "incidents involving a Taser",
        "use of force incidents",
        "%",
        "neutral",
        "use_of_force",
        SummedShare("CASE WHEN ced_highest_use <> 'none' THEN incidents ELSE 0 END", "incidents"),
        profile_chart=False,
    ),
    Metric(
        "public_confidence",
        "Public confidence in the local police",
        NEIGHBOURHOOD,
        "Weighted share of survey respondents in the quarter who agree that the police in "
        "their local area are doing a good job.",
        "respondents agreeing, weighted, as a number of the respondents",
        "respondents, unweighted",
        "%",
        "increase",
        "confidence_surveys",
        _survey_share("public_confidence"),
    ),
    Metric(
        "victim_satisfaction",
        "Victim satisfaction with the service",
        NEIGHBOURHOOD,
        "Weighted share of victims surveyed in the quarter who were satisfied with the "
        "service the police gave them overall.",
        "victims satisfied, weighted, as a number of the respondents",
        "victims surveyed, unweighted",
        "%",
        "increase",
        "confidence_surveys",
        _survey_share("victim_satisfaction"),
    ),
)

METRICS = METRICS + USE_OF_FORCE_AND_SURVEY_METRICS

METRICS_BY_CODE: dict[str, Metric] = {m.code: m for m in METRICS}

# The priority areas in the order the pages show them, each with its headline metric.
PRIORITY_AREAS: tuple[str, ...] = (KNIFE, VAWG, NEIGHBOURHOOD, RESPONSE, CSA, STANDARDS, CRIME)
HEADLINES: dict[str, Metric] = {m.priority_area: m for m in METRICS if m.headline}


def metrics_of_dataset(code: str) -> list[Metric]:
    return [m for m in METRICS if m.dataset == code]
