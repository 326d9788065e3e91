"""The catalogue's shape that the pages rely on."""

from metrics.catalogue import HEADLINES, METRICS, PRIORITY_AREAS


def test_every_priority_area_has_exactly_one_headline_metric():
    assert set(PRIORITY_AREAS) == {m.priority_area for m in METRICS}
    for area in PRIORITY_AREAS:
        headlines = [m for m in METRICS if m.priority_area == area and m.headline]
        assert len(headlines) == 1, area
        assert HEADLINES[area] is headlines[0]
