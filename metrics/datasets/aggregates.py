"""Aggregate returns: each record-level dataset's twin for history and for forces that cannot
yet send records. A row is one cell of a table of counts for the force's month, by the
categories its metrics need; timings come as counts in bands (Bands), as the Home Office
publishes 999 answer times. The columns a metric's filter reads carry the records' names, so
one declaration of a metric serves both kinds where it can (metrics/catalogue/)."""

from dataclasses import replace

from metrics.datasets.columns import (
    BOOLEAN,
    DECIMAL,
    FALSE_VALUES,
    INTEGER,
    MONTH,
    TEXT,
    Bands,
    Column,
    Dataset,
    RequiredUnless,
)
from metrics.datasets.declarations import (
    APPEAL_RESULTS,
    ETHNIC_GROUPS,
    INCIDENT_RESPONSE,
    MISCONDUCT_CASES,
    MISCONDUCT_OUTCOMES,
    NEIGHBOURHOOD_QUERIES,
    NOT_STATED,
    OFFENCE_SUBGROUP_CODES,
    QUERY_RESPONSE_HOURS,
    RECORDED_CRIME,
    STOP_AND_SEARCH,
    STREET_CRIME,
    VETTING_DECISIONS,
)

ANSWER_BANDS = Bands("seconds", (10, 60))
ATTENDANCE_BANDS = Bands("minutes", (5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 720, 1440))
DECISION_BANDS = Bands("days", (7, 14, 30, 60, 90, 180, 365))
# Days from receipt to conclusion of a misconduct case.
CONCLUSION_BANDS = Bands("days", (90, 180, 365, 540, 730))
# Hours from receipt to the first meaningful response to a neighbourhood query; the 72 hours of
# the Neighbourhood Policing Guarantee are an edge.
RESPONSE_HOURS_BANDS = Bands("hours", (4, 12, 24, 48, QUERY_RESPONSE_HOURS, 120, 168, 336))
NOT_ANSWERED = "not_answered"  # the response band of a query with no response yet
# How long a misconduct case open at the month's end has been open, in whole calendar months
# from the month it was received (so "12 months or more" is the metric's "open over 12
# months"): each band holds lower <= months < upper.
OPEN_CASE_AGES: tuple[tuple[str, int, int | None], ...] = (
    ("under_3_months", 0, 3),
    ("3_to_6_months", 3, 6),
    ("6_to_12_months", 6, 12),
    ("12_to_24_months", 12, 24),
    ("24_months_or_more", 24, None),
)
OPEN_CASE_AGE_LABELS = {
    "under_3_months": "Under 3 months",
    "3_to_6_months": "3 to 6 months",
    "6_to_12_months": "6 to 12 months",
    "12_to_24_months": "12 to 24 months",
    "24_months_or_more": "24 months or more",
}


def months_open(received, period) -> int:
    """Whole calendar months from the month a case was received to the month `period`."""
    return (period.year - received.year) * 12 + period.month - received.month


def open_case_age(months: int) -> str:
    """The band of OPEN_CASE_AGES holding a case open `months` months."""
    return next(
        code
        for code, lower, upper in OPEN_CASE_AGES
        if months >= lower and (upper is None or months < upper)
    )


def open_case_age_sql(received_column: str, period) -> str:
    """SQL placing an open case received on `received_column` in its band at month `period`."""
    year, month = (f"EXTRACT({part} FROM {received_column})" for part in ("YEAR", "MONTH"))
    months = f"(({period.year} - {year}) * 12 + {period.month} - {month})"
    whens = " ".join(
        f"WHEN {months} < {upper} THEN '{code}'" for code, _, upper in OPEN_CASE_AGES if upper
    )
    return f"CASE {whens} ELSE '{OPEN_CASE_AGES[-1][0]}' END"


def _head(twin: str) -> tuple[Column, ...]:
    return (
        Column(
            "force", "force", TEXT, "The force's data.police.uk id, e.g. durham.", max_length=64
        ),
        Column("month", "month", MONTH, f"The month of the {twin} counted, YYYY-MM."),
    )


def _count(field: str, what: str) -> Column:
    return Column(field, field, INTEGER, f"How many {what} fall in this row's cell.", minimum=0)


