"""neighbourhood_queries (the public's queries to neighbourhood teams and the first meaningful
response) and neighbourhood_coverage (each neighbourhood's named officer and local priorities):
the community-led measures of the Neighbourhood Policing Guarantee.

Sources and calibration. The Home Office's Neighbourhood Policing Guarantee (April 2025) sets
the commitments measured: a named, contactable officer for every neighbourhood, local priorities
reviewed with the community at least every 3 months, and a meaningful response to a
neighbourhood query within 72 hours. No national statistics of them are published yet, so the
magnitudes below are assumptions, kept within what the guarantee and forces' own publications
make plausible, and said so:

- neighbourhoods: roughly one a ward, so about one per 14,000 residents (England and Wales's
  ~61 million residents in ~4,300 neighbourhoods; a mid force of 1.5 million ~105, the
  Metropolitan Police ~640 against its 629 wards' safer neighbourhood teams), and never fewer
  than the City of London's 25 wards. The population is the calibrated one (calibration.csv,
  ONS mid-2024) where the force is there, so a force's neighbourhoods do not change with the
  caller's population.
- queries: ~1 to 2 per 1,000 residents a month, each force at its own stable rate, on the calls'
  seasonality and daily cycle; channels mostly email (~38%) and online forms (~30%), then
  phone (~15%), social media (~8%), in person (~6%) and letter (~3%).
- first meaningful response: log-normal hours, each force with its own stable share answered
  within 72 hours between ~75% and ~90% (median ~15 to 30 hours); ~2% never answered; the return
  is compiled EXTRACT_DAYS_AFTER_MONTH days after the month ends, so a response after that is
  blank (not yet answered), as it would be in a real return.
- coverage at the month's end: a named officer or PCSO for ~90-97% of neighbourhoods before
  April 2025, contactable directly for slightly fewer; local priorities reviewed within the last
  3 months for ~66-82%; since April 2025, when the guarantee began, each improves month by
  month towards ~99% and ~95%. About a fifth of the neighbourhoods not reviewed within 3 months
  have never been reviewed (blank date). A neighbourhood keeps its id, name and stable draws
  from month to month, so coverage moves as the force's level does, not at random.

Scenario (scenarios.py): northumbria's share of queries answered within 72 hours declines from
2024-03, 3 points a month to at most 30 points down.
"""

from statistics import NormalDist

import numpy as np

from metrics.datasets.declarations import QUERY_CHANNELS, QUERY_RESPONSE_HOURS

from .calendar import (
    _days_in,
    _epoch_day,
    _first_day,
    _month,
    add_months,
    format_dates,
    format_datetimes,
    months_between,
)
from .calibration import figures
from .cells import _blank_where, _bools, _ids
from .context import _Context, _rng, _unit
from .geography import force_profile
from .scenarios import scenario_effect
from .seasons import SEASON, _sample_times

RESIDENTS_PER_NEIGHBOURHOOD = 14_000
MIN_NEIGHBOURHOODS = 25  # the City of London's wards
QUERIES_PER_1000 = (1.0, 2.0)  # a month: each force's stable rate lies between these
CHANNEL_SHARES = dict(zip(QUERY_CHANNELS, (0.38, 0.30, 0.15, 0.08, 0.06, 0.03), strict=True))
WITHIN_72H = (0.75, 0.90)  # each force's stable share answered within 72 hours
RESPONSE_LOG_SD = 1.1
NEVER_ANSWERED = 0.02
EXTRACT_DAYS_AFTER_MONTH = 5  # responses known when the return is compiled
GUARANTEE_START = "2025-04"
# (base before the guarantee: lowest, spread; improvement a month since; ceiling)
NAMED = (0.90, 0.07, 0.005, 0.995)
CONTACTABLE = (0.93, 0.05, 0.003, 0.99)  # of the neighbourhoods with a named officer
REVIEWED = (0.66, 0.16, 0.012, 0.95)  # within the last 3 months
NEVER_REVIEWED = 0.2  # of those not reviewed within 3 months
SECTORS = ("Central", "North", "South", "East", "West", "Town Centre", "Rural", "Park")


def residents(slug: str, population: int | None) -> int:
    """The force's calibrated population (ONS mid-2024), or the one given for another force."""
    calibrated = figures(slug)
    if calibrated is not None:
        return calibrated.population
    if population is None:
        raise ValueError(f"{slug!r} is not in calibration.csv: give its population")
    return int(population)


def neighbourhoods(slug: str, population: int | None) -> int:
    """How many neighbourhoods the force has: about one a ward, at least the City's 25."""
    return max(MIN_NEIGHBOURHOODS, round(residents(slug, population) / RESIDENTS_PER_NEIGHBOURHOOD))


def within_72h_level(slug: str, period: str, scenario_shift: int = 0) -> float:
    """The force's intended share of queries answered within 72 hours (before noise)."""
    low, high = WITHIN_72H
    base = low + (high - low) * _unit(slug, "queries-72h")
    effect = scenario_effect(
        slug, "neighbourhood_queries", "neighbourhood_queries_72h", period, scenario_shift
    )
    return float(np.clip(base + effect, 0.05, 0.97))


