"""The 43 territorial forces loaded by the data migration, and similar-force groups."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from forces.models import Force, ForcePopulation, PolicingBody, Region, SimilarForce

pytestmark = pytest.mark.django_db


def test_migration_loads_43_territorial_forces():
    assert Force.objects.count() == 43
    assert Force.objects.filter(country="England").count() == 39
    assert Force.objects.filter(country="Wales").count() == 4
    assert not Force.objects.filter(slug="btp").exists()


def test_every_force_has_a_valid_ons_code_and_data_police_uk_id():
    codes = list(Force.objects.values_list("ons_code", flat=True))
    assert all(re.fullmatch(r"(E23|W15)0000\d\d", c) for c in codes)
    assert Force.objects.get(slug="metropolitan").ons_code == "E23000001"
    assert Force.objects.get(slug="dyfed-powys").ons_code == "W15000004"
    assert Force.objects.get(slug="avon-and-somerset").name == "Avon and Somerset Constabulary"


def test_regions_and_policing_bodies():
    assert Region.objects.count() == 10
    assert Force.objects.get(slug="durham").region.name == "North East"
    assert Force.objects.filter(region__name="Wales").count() == 4
    kinds = dict(Force.objects.values_list("slug", "policing_body__kind"))
    assert kinds["city-of-london"] == PolicingBody.Kind.COMMON_COUNCIL
    assert kinds["metropolitan"] == PolicingBody.Kind.MAYOR
    assert kinds["essex"] == PolicingBody.Kind.PFCC
    assert kinds["durham"] == PolicingBody.Kind.PCC


LINCOLNSHIRE_2024 = 789502


def test_populations_are_ons_mid_year_estimates_for_every_force_and_year():
    # 43 forces x mid-2011 to mid-2024, with their release named.
    assert ForcePopulation.objects.count() == 43 * 14
    lincolnshire = Force.objects.get(slug="lincolnshire")
    # crime-uk_forces.csv says 11,700 for Lincolnshire; the ONS estimates are 10^5 times that.
    assert lincolnshire.population_in(2024).population == LINCOLNSHIRE_2024
    assert "MYE24" in lincolnshire.population_in(2024).source
    assert "MYE23" in lincolnshire.population_in(2023).source
    assert "revised again" in lincolnshire.population_in(2023).source
    # The sum over the 43 forces is the ONS England and Wales total, every year.
    totals = {2011: 56_170_927, 2022: 60_245_218, 2024: 61_806_682}
    for year, total in totals.items():
        assert sum(f.population_in(year).population for f in Force.objects.all()) == total


def test_population_in_takes_the_latest_year_not_after_the_one_asked(force_a):
    ForcePopulation.objects.filter(force=force_a, year__gte=2023).delete()
    assert force_a.population_in(2025).year == 2022
    assert force_a.population_in(2022).year == 2022
    assert force_a.population_in(2010) is None


def _load(tmp_path, text):
    path = tmp_path / "msg.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("load_similar_forces", str(path), stdout=out)
    return out.getvalue()


def test_similar_forces_load_from_csv(tmp_path, force_a):
    out = _load(tmp_path, "force,similar,rank\ndurham,cleveland,1\ndurham,cumbria,2\n")
    assert "loaded 2" in out
    official = force_a.similar_forces.filter(source="official")
    assert [s.similar.slug for s in official] == ["cleveland", "cumbria"]
    # A second load replaces the group rather than adding to it.
    _load(tmp_path, "force,similar,rank\ndurham,northumbria,1\n")
    assert [s.similar.slug for s in official.all()] == ["northumbria"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("force,similar\ndurham,cleveland\n", "header must be exactly force,similar,rank"),
        ("force,similar,rank\ndurham,atlantis,1\n", "line 2: unknown force 'atlantis'"),
        ("force,similar,rank\ndurham,durham,1\n", "cannot be similar to itself"),
        ("force,similar,rank\ndurham,cleveland,first\n", "rank must be a whole number"),
        ("force,similar,rank\ndurham,cleveland,1\ndurham,cumbria,1\n", "given twice"),
    ],
)
def test_similar_forces_bad_csv_is_named_and_nothing_changes(tmp_path, force_a, text, message):
    _load(tmp_path, "force,similar,rank\ndurham,northumbria,1\n")
    with pytest.raises(CommandError, match=message):
        _load(tmp_path, text)
    official = SimilarForce.objects.filter(source="official")
    assert list(official.values_list("similar__slug", flat=True)) == ["northumbria"]


def test_similar_forces_are_computed_from_the_reference_data():
    groups = {}
    for row in SimilarForce.objects.filter(source="computed").order_by("rank"):
        groups.setdefault(row.force.slug, []).append(row.similar.slug)
    assert len(groups) == 43 and all(len(g) == 7 for g in groups.values())
    assert all(slug not in group for slug, group in groups.items())
    # Nearest on population, density and ethnic mix: the big urban forces group together,
    # and so do the large rural ones.
    assert "west-midlands" in groups["metropolitan"]
    assert "cumbria" in groups["dyfed-powys"] and "north-wales" in groups["dyfed-powys"]


def test_compute_command_is_repeatable():
    before = list(
        SimilarForce.objects.filter(source="computed").values_list("force_id", "similar_id", "rank")
    )
    out = StringIO()
    call_command("compute_similar_forces", stdout=out)
    assert "computed 301 similar-force rows" in out.getvalue()
    after = list(
        SimilarForce.objects.filter(source="computed").values_list("force_id", "similar_id", "rank")
    )
    assert sorted(before) == sorted(after)
