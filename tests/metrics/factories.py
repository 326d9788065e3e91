from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from forces.models import Force
from metrics.models import CollectionStart, MetricTarget, Observation, Return, ReturnReminder
from metrics.returns.models import RecordingChange

LONDON = ZoneInfo("Europe/London")


def london(*args) -> datetime:
    """An aware datetime on the London clock, e.g. london(2024, 4, 10, 23, 59, 59)."""
    return datetime(*args, tzinfo=LONDON)


def durham() -> Force:
    return Force.objects.get(slug="durham")


class ReturnFactory(DjangoModelFactory):
    """A return row as the pipeline leaves it; no file behind it. Versions of one month must
    be made in the order they were sent, as the pipeline numbers them."""

    class Meta:
        model = Return

    force = factory.LazyFunction(durham)
    dataset = "emergency_calls"
    period = date(2024, 3, 1)
    version = factory.Sequence(lambda n: n + 1)
    status = Return.Status.LOADED
    file_path = factory.LazyAttribute(lambda r: f"test/{r.dataset}-v{r.version}.csv")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    size_bytes = 100
    rows_loaded = factory.LazyAttribute(lambda r: 3 if r.status == Return.Status.LOADED else None)
    submitted_at = factory.LazyFunction(lambda: london(2024, 4, 2, 9, 0))

    class Params:
        # Loaded once, then replaced by a later version that loaded.
        superseded_after_loading = factory.Trait(status=Return.Status.SUPERSEDED, rows_loaded=3)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # submitted_at is auto_now_add, so it is set after the row exists.
        submitted_at = kwargs.pop("submitted_at")
        ret = super()._create(model_class, *args, **kwargs)
        model_class.objects.filter(pk=ret.pk).update(submitted_at=submitted_at)
        ret.submitted_at = submitted_at
        return ret


class RecordingChangeFactory(DjangoModelFactory):
    class Meta:
        model = RecordingChange

    force = factory.LazyFunction(durham)
    dataset = "emergency_calls"
    effective_from = date(2024, 3, 1)
    description = "New command-and-control system went live"
    # Accepted unless a test says otherwise: most tests are about what an accepted change does.
    status = RecordingChange.Status.ACCEPTED
    review_reason = "The new system's go-live is documented"

    class Params:
        pending = factory.Trait(status=RecordingChange.Status.PENDING, review_reason="")


class ObservationFactory(DjangoModelFactory):
    """A force's figure for one month of one metric; a count over a population by default."""

    class Meta:
        model = Observation

    level = Observation.Level.FORCE
    force = factory.LazyFunction(durham)
    metric = "knife_crime_rate"
    period = factory.Sequence(lambda n: date(2020 + n // 12, 1 + n % 12, 1))
    numerator = 40.0
    denominator = 618806.0
    value = factory.LazyAttribute(lambda o: o.numerator / o.denominator * 100_000)


class ReturnReminderFactory(DjangoModelFactory):
    """A reminder sent to a force about its return of one month."""

    class Meta:
        model = ReturnReminder

    force = factory.LazyFunction(durham)
    dataset = "emergency_calls"
    period = date(2024, 3, 1)
    kind = ReturnReminder.Kind.BEFORE
    status = "missing"
    recipients = factory.LazyFunction(lambda: ["olga-officer-a@example.gov.uk"])


class CollectionStartFactory(DjangoModelFactory):
    class Meta:
        model = CollectionStart

    force = factory.LazyFunction(durham)
    dataset = "emergency_calls"
    first_period = date(2024, 1, 1)


class MisconductCaseRowFactory(factory.DictFactory):
    """A row of a misconduct_cases v2 return, as {field: cell}: a case concluded in March 2024
    with a written warning after a misconduct meeting."""

    force = "durham"
    case_ref = factory.Sequence(lambda n: f"MC-{n:05d}")
    received_date = "2024-01-10"
    allegation_category = "Use of force"
    vawg_related = "false"
    severity = "misconduct"
    subject_role = "officer"
    outcome = "written_warning"
    concluded_date = "2024-03-12"
    suspended_or_restricted = "false"
    case_to_answer = "true"
    proceeding_type = "misconduct_meeting"
    finding = "misconduct_proven"
    appeal_lodged = "false"
    appeal_result = ""
    appeal_decided_date = ""
    criminal_proceedings = "false"
    suspension_start = ""
    suspension_end = ""
    barred_list_notified_date = ""


class VettingDecisionRowFactory(factory.DictFactory):
    """A row of a vetting_decisions v2 return, as {field: cell}: granted in March 2024."""

    force = "durham"
    vetting_ref = factory.Sequence(lambda n: f"VET-{n:05d}")
    applicant_type = "officer"
    clearance_level = "NPPV2"
    received_date = "2024-02-20"
    decided_date = "2024-03-05"
    outcome = "granted"
    refusal_reason = ""
    aftercare_trigger = ""


class MetricTargetFactory(DjangoModelFactory):
    """A target an administrator set: public confidence's minimum, which none is published."""

    class Meta:
        model = MetricTarget

    metric = "public_confidence"
    value = 70.0
    description = "70% confident that the local police do a good job"
