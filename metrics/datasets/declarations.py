"""The datasets forces return, each declared once (see metrics/datasets/columns.py)."""

from metrics.datasets.columns import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    FALSE_VALUES,
    INTEGER,
    MONTH,
    TEXT,
    TRUE_VALUES,
    Column,
    Compare,
    Dataset,
    Deadline,
    RequiredUnless,
    Requires,
)


def _force_column() -> Column:
    return Column(
        "force", "force", TEXT, "The force's data.police.uk id, e.g. durham.", max_length=64
    )


CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
    "Other crime",
)
STREET_OUTCOMES = (
    "Action to be taken by another organisation",
    "Awaiting court outcome",
    "Court case unable to proceed",
    "Court result unavailable",
    "Defendant found not guilty",
    "Defendant sent to Crown Court",
    "Formal action is not in the public interest",
    "Further action is not in the public interest",
    "Further investigation is not in the public interest",
    "Investigation complete; no suspect identified",
    "Local resolution",
    "Offender deprived of property",
    "Offender fined",
    "Offender given a caution",
    "Offender given a drugs possession warning",
    "Offender given absolute discharge",
    "Offender given community sentence",
    "Offender given conditional discharge",
    "Offender given penalty notice",
    "Offender given suspended prison sentence",
    "Offender ordered to pay compensation",
    "Offender otherwise dealt with",
    "Offender sent to prison",
    "Status update unavailable",
    "Suspect charged as part of another case",
    "Unable to prosecute suspect",
    "Under investigation",
)
OFFENCE_GROUPS = (
    "Violence against the person",
    "Sexual offences",
    "Robbery",
    "Theft offences",
    "Criminal damage and arson",
    "Drug offences",
    "Possession of weapons offences",
    "Public order offences",
    "Miscellaneous crimes against society",
)
# The offences the safer town centres and outcomes measures single out, by Home Office offence
# code: the records name the code, an aggregate return the subgroup.
OFFENCE_SUBGROUP_CODES = {
    "burglary": ("28E", "28F", "28G", "28H", "30C", "30D"),
    "shoplifting": ("46",),
    "theft_from_the_person": ("39",),
    "robbery_of_personal_property": ("34B",),
}
WORKFORCE_FUNCTIONS = (
    "neighbourhood",
    "response",
    "investigation",
    "public_protection",
    "intelligence",
    "operational_support",
    "organisational_support",
    "other",
)
ALLEGATION_CATEGORIES = (
    "Honesty and integrity",
    "Authority, respect and courtesy",
    "Equality and diversity",
    "Use of force",
    "Orders and instructions",
    "Duties and responsibilities",
    "Confidentiality",
    "Fitness for work",
    "Discreditable conduct",
    "Challenging and reporting improper conduct",
)
MISCONDUCT_OUTCOMES = (
    "no_case_to_answer",
    "reflective_practice",
    "management_action",
    "written_warning",
    "final_written_warning",
    "reduction_in_rank",
    "dismissal",
    "no_further_action",
)
STAFF_ROLES = ("officer", "staff", "special", "pcso")
# The Police (Conduct) Regulations 2020, as the Home Office's misconduct statistics count them.
PROCEEDING_TYPES = ("misconduct_meeting", "misconduct_hearing", "accelerated_hearing")
FINDINGS = ("misconduct_proven", "gross_misconduct_proven", "not_proven")
PROVEN_FINDINGS = ("misconduct_proven", "gross_misconduct_proven")
APPEAL_RESULTS = ("upheld", "dismissed", "pending")  # at the Police Appeals Tribunal
VETTING_OUTCOMES = ("granted", "refused", "withdrawn", "revoked_in_aftercare", "pending")
REFUSAL_REASONS = (
    "convictions_or_cautions",
    "adverse_intelligence",
    "associations",
    "financial_vulnerability",
    "honesty_in_application",
    "misconduct_history",
    "insufficient_checkable_history",
    "other",
)
# How a member of the public reached a neighbourhood team with a query.
QUERY_CHANNELS = ("email", "online_form", "phone", "social_media", "in_person", "letter")
# The Neighbourhood Policing Guarantee (Home Office, April 2025): a meaningful response to a
# neighbourhood query within 72 hours, local priorities reviewed with the community at least
# every 3 months.
QUERY_RESPONSE_HOURS = 72
PRIORITIES_REVIEW_MONTHS = 3
AFTERCARE_TRIGGERS = (
    "change_of_circumstances",
    "arrest_or_charge",
    "misconduct_or_complaint",
    "adverse_intelligence",
    "financial_concern",
    "periodic_review",
    "other",
)