def _band(field: str, bands: Bands, what: str, *, required: bool = True) -> Column:
    return Column(
        field,
        field,
        TEXT,
        f"{what}, in {bands.unit}: a band 'a-b' holds values over a and up to b, "
        f"'{bands.labels[-1]}' those over {bands.edges[-1]}."
        + ("" if required else " Blank where there is none."),
        required=required,
        choices=bands.labels,
    )


def _same_as(dataset: Dataset, *fields: str) -> tuple[Column, ...]:
    """The record-level dataset's own columns, so a metric's filter reads both kinds alike."""
    return tuple(dataset.column(f) for f in fields)


def aggregate_of(twin: str, *, name: str, model_name: str, columns, weight: str, **more):
    return Dataset(
        code=f"{twin}_aggregate",
        name=f"{name} (aggregate)",
        version=1,
        description=f"Monthly counts of {name.lower()} by the categories the metrics need, for "
        "months a force cannot send as records (history, or before its collection of records "
        "starts). One file may hold many months for history, split into monthly returns.",
        grain="one cell of the month's table of counts",
        model_name=model_name,
        period_field="month",
        columns=(*_head(name.lower()), *columns),
        weight=weight,
        twin_of=twin,
        small=True,
        **more,
    )


STREET_CRIME_AGGREGATE = aggregate_of(
    "street_crime",
    name="Street-level crime and anti-social behaviour",
    model_name="StreetCrimeAggregate",
    columns=(
        *_same_as(STREET_CRIME, "crime_type", "last_outcome"),
        _count("crimes", "crimes or incidents"),
    ),
    weight="crimes",
)

RECORDED_CRIME_AGGREGATE_V1 = aggregate_of(
    "recorded_crime",
    name="Police recorded crime",
    model_name="RecordedCrimeAggregate",
    columns=(
        *_same_as(
            RECORDED_CRIME,
            "offence_group",
            "knife_or_sharp_instrument",
            "domestic_abuse",
            "child_sexual_abuse",
            "victim_sex",
            "outcome_type",
        ),
        _count("offences", "offences recorded in the month"),
    ),
    weight="offences",
)

EMERGENCY_CALLS_AGGREGATE_V1 = aggregate_of(
    "emergency_calls",
    name="999 calls",
    model_name="EmergencyCallAggregate",
    columns=(
        Column("answered", "answered", BOOLEAN, "The calls were answered (false: abandoned)."),
        _band("answer_band", ANSWER_BANDS, "Time from connect to answer", required=False),
        _count("calls", "999 calls presented in the month"),
    ),
    weight="calls",
    row_rules=(
        RequiredUnless(
            "band_when_answered",
            "answer_band",
            "answered",
            FALSE_VALUES,
            "Answered calls need their answer_band.",
        ),
    ),
    due_day=10,
)

INCIDENT_RESPONSE_AGGREGATE = aggregate_of(
    "incident_response",
    name="Incident response",
    model_name="IncidentResponseAggregate",
    columns=(
        *_same_as(INCIDENT_RESPONSE, "grade", "area_type"),
        Column("attended", "attended", BOOLEAN, "A resource arrived."),
        _band(
            "attendance_band",
            ATTENDANCE_BANDS,
            "Time from call connect to the first arrival",
            required=False,
        ),
        _count("incidents", "incidents created in the month"),
    ),
    weight="incidents",
    row_rules=(
        RequiredUnless(
            "band_when_attended",
            "attendance_band",
            "attended",
            FALSE_VALUES,
            "Attended incidents need their attendance_band.",
        ),
    ),
    due_day=10,
)

