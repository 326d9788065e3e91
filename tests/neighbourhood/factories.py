from datetime import date

import factory
from factory.django import DjangoModelFactory

from forces.models import Force
from neighbourhood.models import AsbActionPlan, AsbLead


def durham() -> Force:
    return Force.objects.get(slug="durham")


class AsbLeadFactory(DjangoModelFactory):
    class Meta:
        model = AsbLead

    force = factory.LazyFunction(durham)
    name = factory.Sequence(lambda n: f"Alex Morgan {n}")
    role = "Chief Superintendent, Head of Neighbourhood Policing"
    appointed_on = date(2025, 5, 1)


class AsbActionPlanFactory(DjangoModelFactory):
    class Meta:
        model = AsbActionPlan

    force = factory.LazyFunction(durham)
    title = factory.Sequence(lambda n: f"Anti-social behaviour action plan {n}")
    covers = "The whole force"
    published_on = date(2025, 7, 1)
    review_due_on = date(2099, 7, 1)