def queries_a_month(slug: str, population: int | None, period: str) -> float:
    """Expected queries in the month, before noise and scenarios."""
    low, high = QUERIES_PER_1000
    rate = low + (high - low) * _unit(slug, "queries-rate")
    season = float(SEASON["calls"][_month(period)[1] - 1])
    return residents(slug, population) / 1000 * rate * _days_in(period) / (365.25 / 12) * season


def _gen_neighbourhood_queries(ctx: _Context, rng: np.random.Generator) -> dict:
    n = max(1, int(rng.poisson(queries_a_month(ctx.slug, ctx.population, ctx.period) * ctx.scale)))
    received = _sample_times(rng, n, ctx.period)
    p72 = float(
        np.clip(
            within_72h_level(ctx.slug, ctx.period, ctx.scenario_shift) + rng.normal(0, 0.01),
            0.03,
            0.98,
        )
    )
    # Log-normal hours with P(hours <= 72) = p72.
    mu = np.log(QUERY_RESPONSE_HOURS) - RESPONSE_LOG_SD * NormalDist().inv_cdf(p72)
    seconds = np.maximum(np.ceil(rng.lognormal(mu, RESPONSE_LOG_SD, n) * 3600), 60)
    responded = received + seconds.astype(np.int64)
    next_month = _epoch_day(_first_day(add_months(ctx.period, 1)))
    compiled = (next_month + EXTRACT_DAYS_AFTER_MONTH) * 86400
    blank = (rng.random(n) < NEVER_ANSWERED) | (responded > compiled)
    channels = list(CHANNEL_SHARES)
    channel = rng.choice(len(channels), size=n, p=list(CHANNEL_SHARES.values()))
    areas = neighbourhoods(ctx.slug, ctx.population)
    year, month = _month(ctx.period)
    return {
        "force": np.full(n, ctx.slug, dtype=object),
        "query_ref": _ids(f"NQ{year:04d}{month:02d}-", np.arange(1, n + 1), 6),
        "neighbourhood_id": _ids("NH", rng.integers(1, areas + 1, n), 4),
        "received_at": format_datetimes(received),
        "first_meaningful_response_at": _blank_where(format_datetimes(responded), blank),
        "channel": np.array(channels, dtype=object)[channel],
    }


def coverage_level(spec: tuple, slug: str, key: str, period: str) -> float:
    """The force's share of a coverage measure in a month: its own base, improving each month
    since the guarantee began, up to the ceiling."""
    low, spread, a_month, ceiling = spec
    base = low + spread * _unit(slug, key)
    since = max(0, months_between(GUARANTEE_START, period) + 1)
    return min(base + a_month * since, ceiling)


def _stable(seed: int, slug: str, what: str, n: int) -> np.ndarray:
    """Each neighbourhood's own draw in [0, 1), the same every month (a prefix of one stream,
    so a force that gains a neighbourhood keeps the others' draws)."""
    return _rng(seed, slug, "neighbourhood", what).random(n)


def _gen_neighbourhood_coverage(ctx: _Context, rng: np.random.Generator) -> dict:
    n = neighbourhoods(ctx.slug, ctx.population)
    named_at = coverage_level(NAMED, ctx.slug, "named", ctx.period)
    contact_at = coverage_level(CONTACTABLE, ctx.slug, "contactable", ctx.period)
    review_at = coverage_level(REVIEWED, ctx.slug, "reviewed", ctx.period)
    named = _stable(ctx.seed, ctx.slug, "named", n) < named_at
    contactable = named & (_stable(ctx.seed, ctx.slug, "contactable", n) < contact_at)
    reviewed = _stable(ctx.seed, ctx.slug, "reviewed", n) < review_at
    never = ~reviewed & (_stable(ctx.seed, ctx.slug, "never", n) < NEVER_REVIEWED)
    # The last review: within the last 85 days of the month (every 3-month window holds at
    # least 89), or 93 days or more before its end (every window holds at most 92).
    last_day = _epoch_day(_first_day(add_months(ctx.period, 1))) - 1
    ago = np.where(
        reviewed,
        (_stable(ctx.seed, ctx.slug, "recent", n) * 85).astype(np.int64),
        93 + (_stable(ctx.seed, ctx.slug, "late", n) * 270).astype(np.int64),
    )
    profile = force_profile(ctx.slug, ctx.name)
    places = profile.authorities
    index = np.arange(n)
    names = np.array(
        [
            f"{places[i % len(places)]} {SECTORS[i // len(places) % len(SECTORS)]} "
            f"{i // (len(places) * len(SECTORS)) + 1}"
            for i in index
        ],
        dtype=object,
    )
    return {
        "force": np.full(n, ctx.slug, dtype=object),
        "month": np.full(n, ctx.period, dtype=object),
        "neighbourhood_id": _ids("NH", index + 1, 4),
        "neighbourhood_name": names,
        "named_officer": _bools(named),
        "contactable": _bools(contactable),
        "priorities_updated_date": _blank_where(format_dates(last_day - ago), never),
    }
