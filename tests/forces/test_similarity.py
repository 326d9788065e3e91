"""Similar forces: nearest neighbours on standardised reference variables."""

import numpy as np
import pandas as pd
import pytest

from forces.similarity import similar_groups


def test_similar_groups_hand_worked_one_column():
    # Values 0, 1, 3, 6, 10: C's neighbours are B (2) then A and D (both 3): A is earlier.
    features = pd.DataFrame({"x": [0, 1, 3, 6, 10]}, index=list("ABCDE"))
    assert similar_groups(features, size=2) == {
        "A": ["B", "C"],
        "B": ["A", "C"],
        "C": ["B", "A"],
        "D": ["C", "E"],
        "E": ["D", "C"],
    }


def test_similar_groups_ties_go_to_the_earlier_row():
    features = pd.DataFrame({"x": [2, 1, 0]}, index=["C", "B", "A"])
    assert similar_groups(features, size=1)["B"] == ["C"]


def test_similar_groups_standardise_columns_and_apply_weights():
    rng = np.random.default_rng(7)
    features = pd.DataFrame(rng.normal(size=(12, 3)), columns=["pop", "density", "young"])
    result = similar_groups(features, size=3)
    rescaled = features.assign(pop=features["pop"] * 1000 + 5)
    assert similar_groups(rescaled, size=3) == result
    without_density = similar_groups(features[["pop", "young"]], size=3)
    assert similar_groups(features, size=3, weights={"density": 0}) == without_density
    assert all(i not in neighbours for i, neighbours in result.items())


def test_similar_groups_returns_all_others_when_size_exceeds_them():
    features = pd.DataFrame({"x": [0.0, 5.0, 1.0]})
    assert similar_groups(features) == {0: [2, 1], 1: [2, 0], 2: [0, 1]}


def test_similar_groups_rejects_missing_values():
    with pytest.raises(ValueError):
        similar_groups(pd.DataFrame({"x": [0.0, None, 1.0]}))