STOP_SEARCH_TYPES = ("Person search", "Person and Vehicle search", "Vehicle search")
GENDERS = ("Male", "Female", "Other")
AGE_RANGES = ("under 10", "10-17", "18-24", "25-34", "over 34")
# Self-defined ethnicity as data.police.uk writes it: the 2011 Census's 18 categories under
# their five groups, and "not stated".
SELF_DEFINED_ETHNICITIES = (
    "White - English/Welsh/Scottish/Northern Irish/British",
    "White - Irish",
    "White - Gypsy or Irish Traveller",
    "White - Any other White background",
    "Mixed/Multiple ethnic groups - White and Black Caribbean",
    "Mixed/Multiple ethnic groups - White and Black African",
    "Mixed/Multiple ethnic groups - White and Asian",
    "Mixed/Multiple ethnic groups - Any other Mixed/Multiple ethnic background",
    "Asian/Asian British - Indian",
    "Asian/Asian British - Pakistani",
    "Asian/Asian British - Bangladeshi",
    "Asian/Asian British - Chinese",
    "Asian/Asian British - Any other Asian background",
    "Black/African/Caribbean/Black British - African",
    "Black/African/Caribbean/Black British - Caribbean",
    "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background",
    "Other ethnic group - Arab",
    "Other ethnic group - Any other ethnic group",
    "Other ethnic group - Not stated",
)
ETHNIC_GROUPS = ("Asian", "Black", "Mixed", "Other", "White")
NOT_STATED = "Not stated"
# The group of a self-defined ethnicity, by the text before " - " (a blank is not stated).
SELF_DEFINED_GROUP_PREFIX = {
    "White": "White",
    "Mixed/Multiple ethnic groups": "Mixed",
    "Asian/Asian British": "Asian",
    "Black/African/Caribbean/Black British": "Black",
    "Other ethnic group": "Other",
}


def self_defined_group(ethnicity: str) -> str:
    """The five-way group of a self-defined ethnicity, or "Not stated"."""
    if not ethnicity or ethnicity == "Other ethnic group - Not stated":
        return NOT_STATED
    return SELF_DEFINED_GROUP_PREFIX[ethnicity.split(" - ", 1)[0]]


STOP_SEARCH_OUTCOMES = (
    "A no further action disposal",
    "Arrest",
    "Caution (simple or conditional)",
    "Community resolution",
    "Khat or Cannabis warning",
    "Penalty Notice for Disorder",
    "Summons / charged by post",
)

STREET_CRIME = Dataset(
    code="street_crime",
    name="Street-level crime and anti-social behaviour",
    version=1,
    description="The data.police.uk street-level CSV, exactly as published: one row per crime "
    "or anti-social behaviour incident, located approximately.",
    grain="one crime or ASB incident",
    model_name="StreetCrimeRecord",
    period_field="month",
    force_field="falls_within",
    force_match="name",
    columns=(
        Column(
            "Crime ID",
            "crime_id",
            TEXT,
            "Anonymised crime id; blank for anti-social "
            "behaviour. Not unique: a crime can appear more than once.",
            required=False,
            max_length=64,
        ),
        Column("Month", "month", MONTH, "Month of the crime, YYYY-MM; must be the return's."),
        Column("Reported by", "reported_by", TEXT, "Force that supplied the record."),
        Column(
            "Falls within",
            "falls_within",
            TEXT,
            "Force whose area it falls within; must be the returning force.",
        ),
        Column(
            "Longitude",
            "longitude",
            DECIMAL,
            "Anonymised longitude (WGS84).",
            required=False,
            minimum=-180,
            maximum=180,
        ),
        Column(
            "Latitude",
            "latitude",
            DECIMAL,
            "Anonymised latitude (WGS84).",
            required=False,
            minimum=-90,
            maximum=90,
        ),
        Column("Location", "location", TEXT, "Anonymised location, or 'No Location'."),
        Column(
            "LSOA code",
            "lsoa_code",
            TEXT,
            "Lower layer super output area code.",
            required=False,
            max_length=9,
        ),
        Column(
            "LSOA name", "lsoa_name", TEXT, "Lower layer super output area name.", required=False
        ),
        Column(
            "Crime type", "crime_type", TEXT, "data.police.uk crime category.", choices=CRIME_TYPES
        ),
        Column(
            "Last outcome category",
            "last_outcome",
            TEXT,
            "Latest outcome; blank for anti-social behaviour.",
            required=False,
            choices=STREET_OUTCOMES,
        ),
        Column(
            "Context",
            "context",
            TEXT,
            "Extra context; usually blank.",
            required=False,
            max_length=2000,
        ),
    ),
)

