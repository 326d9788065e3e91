"""The demo's ASB register: most forces named an anti-social behaviour lead and published a
force-wide ASB action plan in the months after the guarantee began (April 2025), some with
plans for their town centres too; a few changed lead, a few let a plan's review date pass, two
have a lead but no plan yet, and three have recorded nothing. Force-wide plans are refreshed
each year on their review date. Decided per force from its name,
so a second run finds the register and adds nothing."""

import zlib
from datetime import date, timedelta

from django.db import transaction

from accounts.roles import Role
from demo.engage import _account
from forces.models import Force
from neighbourhood import services
from neighbourhood.models import AsbLead

FIRST_NAMES = ("Alex", "Sam", "Jo", "Chris", "Priya", "Tom", "Aisha", "Gareth", "Helen", "Rob")
SURNAMES = ("Morgan", "Okafor", "Pritchard", "Hughes", "Shah", "Clarke", "Evans", "Brennan")
RANKS = (
    "Chief Superintendent, Head of Neighbourhood Policing",
    "Superintendent, Neighbourhood and Partnerships",
    "Assistant Chief Constable, Local Policing",
)
NOTHING, LEAD_ONLY = 3, 2  # forces, in name order of their draw


def _draw(slug: str, key: str) -> float:
    return zlib.crc32(f"{slug}:asb:{key}".encode()) / 2**32


def _name(slug: str, key: str) -> str:
    a, b = _draw(slug, f"{key}-first"), _draw(slug, f"{key}-last")
    return f"{FIRST_NAMES[int(a * len(FIRST_NAMES))]} {SURNAMES[int(b * len(SURNAMES))]}"


def _day(start: date, days: int, share: float) -> date:
    return start + timedelta(days=int(share * days))


def load_neighbourhood_demo(today: date) -> dict[str, int]:
    if AsbLead.objects.exists():
        return {"leads": 0, "plans": 0}
    unit = _account("neighbourhood-unit", Role.ANALYST)
    forces = sorted(Force.objects.all(), key=lambda f: _draw(f.slug, "order"))
    leads = plans = 0
    with transaction.atomic():
        for i, force in enumerate(forces):
            if i < NOTHING:
                continue
            slug = force.slug
            appointed = _day(date(2025, 4, 14), 150, _draw(slug, "appointed"))
            services.asb_lead_record(
                user=unit,
                force=force,
                name=_name(slug, "lead"),
                role=RANKS[int(_draw(slug, "rank") * len(RANKS))],
                appointed_on=appointed,
            )
            leads += 1
            if _draw(slug, "changed") < 0.15 and appointed + timedelta(days=300) < today:
                services.asb_lead_record(
                    user=unit,
                    force=force,
                    name=_name(slug, "successor"),
                    role=RANKS[0],
                    appointed_on=appointed + timedelta(days=300),
                )
                leads += 1
            if i < NOTHING + LEAD_ONLY:
                continue
            published = _day(date(2025, 6, 1), 200, _draw(slug, "published"))
            if published > today:
                continue
            # A force-wide plan, refreshed each year on its review date, except where the
            # force let the review pass.
            overdue = _draw(slug, "overdue") < 0.1
            plan = {"user": unit, "force": force, "published_on": published}
            edition = published
            while True:
                review = edition + timedelta(days=365)
                services.asb_plan_record(
                    user=unit,
                    force=force,
                    published_on=edition,
                    title=f"{force.name}: anti-social behaviour action plan {edition:%Y}",
                    covers="The whole force",
                    review_due_on=review,
                )
                plans += 1
                if overdue or review > today:
                    break
                edition = review
            if _draw(slug, "town") < 0.4:
                services.asb_plan_record(
                    **plan,
                    title="Safer town centres: summer action plan",
                    covers="The force's busiest town centres",
                    review_due_on=published + timedelta(days=120),
                )
                plans += 1
    return {"leads": leads, "plans": plans}
