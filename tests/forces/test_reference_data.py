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


def test_population_is_the_census_figure_with_its_source_not_the_misaligned_column():
    lincolnshire = Force.objects.get(slug="lincolnshire").population_in(2024)
    # crime-uk_forces.csv says 11,700 for Lincolnshire; the Census 2011 figure is 713,653.
    assert lincolnshire.population == 713653 and lincolnshire.year == 2011
    assert "Census 2011" in lincolnshire.source
    assert Force.objects.get(slug="city-of-london").population_in(2011).population == 7375
    assert ForcePopulation.objects.count() == 43


def test_population_in_takes_the_latest_year_not_after_the_one_asked(force_a):
    ForcePopulation.objects.create(force=force_a, year=2022, population=700000, source="ONS MYE")
    assert force_a.population_in(2021).year == 2011
    assert force_a.population_in(2024).population == 700000


def _load(tmp_path, text):
    path = tmp_path / "msg.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("load_similar_forces", str(path), stdout=out)
    return out.getvalue()


def test_similar_forces_load_from_csv(tmp_path, force_a):
    out = _load(tmp_path, "force,similar,rank\ndurham,cleveland,1\ndurham,cumbria,2\n")
    assert "loaded 2" in out
    assert [s.similar.slug for s in force_a.similar_forces.all()] == ["cleveland", "cumbria"]
    # A second load replaces the group rather than adding to it.
    _load(tmp_path, "force,similar,rank\ndurham,northumbria,1\n")
    assert [s.similar.slug for s in force_a.similar_forces.all()] == ["northumbria"]


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
    assert list(SimilarForce.objects.values_list("similar__slug", flat=True)) == ["northumbria"]