RECORDED_CRIME_V1 = Dataset(
    code="recorded_crime",
    name="Police recorded crime",
    version=1,
    description="One row per notifiable offence recorded in the month, with Home Office "
    "offence code, flags and outcome.",
    grain="one notifiable offence",
    model_name="RecordedCrimeRecord",
    period_field="recorded_date",
    unique_key=("crime_ref",),
    columns=(
        _force_column(),
        Column(
            "crime_ref",
            "crime_ref",
            TEXT,
            "Pseudonymised crime reference, unique in the return.",
            max_length=64,
        ),
        Column(
            "recorded_date",
            "recorded_date",
            DATE,
            "Date the crime was recorded; must fall in the return's month.",
        ),
        Column(
            "offence_code", "offence_code", TEXT, "Home Office offence code, e.g. 8N.", max_length=8
        ),
        Column(
            "offence_group",
            "offence_group",
            TEXT,
            "Home Office offence group.",
            choices=OFFENCE_GROUPS,
        ),
        Column(
            "knife_or_sharp_instrument",
            "knife_or_sharp_instrument",
            BOOLEAN,
            "A knife or sharp instrument was used or threatened.",
        ),
        Column("domestic_abuse", "domestic_abuse", BOOLEAN, "Flagged as domestic abuse."),
        Column(
            "child_sexual_abuse", "child_sexual_abuse", BOOLEAN, "Flagged as child sexual abuse."
        ),
        Column(
            "victim_sex",
            "victim_sex",
            TEXT,
            "Sex of the victim, where there is one.",
            required=False,
            choices=("female", "male", "other", "unknown"),
        ),
        Column(
            "outcome_type",
            "outcome_type",
            INTEGER,
            "Home Office outcome type 1-22; blank while open.",
            required=False,
            minimum=1,
            maximum=22,
        ),
        Column("outcome_date", "outcome_date", DATE, "Date of the outcome.", required=False),
    ),
    row_rules=(
        Compare(
            "outcome_after_recorded",
            "outcome_date",
            ">=",
            "recorded_date",
            "The outcome date is before the recorded date.",
        ),
        RequiredUnless(
            "outcome_date_with_outcome",
            "outcome_date",
            "outcome_type",
            ("",),
            "An outcome type needs its outcome date.",
        ),
    ),
)

RECORDED_CRIME = RECORDED_CRIME_V1.next_version(
    columns=(
        Column(
            "retail_worker_assault",
            "retail_worker_assault",
            BOOLEAN,
            "An assault on a retail worker in the course of their work.",
        ),
    ),
)

EMERGENCY_CALLS = Dataset(
    code="emergency_calls",
    name="999 calls",
    version=1,
    description="One row per 999 call presented to the force in the month.",
    grain="one 999 call",
    model_name="EmergencyCallRecord",
    period_field="connected_at",
    unique_key=("call_id",),
    columns=(
        _force_column(),
        Column("call_id", "call_id", TEXT, "Call id, unique in the return.", max_length=64),
        Column(
            "connected_at",
            "connected_at",
            DATETIME,
            "When the call connected to the force; must fall in the return's month.",
        ),
        Column(
            "answered_at",
            "answered_at",
            DATETIME,
            "When a call handler answered; blank if abandoned.",
            required=False,
        ),
        Column("abandoned", "abandoned", BOOLEAN, "The caller hung up before an answer."),
    ),
    row_rules=(
        Compare(
            "answered_after_connected",
            "answered_at",
            ">=",
            "connected_at",
            "The call is answered before it connected.",
        ),
        RequiredUnless(
            "answered_unless_abandoned",
            "answered_at",
            "abandoned",
            TRUE_VALUES,
            "A call that was not abandoned needs answered_at.",
        ),
    ),
    due_day=10,
)

