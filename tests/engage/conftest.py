import pytest


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """Every engage test is about a force."""
