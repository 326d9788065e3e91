import datetime

import factory
from factory.django import DjangoModelFactory

from forces.models import Force
from oversight.flags.models import Flag


class FlagFactory(DjangoModelFactory):
    class Meta:
        model = Flag

    force = factory.LazyFunction(lambda: Force.objects.get(slug="durham"))
    metric = "calls_answered_10s"
    dataset = "emergency_calls"
    period = factory.Sequence(lambda n: datetime.date(2000 + n // 12, 1 + n % 12, 1))
    rule = Flag.Rule.OUTSIDE_LIMITS
    summary = "999 calls answered within 10 seconds: special cause of concern (outside limits)"
    detail = factory.LazyFunction(lambda: {"value": 61.0, "mean": 70.0, "lpl": 64.0})


class ReturnFlagFactory(FlagFactory):
    """A data flag: a force's return of a dataset for a month missing (or late, rejected)."""

    metric = ""
    rule = Flag.Rule.MISSING
    summary = factory.LazyAttribute(lambda f: f"{f.dataset} return for {f.period:%Y-%m}: missing")
    detail = factory.LazyFunction(dict)


class AssessmentFactory(DjangoModelFactory):
    """A stored nightly verdict on a force's metric at its latest month."""

    class Meta:
        model = "oversight.Assessment"

    force = factory.LazyFunction(lambda: Force.objects.get(slug="durham"))
    metric = "knife_crime_rate"
    period = datetime.date(2026, 10, 1)
    numerator = 40.0
    denominator = 600_000.0
    value = 6.7
    points = 24
    variation = "concern"
    side = "high"