INCIDENT_RESPONSE = Dataset(
    code="incident_response",
    name="Incident response",
    version=1,
    description="One row per incident created in the month, timed from call connect.",
    grain="one incident",
    model_name="IncidentResponseRecord",
    period_field="call_connected_at",
    unique_key=("incident_id",),
    columns=(
        _force_column(),
        Column(
            "incident_id", "incident_id", TEXT, "Incident id, unique in the return.", max_length=64
        ),
        Column(
            "grade",
            "grade",
            INTEGER,
            "1 emergency, 2 priority, 3 scheduled, 4 no deployment.",
            minimum=1,
            maximum=4,
        ),
        Column(
            "area_type",
            "area_type",
            TEXT,
            "Urban or rural (ONS rural-urban classification of the incident's location).",
            choices=("urban", "rural"),
        ),
        Column(
            "call_connected_at",
            "call_connected_at",
            DATETIME,
            "When the call connected; the clock starts here. Must fall in the return's month.",
        ),
        Column(
            "first_dispatch_at",
            "first_dispatch_at",
            DATETIME,
            "First resource dispatched.",
            required=False,
        ),
        Column(
            "first_arrival_at",
            "first_arrival_at",
            DATETIME,
            "First resource arrived.",
            required=False,
        ),
    ),
    row_rules=(
        Compare(
            "dispatch_after_connect",
            "first_dispatch_at",
            ">=",
            "call_connected_at",
            "The first dispatch is before the call connected.",
        ),
        Compare(
            "arrival_after_connect",
            "first_arrival_at",
            ">=",
            "call_connected_at",
            "The first arrival is before the call connected.",
        ),
        Compare(
            "arrival_after_dispatch",
            "first_arrival_at",
            ">=",
            "first_dispatch_at",
            "The first arrival is before the first dispatch.",
        ),
    ),
    due_day=10,
)

WORKFORCE = Dataset(
    code="workforce",
    name="Workforce and officer time",
    version=1,
    description="One row per policing function for the month: strength in FTE and duty hours "
    "by activity.",
    grain="one force-month aggregate, by function",
    model_name="WorkforceRecord",
    period_field="month",
    unique_key=("function",),
    columns=(
        _force_column(),
        Column("month", "month", MONTH, "The month, YYYY-MM; must be the return's."),
        Column("function", "function", TEXT, "Policing function.", choices=WORKFORCE_FUNCTIONS),
        Column("officers_fte", "officers_fte", DECIMAL, "Police officers, FTE.", minimum=0),
        Column("pcsos_fte", "pcsos_fte", DECIMAL, "PCSOs, FTE.", minimum=0),
        Column("specials_fte", "specials_fte", DECIMAL, "Special constables, FTE.", minimum=0),
        Column(
            "hours_frontline",
            "hours_frontline",
            DECIMAL,
            "Officer duty hours on frontline duties.",
            minimum=0,
        ),
        Column(
            "hours_training", "hours_training", DECIMAL, "Hours abstracted to training.", minimum=0
        ),
        Column("hours_sickness", "hours_sickness", DECIMAL, "Hours lost to sickness.", minimum=0),
        Column("hours_court", "hours_court", DECIMAL, "Hours at court.", minimum=0),
        Column("hours_admin", "hours_admin", DECIMAL, "Hours on administration.", minimum=0),
    ),
    due_day=20,
    small=True,
)

MISCONDUCT_CASES_V1 = Dataset(
    code="misconduct_cases",
    name="Misconduct cases",
    version=1,
    description="One row per conduct case open at any time in the month: received on or "
    "before its end and not concluded before its start.",
    grain="one case",
    model_name="MisconductCaseRecord",
    period_field="received_date",
    period_rule="not_after",
    unique_key=("case_ref",),
    columns=(
        _force_column(),
        Column(
            "case_ref", "case_ref", TEXT, "Case reference, unique in the return.", max_length=64
        ),
        Column(
            "received_date",
            "received_date",
            DATE,
            "Date the allegation was received; on or before the end of the month.",
        ),
        Column(
            "allegation_category",
            "allegation_category",
            TEXT,
            "Standard of professional behaviour alleged to be breached.",
            choices=ALLEGATION_CATEGORIES,
        ),
        Column(
            "vawg_related", "vawg_related", BOOLEAN, "Relates to violence against women and girls."
        ),
        Column(
            "severity",
            "severity",
            TEXT,
            "Assessed severity.",
            choices=("misconduct", "gross_misconduct"),
        ),
        Column(
            "subject_role",
            "subject_role",
            TEXT,
            "Role of the person subject to the case.",
            choices=STAFF_ROLES,
        ),
        Column(
            "outcome",
            "outcome",
            TEXT,
            "Outcome; blank while open.",
            required=False,
            choices=MISCONDUCT_OUTCOMES,
        ),
        Column(
            "concluded_date",
            "concluded_date",
            DATE,
            "Date concluded; blank while open.",
            required=False,
        ),
        Column(
            "suspended_or_restricted",
            "suspended_or_restricted",
            BOOLEAN,
            "Subject suspended or on restricted duties.",
        ),
    ),
    row_rules=(
        Compare(
            "concluded_after_received",
            "concluded_date",
            ">=",
            "received_date",
            "The case is concluded before it was received.",
        ),
        RequiredUnless(
            "concluded_with_outcome",
            "concluded_date",
            "outcome",
            ("",),
            "An outcome needs its concluded date.",
        ),
    ),
    due_day=20,
)

