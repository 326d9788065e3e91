"""The neighbourhood pages' tables as downloads (kit.exports), built from what the pages show
that user: the national total by month, each force's uplift, and the ASB register."""

from kit.exports import Table


def _fte(value):
    return None if value is None else round(value, 1)


def national_table(months) -> Table:
    return Table(
        "Neighbourhood policing workforce, England and Wales, by month",
        ["Month", "FTE in neighbourhood roles", "Forces returned", "Guarantee's trajectory"],
        [[m.label, _fte(m.fte), m.forces, round(m.expected)] for m in months],
    )


def uplift_table(uplifts) -> Table:
    return Table(
        "Neighbourhood policing workforce by force against 31 March 2025",
        ["Force", "FTE, 31 March 2025", "Latest month", "FTE, latest", "Uplift, FTE", "Uplift, %"],
        [
            [
                u.force.name,
                _fte(u.baseline),
                f"{u.latest_period:%Y-%m}" if u.latest_period else None,
                _fte(u.latest),
                _fte(u.uplift),
                None if u.uplift_pct is None else round(u.uplift_pct, 1),
            ]
            for u in uplifts
        ],
    )


def register_table(rows) -> Table:
    body = []
    for r in rows:
        lead, plan = r.lead, r.latest_plan
        body.append(
            [
                r.force.name,
                lead.name if lead else None,
                lead.role if lead else None,
                lead.appointed_on if lead else None,
                len(r.plans),
                plan.title if plan else None,
                plan.published_on if plan else None,
                plan.review_due_on if plan else None,
                r.status[0],
            ]
        )
    return Table(
        "Anti-social behaviour leads and action plans by force",
        [
            "Force",
            "ASB lead",
            "Rank and post",
            "Appointed",
            "Action plans",
            "Latest plan",
            "Published",
            "Review due",
            "Status",
        ],
        body,
    )
