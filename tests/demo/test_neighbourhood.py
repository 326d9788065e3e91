"""The neighbourhood generators hold the magnitudes their docstring gives, and the northumbria
scenario is a true decline of the share of queries answered within 72 hours."""

from datetime import UTC, datetime, timedelta

import pytest

from demo import generator
from demo.generator import generate_columns
from demo.generator.calibration import calibration


def columns(dataset: str, slug: str, period: str) -> dict:
    return generate_columns(
        dataset, force_slug=slug, force_name=slug, population=1_000_000, period=period
    )


def within_72h(c: dict) -> float:
    at = datetime.fromisoformat
    answered = [
        (at(b) - at(a)) <= timedelta(hours=72)
        for a, b in zip(c["received_at"], c["first_meaningful_response_at"], strict=True)
        if b
    ]
    return sum(answered) / len(c["received_at"])


def test_about_one_neighbourhood_a_ward_and_one_or_two_queries_per_1000_residents():
    forces = calibration()
    areas = sum(generator.neighbourhoods(slug, None) for slug in forces)
    assert 4_000 < areas < 5_000
    assert generator.neighbourhoods("city-of-london", None) == 25
    assert 550 < generator.neighbourhoods("metropolitan", None) < 700
    people = sum(f.population for f in forces.values())
    queries = sum(generator.queries_a_month(slug, None, "2025-05") for slug in forces)
    assert 1.0 < queries / people * 1000 < 2.0


def test_queries_come_mostly_by_email_or_online_and_most_are_answered_in_72_hours():
    c = columns("neighbourhood_queries", "durham", "2025-05")
    channels = list(c["channel"])
    assert (channels.count("email") + channels.count("online_form")) / len(channels) > 0.6
    assert 0.70 < within_72h(c) < 0.92
    # Responses after the return was compiled are blank, as in a real return.
    compiled = datetime(2025, 6, 6, tzinfo=UTC)
    assert all(
        not b or datetime.fromisoformat(b) <= compiled for b in c["first_meaningful_response_at"]
    )


def test_coverage_improves_since_the_guarantee_began():
    def shares(period):
        c = columns("neighbourhood_coverage", "durham", period)
        n = len(c["neighbourhood_id"])
        named = sum(
            a == "true" == b for a, b in zip(c["named_officer"], c["contactable"], strict=True)
        )
        return named / n, sum(1 for d in c["priorities_updated_date"] if d) / n, c

    before_named, _, before = shares("2025-03")
    after_named, _, after = shares("2026-09")
    assert 0.8 < before_named <= after_named
    # A neighbourhood keeps its id and name from month to month.
    assert list(before["neighbourhood_id"]) == list(after["neighbourhood_id"])
    assert list(before["neighbourhood_name"]) == list(after["neighbourhood_name"])
    levels = [
        generator.coverage_level(generator.neighbourhood.REVIEWED, "durham", "reviewed", p)
        for p in ("2025-03", "2025-10", "2026-09")
    ]
    assert levels == sorted(levels) and 0.65 < levels[0] < levels[-1] <= 0.95


def test_northumbria_declines_and_others_stay_level():
    assert generator.within_72h_level("northumbria", "2024-02") == pytest.approx(
        generator.within_72h_level("northumbria", "2023-06")
    )
    start, later = (
        within_72h(columns("neighbourhood_queries", "northumbria", p))
        for p in ("2024-02", "2024-12")
    )
    assert later < start - 0.2
    durham = [
        within_72h(columns("neighbourhood_queries", "durham", p)) for p in ("2024-02", "2024-12")
    ]
    assert abs(durham[0] - durham[1]) < 0.05