MISCONDUCT_CASES = MISCONDUCT_CASES_V1.next_version(
    description="One row per conduct case open at any time in the month (received on or "
    "before its end and not concluded before its start); and, concluded before the month, "
    "each dismissal whose barred-list notification was still outstanding at the month's start, "
    "and each case whose appeal the Police Appeals Tribunal decided in the month.",
    columns=(
        Column(
            "case_to_answer",
            "case_to_answer",
            BOOLEAN,
            "The investigation found a case to answer; blank until it is decided.",
            required=False,
        ),
        Column(
            "proceeding_type",
            "proceeding_type",
            TEXT,
            "Proceedings held or to be held; blank where there are none.",
            required=False,
            choices=PROCEEDING_TYPES,
        ),
        Column(
            "finding",
            "finding",
            TEXT,
            "Finding of the proceedings; blank until they conclude, or without proceedings.",
            required=False,
            choices=FINDINGS,
        ),
        Column(
            "appeal_lodged",
            "appeal_lodged",
            BOOLEAN,
            "An appeal was lodged with the Police Appeals Tribunal.",
        ),
        Column(
            "appeal_result",
            "appeal_result",
            TEXT,
            "Result of the appeal to the Police Appeals Tribunal; blank without an appeal.",
            required=False,
            choices=APPEAL_RESULTS,
        ),
        Column(
            "appeal_decided_date",
            "appeal_decided_date",
            DATE,
            "Date the Police Appeals Tribunal decided the appeal; blank while it is pending.",
            required=False,
        ),
        Column(
            "criminal_proceedings",
            "criminal_proceedings",
            BOOLEAN,
            "The subject faces or faced criminal proceedings for the same matter.",
        ),
        Column(
            "suspension_start",
            "suspension_start",
            DATE,
            "First day of suspension; blank if never suspended.",
            required=False,
        ),
        Column(
            "suspension_end",
            "suspension_end",
            DATE,
            "Last day of suspension; blank while suspended or if never suspended.",
            required=False,
        ),
        Column(
            "barred_list_notified_date",
            "barred_list_notified_date",
            DATE,
            "For a dismissal: date the force notified the College of Policing barred list.",
            required=False,
        ),
    ),
    row_rules=(
        Requires(
            "dismissal_needs_gross_misconduct",
            "finding",
            ("gross_misconduct_proven",),
            "outcome",
            ("dismissal",),
            "A dismissal needs a finding of gross misconduct proven.",
        ),
        Requires(
            "proven_needs_case_to_answer",
            "case_to_answer",
            TRUE_VALUES,
            "finding",
            PROVEN_FINDINGS,
            "A proven finding needs a case to answer.",
        ),
        RequiredUnless(
            "appeal_with_result",
            "appeal_result",
            "appeal_lodged",
            (*FALSE_VALUES, ""),
            "An appeal lodged needs its result (pending until the tribunal decides).",
        ),
        RequiredUnless(
            "appeal_decided_with_date",
            "appeal_decided_date",
            "appeal_result",
            ("pending", ""),
            "An appeal decided needs the date the tribunal decided it.",
        ),
        Compare(
            "appeal_decided_after_conclusion",
            "appeal_decided_date",
            ">=",
            "concluded_date",
            "The appeal is decided before the case concluded.",
        ),
        Compare(
            "suspension_end_after_start",
            "suspension_end",
            ">=",
            "suspension_start",
            "The suspension ends before it starts.",
        ),
        Deadline(
            "barred_list_notified_on_time",
            "barred_list_notified_date",
            "concluded_date",
            "BARRED_LIST_NOTIFY_DAYS",
            "outcome",
            ("dismissal",),
            "A dismissal should be notified to the College of Policing barred list within "
            "{days} days of its conclusion.",
        ),
    ),
)

