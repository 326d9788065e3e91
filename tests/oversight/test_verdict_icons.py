"""The verdicts' icons: one for every verdict the nightly run and the charts give, each a static
SVG file with nothing a strict CSP would refuse, drawn with its words as its text alternative."""

from django.contrib.staticfiles import finders
from django.template import Context, Template

from oversight.assessments.verdicts import (
    ASSURANCE_ICONS,
    FUNNEL_ICONS,
    FUNNEL_LABELS,
    VARIATION_ICONS,
    Assurance,
    Variation,
    verdict_icons,
)

ICONS = [*VARIATION_ICONS.values(), *ASSURANCE_ICONS.values(), *FUNNEL_ICONS.values()]


def _render(source: str, **context) -> str:
    return Template("{% load verdict_icons %}" + source).render(Context(context))


def test_every_verdict_has_an_icon_named_by_its_words():
    for variation in Variation.LABELS:
        special = variation not in (Variation.COMMON_CAUSE, Variation.TOO_FEW)
        for side in ("high", "low") if special else ("",):
            assert VARIATION_ICONS[(variation, side)].words.startswith(Variation.LABELS[variation])
    assert set(ASSURANCE_ICONS) == set(Assurance.LABELS) - {Assurance.NONE}
    assert set(FUNNEL_ICONS) == set(FUNNEL_LABELS) - {""}
    assert VARIATION_ICONS[(Variation.CONCERN, "high")].words == "Special cause: concern (high)"
    assert len({icon.path for icon in ICONS}) == len(ICONS)


def test_each_icon_is_a_static_svg_with_no_script_or_style():
    for icon in ICONS:
        found = finders.find(icon.path)
        assert found, icon.path
        with open(found) as svg:
            text = svg.read()
        assert text.startswith("<svg") and "<script" not in text and "style" not in text


def test_an_icon_is_drawn_with_its_words_as_alt_and_in_the_key_beside_its_words():
    icons = verdict_icons(Variation.NEUTRAL, "low", Assurance.NONE, "within")
    assert icons.assurance is None
    drawn = _render(
        "{% verdict_icon icons.variation %}{% verdict_icon icons.assurance %}", icons=icons
    )
    assert drawn == (
        '<img class="app-verdict-icon" src="/static/icons/mdc/variation-neutral-low.svg"'
        ' alt="Special cause: neither better nor worse (low)"'
        ' title="Special cause: neither better nor worse (low)" width="24" height="24">'
    )
    key = _render("{% verdict_key 2 %}")
    assert '<h2 class="govuk-heading-s' in key
    assert 'funnel-within.svg" alt="" width="24" height="24"> Within the limits</li>' in key
    assert key.count("<img") == len(ICONS)
