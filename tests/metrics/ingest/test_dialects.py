"""The staging check of a cell accepts exactly what its type's pattern accepts, as Python's
regular expressions read it (anchored at both ends), with a timestamp's date a real date:
edge cases and near misses of each."""

import random
import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection

from metrics.ingest.dialects import PATTERNS, PostgresStaging

pytestmark = pytest.mark.django_db

EDGES = {
    "integer": ["0", "7", "+7", "-7", "123456789", "1234567890", "+", "-", "+-1", "1.0", "1e3",
                " 1", "1 ", "1\n", "٣", "00", "-000000000", "12a"],
    "decimal": ["0", "5.", ".5", ".", "-.5", "+5.25", "123456789012345", "1234567890123456",
                "1.123456789012", "1.1234567890123", ".123456789012", ".1234567890123",
                "1.2.3", "--1", "+", "1,5", "1e5", " 1.5", "1.5\n", "-", "+.", "٣.1"],
    "month": ["2024-01", "2024-12", "2024-00", "2024-13", "2024-1", "24-01", "2024-01-01",
              "2024/01", "2024-01\n", "0000-09", "2024-1a"],
    "datetime": ["2024-03-01T08:00:00+00:00", "2024-03-01 08:00:00Z", "2024-03-01T08:00Z",
                 "2024-03-01T08:00+01:00", "2024-03-01T08:00:00.1Z", "2024-03-01T08:00:00.123456Z",
                 "2024-03-01T08:00:00.1234567Z", "2024-03-01T08:00:00.Z", "2024-03-01T24:00Z",
                 "2024-03-01T23:59:59-23:59", "2024-03-01T08:00+24:00", "2024-03-01T08:60Z",
                 "2024-03-01T08:00:60Z", "2024-02-30T08:00Z", "2024-02-29T08:00Z",
                 "2023-02-29T08:00Z", "2024-13-01T08:00Z", "2024-03-01T08:00", "2024-03-01",
                 "2024-03-01t08:00Z", "2024-03-01T08:00z", "2024-03-01T08:00:00+0100",
                 "2024-03-01T08:00:00Z\n", "2024-03-01T8:00Z", "2024-03-01T08:00:00+01:00Z",
                 "2024-03-01T08:00:0Z", "2024-03-01T08:00:00.12a4Z", "Z", "+01:00"],
}  # fmt: skip
ALPHABET = {
    "integer": "0123456789+-",
    "decimal": "0123456789+-.",
    "month": "0123456789-",
    "datetime": "0123456789-:.+TZ ",
}


def expected(kind: str, value: str) -> bool:
    """The pattern matched against the whole cell, as PostgreSQL's ~ anchors it, and the
    timestamp's date a real date."""
    if re.fullmatch(PATTERNS[kind].removeprefix("^").removesuffix("$"), value) is None:
        return False
    if kind == "datetime":
        try:
            date.fromisoformat(value[:10])
        except ValueError:
            return False
    return True


def checked(kind: str, values: list[str]) -> list[bool]:
    column = SimpleNamespace(field="cell", type=kind, header=kind)
    valid = PostgresStaging().valid(column)
    rows = " UNION ALL ".join("SELECT %s AS n, %s AS cell" for _ in values)
    params = [p for n, v in enumerate(values) for p in (n, v)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n, {valid} FROM ({rows}) AS cells ORDER BY n", params)
        return [bool(ok) for _, ok in cursor.fetchall()]


def near_misses(kind: str, rng: random.Random, count: int) -> list[str]:
    """Edge cases with one character changed, dropped or doubled."""
    found = []
    for _ in range(count):
        value = list(rng.choice(EDGES[kind]))
        at = rng.randrange(len(value))
        change = rng.choice(("swap", "drop", "double"))
        if change == "swap":
            value[at] = rng.choice(ALPHABET[kind])
        elif change == "drop":
            del value[at]
        else:
            value.insert(at, value[at])
        found.append("".join(value) or "0")
    return found


@pytest.mark.parametrize("kind", sorted(EDGES))
def test_each_type_accepts_what_its_pattern_accepts(kind):
    values = EDGES[kind] + near_misses(kind, random.Random(kind), 400)
    wrong = [
        (value, ok)
        for value, ok in zip(values, checked(kind, values), strict=True)
        if ok != expected(kind, value)
    ]
    assert wrong == []


def test_edges_hold_both_answers():
    for kind, values in EDGES.items():
        answers = {expected(kind, v) for v in values}
        assert answers == {True, False}, kind