VETTING_DECISIONS_V1 = Dataset(
    code="vetting_decisions",
    name="Vetting decisions",
    version=1,
    description="One row per vetting application decided in the month or still pending at its end.",
    grain="one decision",
    model_name="VettingDecisionRecord",
    period_field="received_date",
    period_rule="not_after",
    unique_key=("vetting_ref",),
    columns=(
        _force_column(),
        Column(
            "vetting_ref",
            "vetting_ref",
            TEXT,
            "Vetting reference, unique in the return.",
            max_length=64,
        ),
        Column(
            "applicant_type",
            "applicant_type",
            TEXT,
            "Who is being vetted.",
            choices=(*STAFF_ROLES, "contractor", "volunteer"),
        ),
        Column(
            "clearance_level",
            "clearance_level",
            TEXT,
            "Level sought.",
            choices=("RV", "MV", "NPPV1", "NPPV2", "NPPV3", "CTC", "SC", "DV"),
        ),
        Column(
            "received_date",
            "received_date",
            DATE,
            "Date the application was received; on or before the end of the month.",
        ),
        Column(
            "decided_date",
            "decided_date",
            DATE,
            "Date decided; blank while pending.",
            required=False,
        ),
        Column(
            "outcome",
            "outcome",
            TEXT,
            "Decision.",
            choices=VETTING_OUTCOMES,
        ),
    ),
    row_rules=(
        Compare(
            "decided_after_received",
            "decided_date",
            ">=",
            "received_date",
            "The decision is before the application was received.",
        ),
        RequiredUnless(
            "decided_unless_pending",
            "decided_date",
            "outcome",
            ("pending",),
            "A decision needs its decided date.",
        ),
    ),
    due_day=20,
)

VETTING_DECISIONS = VETTING_DECISIONS_V1.next_version(
    columns=(
        Column(
            "refusal_reason",
            "refusal_reason",
            TEXT,
            "For a refusal: the main reason.",
            required=False,
            choices=REFUSAL_REASONS,
        ),
        Column(
            "aftercare_trigger",
            "aftercare_trigger",
            TEXT,
            "For a revocation in aftercare: what triggered the review.",
            required=False,
            choices=AFTERCARE_TRIGGERS,
        ),
    ),
    row_rules=(
        RequiredUnless(
            "refusal_with_reason",
            "refusal_reason",
            "outcome",
            (*(o for o in VETTING_OUTCOMES if o != "refused"), ""),
            "A refusal needs its reason.",
        ),
        RequiredUnless(
            "aftercare_with_trigger",
            "aftercare_trigger",
            "outcome",
            (*(o for o in VETTING_OUTCOMES if o != "revoked_in_aftercare"), ""),
            "A revocation in aftercare needs what triggered the review.",
        ),
    ),
)