MISCONDUCT_CASES_AGGREGATE_V1 = aggregate_of(
    "misconduct_cases",
    name="Misconduct cases",
    model_name="MisconductCaseAggregate",
    columns=(
        Column(
            "received_in_month",
            "received_in_month",
            BOOLEAN,
            "The cases were received in the month.",
        ),
        Column(
            "concluded_in_month",
            "concluded_in_month",
            BOOLEAN,
            "The cases were concluded in the month (false: open at its end).",
        ),
        Column(
            "open_over_12_months",
            "open_over_12_months",
            BOOLEAN,
            "Open at the month's end and received more than 12 months before it.",
        ),
        Column(
            "outcome",
            "outcome",
            TEXT,
            "Outcome of the cases concluded; blank while open.",
            required=False,
            choices=MISCONDUCT_OUTCOMES,
        ),
        _count("cases", "conduct cases open at any time in the month"),
        Column(
            "days_to_conclude",
            "days_to_conclude",
            DECIMAL,
            "Days from receipt to conclusion, summed over the cell's cases concluded in the "
            "month; blank where none concluded.",
            required=False,
            minimum=0,
        ),
    ),
    weight="cases",
    row_rules=(
        RequiredUnless(
            "days_when_concluded",
            "days_to_conclude",
            "concluded_in_month",
            FALSE_VALUES,
            "Cases concluded in the month need their days_to_conclude.",
        ),
    ),
    due_day=20,
)

VETTING_DECISIONS_AGGREGATE_V1 = aggregate_of(
    "vetting_decisions",
    name="Vetting decisions",
    model_name="VettingDecisionAggregate",
    columns=(
        *_same_as(VETTING_DECISIONS, "outcome"),
        _band(
            "days_band",
            DECISION_BANDS,
            "Days from application to decision",
            required=False,
        ),
        _count("applications", "applications decided in the month or pending at its end"),
    ),
    weight="applications",
    row_rules=(
        RequiredUnless(
            "band_when_decided",
            "days_band",
            "outcome",
            ("pending",),
            "Decided applications need their days_band.",
        ),
    ),
    due_day=20,
)

NEIGHBOURHOOD_QUERIES_AGGREGATE = aggregate_of(
    "neighbourhood_queries",
    name="Neighbourhood queries",
    model_name="NeighbourhoodQueryAggregate",
    columns=(
        *_same_as(NEIGHBOURHOOD_QUERIES, "channel"),
        Column(
            "response_band",
            "response_band",
            TEXT,
            "Hours from receipt to the first meaningful response: a band 'a-b' holds values "
            f"over a and up to b, '{RESPONSE_HOURS_BANDS.labels[-1]}' those over "
            f"{RESPONSE_HOURS_BANDS.edges[-1]}; '{NOT_ANSWERED}' for queries not yet answered "
            "when the return was compiled.",
            choices=(*RESPONSE_HOURS_BANDS.labels, NOT_ANSWERED),
        ),
        Column(
            "window_ended",
            "window_ended",
            BOOLEAN,
            f"The queries' {QUERY_RESPONSE_HOURS} hours from receipt had ended by the month's "
            "end (false for those received in its last hours).",
        ),
        _count("queries", "queries received in the month"),
    ),
    weight="queries",
    due_day=20,
)

RECORDED_CRIME_AGGREGATE = RECORDED_CRIME_AGGREGATE_V1.next_version(
    columns=(
        Column(
            "offence_subgroup",
            "offence_subgroup",
            TEXT,
            "The subgroup the outcomes and safer town centres measures single out, by Home "
            "Office offence code: "
            + "; ".join(
                f"{name} ({', '.join(codes)})" for name, codes in OFFENCE_SUBGROUP_CODES.items()
            )
            + "; 'other' for every other offence.",
            choices=(*OFFENCE_SUBGROUP_CODES, "other"),
        ),
        *_same_as(RECORDED_CRIME, "retail_worker_assault"),
    ),
)

EMERGENCY_CALLS_AGGREGATE = EMERGENCY_CALLS_AGGREGATE_V1.next_version(
    columns=(
        Column(
            "seconds_to_answer",
            "seconds_to_answer",
            DECIMAL,
            "Seconds from connect to answer, summed over the cell's answered calls; blank for "
            "abandoned calls.",
            required=False,
            minimum=0,
        ),
    ),
    row_rules=(
        RequiredUnless(
            "seconds_when_answered",
            "seconds_to_answer",
            "answered",
            FALSE_VALUES,
            "Answered calls need their seconds_to_answer.",
        ),
    ),
)