STOP_AND_SEARCH = Dataset(
    code="stop_and_search",
    name="Stop and search",
    version=1,
    description="The data.police.uk stop-and-search CSV, exactly as a force publishes it for "
    "the month: one row per search of a person, a vehicle or both. The file has no force "
    "column: it is the return's force's, as data.police.uk names it by its file.",
    grain="one stop and search",
    model_name="StopAndSearchRecord",
    period_field="date",
    # No force column: the return is sent for one force (metrics.returns), which it belongs to.
    force_field="",
    columns=(
        Column("Type", "type", TEXT, "What was searched.", choices=STOP_SEARCH_TYPES),
        Column(
            "Date",
            "date",
            DATETIME,
            "When the search happened, ISO 8601 with offset; must fall in the return's month.",
        ),
        Column(
            "Part of a policing operation",
            "part_of_operation",
            BOOLEAN,
            "The search was part of a policing operation; often blank.",
            required=False,
        ),
        Column(
            "Policing operation",
            "policing_operation",
            TEXT,
            "The operation's name; usually blank.",
            required=False,
        ),
        Column(
            "Latitude",
            "latitude",
            DECIMAL,
            "Anonymised latitude (WGS84); blank where there is no location.",
            required=False,
            minimum=-90,
            maximum=90,
        ),
        Column(
            "Longitude",
            "longitude",
            DECIMAL,
            "Anonymised longitude (WGS84); blank where there is no location.",
            required=False,
            minimum=-180,
            maximum=180,
        ),
        Column(
            "Gender",
            "gender",
            TEXT,
            "Gender of the person searched.",
            required=False,
            choices=GENDERS,
        ),
        Column(
            "Age range",
            "age_range",
            TEXT,
            "Age range of the person searched.",
            required=False,
            choices=AGE_RANGES,
        ),
        Column(
            "Self-defined ethnicity",
            "self_defined_ethnicity",
            TEXT,
            "Ethnicity the person searched gave, in the 2011 Census categories; blank where "
            "there is no person or none was given.",
            required=False,
            choices=SELF_DEFINED_ETHNICITIES,
        ),
        Column(
            "Officer-defined ethnicity",
            "officer_defined_ethnicity",
            TEXT,
            "Ethnic group the officer perceived.",
            required=False,
            choices=ETHNIC_GROUPS,
        ),
        Column(
            "Legislation",
            "legislation",
            TEXT,
            "The power the search was made under, as data.police.uk names it, e.g. 'Misuse of "
            "Drugs Act 1971 (section 23)'. Not checked against a list: no measure reads it, and "
            "forces name a power a little differently.",
            required=False,
            max_length=200,
        ),
        Column(
            "Object of search",
            "object_of_search",
            TEXT,
            "What the officer was looking for.",
            required=False,
        ),
        Column(
            "Outcome",
            "outcome",
            TEXT,
            "The outcome of the search.",
            required=False,
            choices=STOP_SEARCH_OUTCOMES,
        ),
        Column(
            "Outcome linked to object of search",
            "outcome_linked",
            BOOLEAN,
            "The outcome was linked to what was searched for; blank where not recorded.",
            required=False,
        ),
        Column(
            "Removal of more than just outer clothing",
            "removal_of_clothing",
            BOOLEAN,
            "More than outer clothing was removed; blank where not recorded.",
            required=False,
        ),
    ),
)

NEIGHBOURHOOD_QUERIES = Dataset(
    code="neighbourhood_queries",
    name="Neighbourhood queries",
    version=1,
    description="One row per query from the public to a neighbourhood team received in the "
    "month, with its first meaningful response as known when the return is compiled, after "
    "the month ends.",
    grain="one query",
    model_name="NeighbourhoodQueryRecord",
    period_field="received_at",
    unique_key=("query_ref",),
    columns=(
        _force_column(),
        Column(
            "query_ref", "query_ref", TEXT, "Query reference, unique in the return.", max_length=64
        ),
        Column(
            "neighbourhood_id",
            "neighbourhood_id",
            TEXT,
            "The force's id of the neighbourhood the query was for (as in its "
            "neighbourhood_coverage return).",
            max_length=64,
        ),
        Column(
            "received_at",
            "received_at",
            DATETIME,
            "When the neighbourhood team received the query; must fall in the return's month.",
        ),
        Column(
            "first_meaningful_response_at",
            "first_meaningful_response_at",
            DATETIME,
            "When the team first answered the substance of the query (not an automatic "
            "acknowledgement); blank while unanswered. May fall after the month's end.",
            required=False,
        ),
        Column(
            "channel", "channel", TEXT, "How the query reached the team.", choices=QUERY_CHANNELS
        ),
    ),
    row_rules=(
        Compare(
            "response_after_receipt",
            "first_meaningful_response_at",
            ">=",
            "received_at",
            "The first meaningful response is before the query was received.",
        ),
    ),
    due_day=20,
)

NEIGHBOURHOOD_COVERAGE = Dataset(
    code="neighbourhood_coverage",
    name="Neighbourhood coverage",
    version=1,
    description="One row per neighbourhood of the force at the month's end: whether a named, "
    "contactable officer is published for it and when its local priorities were last "
    "reviewed with the community.",
    grain="one neighbourhood at the month's end",
    model_name="NeighbourhoodCoverageRecord",
    period_field="month",
    unique_key=("neighbourhood_id",),
    columns=(
        _force_column(),
        Column("month", "month", MONTH, "The month, YYYY-MM; must be the return's."),
        Column(
            "neighbourhood_id",
            "neighbourhood_id",
            TEXT,
            "The force's id of the neighbourhood, unique in the return.",
            max_length=64,
        ),
        Column("neighbourhood_name", "neighbourhood_name", TEXT, "The neighbourhood's name."),
        Column(
            "named_officer",
            "named_officer",
            BOOLEAN,
            "A named officer or PCSO is published for the neighbourhood.",
        ),
        Column(
            "contactable",
            "contactable",
            BOOLEAN,
            "The named officer can be contacted directly (a published email address or phone "
            "number).",
        ),
        Column(
            "priorities_updated_date",
            "priorities_updated_date",
            DATE,
            "The date the neighbourhood's local priorities were last reviewed with the "
            "community, on or before the month's end; blank if never.",
            required=False,
        ),
    ),
    row_rules=(
        Requires(
            "contactable_needs_named_officer",
            "named_officer",
            TRUE_VALUES,
            "contactable",
            TRUE_VALUES,
            "A contactable officer needs a named officer.",
        ),
    ),
    due_day=20,
    small=True,
)

# The highest use of a conducted energy device (Taser) in an incident, as the Home Office's
# use of force statistics count them (Table 13: drawn, aimed, red-dotted, arced, drive stun,
# fired, angled drive stun, or not stated), and "none" for an incident with no CED.
CED_HIGHEST_USES = (
    "none",
    "drawn",
    "aimed",
    "red_dot",
    "arced",
    "drive_stun",
    "fired",
    "angled_drive_stun",
    "not_stated",
)

USE_OF_FORCE = Dataset(
    code="use_of_force",
    name="Use of force",
    version=1,
    description="The month's use-of-force incidents, counted by the highest use of a conducted "
    "energy device (Taser) in each, as the Home Office's use of force statistics count "
    "incidents by force (Table 12) and CED use by type (Table 13): one row per highest use.",
    grain="one force-month aggregate, by highest CED use",
    model_name="UseOfForceRecord",
    period_field="month",
    unique_key=("ced_highest_use",),
    columns=(
        _force_column(),
        Column("month", "month", MONTH, "The month, YYYY-MM; must be the return's."),
        Column(
            "ced_highest_use",
            "ced_highest_use",
            TEXT,
            "The highest use of a CED (Taser) in the incidents counted; none where no CED "
            "was used.",
            choices=CED_HIGHEST_USES,
        ),
        Column(
            "incidents",
            "incidents",
            INTEGER,
            "Incidents in which force was used, with that highest CED use.",
            minimum=0,
        ),
    ),
    due_day=20,
    small=True,
)

SURVEY_MEASURES = ("public_confidence", "victim_satisfaction")

CONFIDENCE_SURVEYS = Dataset(
    code="confidence_surveys",
    name="Public confidence and victim satisfaction surveys",
    version=1,
    description="The quarter's survey results: for public confidence in the local police and "
    "victim satisfaction with the service, the weighted share agreeing or satisfied and the "
    "unweighted number who answered. One row per measure the force surveys.",
    grain="one force-quarter aggregate, by measure",
    model_name="ConfidenceSurveyRecord",
    period_field="month",
    unique_key=("measure",),
    columns=(
        _force_column(),
        Column(
            "month",
            "month",
            MONTH,
            "The quarter's first month, YYYY-MM (01, 04, 07 or 10); must be the return's.",
        ),
        Column("measure", "measure", TEXT, "What was asked.", choices=SURVEY_MEASURES),
        Column(
            "weighted_share",
            "weighted_share",
            DECIMAL,
            "Weighted percentage agreeing (confidence) or satisfied (victims), 0 to 100.",
            minimum=0,
            maximum=100,
        ),
        Column(
            "respondents",
            "respondents",
            INTEGER,
            "Respondents who answered the question, unweighted.",
            minimum=1,
        ),
    ),
    due_day=30,
    small=True,
    cadence="quarterly",
)

DATASETS: dict[str, Dataset] = {
    d.code: d
    for d in (
        STREET_CRIME,
        RECORDED_CRIME,
        EMERGENCY_CALLS,
        INCIDENT_RESPONSE,
        WORKFORCE,
        MISCONDUCT_CASES,
        VETTING_DECISIONS,
        STOP_AND_SEARCH,
        NEIGHBOURHOOD_QUERIES,
        NEIGHBOURHOOD_COVERAGE,
        USE_OF_FORCE,
        CONFIDENCE_SURVEYS,
    )
}

DATASET_CHOICES = [(code, dataset.name) for code, dataset in DATASETS.items()]