MISCONDUCT_CASES_AGGREGATE = MISCONDUCT_CASES_AGGREGATE_V1.next_version(
    description="Monthly counts of misconduct cases by the categories the metrics need, for "
    "months a force cannot send as records. The cells count the cases open at any time in the "
    "month; and, concluded before it (received_in_month and concluded_in_month false, with "
    "their outcome), the dismissals whose barred-list notification was outstanding at its "
    "start and the cases whose appeal the tribunal decided in it. One file may hold many "
    "months for history, split into monthly returns.",
    columns=(
        *_same_as(MISCONDUCT_CASES, "allegation_category", "vawg_related", "proceeding_type"),
        Column(
            "open_band",
            "open_band",
            TEXT,
            "For cases open at the month's end: whole calendar months since the month they "
            "were received, in bands. Blank for concluded cases.",
            required=False,
            choices=tuple(code for code, _, _ in OPEN_CASE_AGES),
        ),
        _band(
            "days_band",
            CONCLUSION_BANDS,
            "For cases concluded in the month: days from receipt to conclusion",
            required=False,
        ),
        Column(
            "suspension_began",
            "suspension_began",
            BOOLEAN,
            "The subject of the cases was suspended in the month.",
        ),
        Column(
            "barred_list",
            "barred_list",
            TEXT,
            "For dismissals: 'on_time' where the force notified the College of Policing barred "
            "list in the month within the days set of the conclusion, 'late' where those days "
            "ran out in the month without a notification; blank otherwise.",
            required=False,
            choices=("on_time", "late"),
        ),
        Column(
            "appeal_decided",
            "appeal_decided",
            TEXT,
            "The result of an appeal the Police Appeals Tribunal decided in the month; blank "
            "without one.",
            required=False,
            choices=tuple(r for r in APPEAL_RESULTS if r != "pending"),
        ),
    ),
    row_rules=(
        RequiredUnless(
            "band_when_open",
            "open_band",
            "outcome",
            MISCONDUCT_OUTCOMES,
            "Cases open at the month's end need their open_band.",
        ),
        RequiredUnless(
            "band_when_concluded",
            "days_band",
            "concluded_in_month",
            FALSE_VALUES,
            "Cases concluded in the month need their days_band.",
        ),
    ),
)

VETTING_DECISIONS_AGGREGATE = VETTING_DECISIONS_AGGREGATE_V1.next_version(
    columns=(
        Column(
            "received_in_month",
            "received_in_month",
            BOOLEAN,
            "The applications were received in the month.",
        ),
        *_same_as(VETTING_DECISIONS, "applicant_type", "clearance_level"),
    ),
)


def _named_by_field(*columns: Column) -> tuple[Column, ...]:
    """Columns of a record-level file with spaced headers (data.police.uk's), headed by their
    field names in the aggregate, as its other columns are."""
    return tuple(replace(c, header=c.field) for c in columns)


STOP_AND_SEARCH_AGGREGATE = aggregate_of(
    "stop_and_search",
    name="Stop and search",
    model_name="StopAndSearchAggregate",
    columns=(
        *_named_by_field(*_same_as(STOP_AND_SEARCH, "type")),
        Column(
            "self_defined_ethnic_group",
            "self_defined_ethnic_group",
            TEXT,
            "The five-way group of the self-defined ethnicity of the people searched, or "
            f"'{NOT_STATED}' where none was given (blank, or 'Other ethnic group - Not stated').",
            choices=(*ETHNIC_GROUPS, NOT_STATED),
        ),
        *_named_by_field(
            *_same_as(
                STOP_AND_SEARCH,
                "officer_defined_ethnicity",
                "legislation",
                "outcome",
                "outcome_linked",
            )
        ),
        _count("searches", "searches"),
    ),
    weight="searches",
)

AGGREGATES: dict[str, Dataset] = {
    d.code: d
    for d in (
        STREET_CRIME_AGGREGATE,
        RECORDED_CRIME_AGGREGATE,
        EMERGENCY_CALLS_AGGREGATE,
        INCIDENT_RESPONSE_AGGREGATE,
        MISCONDUCT_CASES_AGGREGATE,
        VETTING_DECISIONS_AGGREGATE,
        STOP_AND_SEARCH_AGGREGATE,
        NEIGHBOURHOOD_QUERIES_AGGREGATE,
    )
}
