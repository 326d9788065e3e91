"""Tests of the generator's calibration on published figures (demo/generator/calibration.py,
calibration.csv and the volumes and mixes built on it): the national monthly figures the demo
shows must be those of England and Wales, force by force."""

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings

from demo import generator
from demo.generator import build_calibration
from demo.plan import demo_months
from metrics.datasets.declarations import OFFENCE_GROUPS

FORCES_DATA = Path(settings.BASE_DIR) / "forces" / "data"
REAL = Path(settings.BASE_DIR).parent / "shared" / "data" / "real"
SLUGS = sorted(generator.calibration())
# The month before the latest the demo shows, and a fixed one.
PERIODS = [demo_months(dt.date.today())["recorded_crime"][-2].label(), "2025-05"]


def national(dataset: str, period: str) -> float:
    return sum(generator.expected_monthly(dataset, slug, period) for slug in SLUGS)


def national_knife(period: str) -> float:
    return sum(
        generator.expected_monthly("recorded_crime", slug, period) * generator.knife_share(slug)
        for slug in SLUGS
    )


def columns(code: str, slug: str, period: str, scale: float = 1.0) -> dict:
    return generator.generate_columns(
        code,
        force_slug=slug,
        force_name=slug,
        population=generator.calibration()[slug].population,
        period=period,
        scale=scale,
    )


# --- The file ---------------------------------------------------------------------------------


def test_the_file_has_every_force_with_its_reference_code_and_population():
    with (FORCES_DATA / "forces.csv").open(newline="", encoding="utf-8") as f:
        forces = {r["slug"]: r["ons_code"] for r in csv.DictReader(f)}
    with (FORCES_DATA / "mid_year_populations.csv").open(newline="", encoding="utf-8") as f:
        populations = {
            r["slug"]: int(r["population"])
            for r in csv.DictReader(f)
            if int(r["year"]) == generator.POPULATION_YEAR
        }
    calibration = generator.calibration()
    assert set(calibration) == set(forces)
    for slug, figures in calibration.items():
        assert figures.ons_code == forces[slug]
        assert figures.population == populations[slug]
        assert sum(figures.subgroups) == figures.recorded_crime
        assert figures.knife_offences > 0 and figures.officers_fte > 0
    assert calibration["durham"].recorded_crime == 58_582
    assert sum(populations.values()) == generator.NATIONAL_POPULATION


@pytest.mark.skipif(not REAL.is_dir(), reason="the published files are not here")
def test_the_file_is_rebuilt_exactly_from_the_published_files(tmp_path):
    build_calibration.main(REAL, tmp_path / "calibration.csv")
    assert (tmp_path / "calibration.csv").read_bytes() == build_calibration.OUT.read_bytes()


# --- National and force figures, from the expected volumes -----------------------------------


@pytest.mark.parametrize("period", PERIODS)
def test_national_monthly_figures_are_those_of_england_and_wales(period):
    people = generator.NATIONAL_POPULATION
    assert 4 < national_knife(period) / people * 100_000 < 12
    assert 5 < national("street_crime", period) / people * 1000 < 16
    assert 450_000 < national("emergency_calls", period) < 1_500_000
    assert 110_000 < national("workforce", period) < 190_000
    # ~5.2 million recorded crimes a year (table C2, year ending June 2025)
    assert 380_000 < national("recorded_crime", period) < 490_000


@pytest.mark.parametrize("period", PERIODS)
def test_durham_records_about_4900_crimes_a_month(period):
    assert 4_400 < generator.expected_monthly("recorded_crime", "durham", period) < 5_400


def test_a_forces_year_of_recorded_crime_is_its_published_figure():
    year = generator.parse_months("2024-07..2025-06")  # table C2's year
    for slug in ("durham", "metropolitan", "city-of-london", "dyfed-powys"):
        total = sum(generator.expected_monthly("recorded_crime", slug, m) for m in year)
        published = generator.calibration()[slug].recorded_crime
        assert abs(total / published - 1) < 0.01, slug
    durham = sum(generator.expected_monthly("recorded_crime", "durham", m) for m in year)
    assert abs(durham / 58_582 - 1) < 0.01


def test_national_knife_crime_officers_and_calls_are_the_published_totals():
    year = generator.parse_months("2024-07..2025-06")
    knife = sum(national_knife(m) for m in year)
    assert 49_500 < knife < 51_500
    assert 146_000 < national("workforce", "2024-03") < 148_000
    calls = sum(national("emergency_calls", m) for m in year)
    assert 9_500_000 < calls < 10_500_000


def test_trends_are_gentle():
    for slug in SLUGS:
        for code in ("recorded_crime", "street_crime", "emergency_calls", "workforce"):
            now = generator.expected_monthly(code, slug, "2025-05")
            later = generator.expected_monthly(code, slug, "2026-05")
            assert 0.96 < later / now < 1.045, (slug, code)


def test_a_force_not_in_the_file_gets_national_rates_for_its_population():
    people = 1_000_000
    share = people / generator.NATIONAL_POPULATION
    for code in ("recorded_crime", "workforce"):
        own = generator.expected_monthly(code, "atlantis", "2025-05", population=people)
        assert 0.9 < own / (national(code, "2025-05") * share) < 1.1, code
    with pytest.raises(ValueError, match="population"):
        generator.expected_monthly("recorded_crime", "atlantis", "2025-05")


# --- Each force's mixes -----------------------------------------------------------------------


def test_offence_group_shares_are_the_forces_own():
    durham = generator.calibration()["durham"]
    sub = dict(zip(generator.C2_SUBGROUPS, durham.subgroups, strict=True))
    shares = generator.offence_group_shares("durham")
    assert list(shares) == list(OFFENCE_GROUPS)
    assert sum(shares.values()) == pytest.approx(1.0)
    violence = sub["homicide"] + sub["violence_with_injury"] + sub["violence_without_injury"]
    violence += sub["stalking_harassment"]
    assert shares["Violence against the person"] == pytest.approx(violence / 58_582)
    assert shares["Drug offences"] == pytest.approx(sub["drug_offences"] / 58_582)
    city = generator.offence_group_shares("city-of-london")
    assert city["Theft offences"] > 0.55 > shares["Theft offences"]


def test_knife_shares_follow_table_p4():
    # London's share of knife crime is far above Durham's (P4: 11% and 3% of selected offences).
    assert generator.knife_share("metropolitan") > 3 * generator.knife_share("durham")
    assert 0.003 < generator.knife_share("durham") < 0.006


def test_street_type_mix_is_crime_plus_anti_social_behaviour():
    for slug in ("durham", "metropolitan", "city-of-london", "dyfed-powys"):
        mix = generator.street_type_mix(slug)
        assert sum(mix.values()) == pytest.approx(1.0)
        assert mix["Anti-social behaviour"] == pytest.approx(
            generator.asb_per_crime(slug) / (1 + generator.asb_per_crime(slug))
        )
    # Measured in Durham's real files (3,715 ASB rows to 19,943 crimes, January to April
    # 2024), more in summer: the generated months match the real ones.
    months = generator.parse_months("2024-01..2024-04")
    crimes = asb = 0.0
    for m in months:
        types, means = generator.street_means("durham", None, m)
        asb += means[types.index("Anti-social behaviour")]
        crimes += means.sum() - means[types.index("Anti-social behaviour")]
    assert abs(asb / crimes / (3_715 / 19_943) - 1) < 0.02
    assert abs(crimes / 19_943 - 1) < 0.08  # data.police.uk's crimes and table C2 agree
    # Forces without real files get the ratio of the measured ones pooled.
    assert 0.15 < generator.asb_per_crime("metropolitan") < 0.3
    assert generator.asb_per_crime("metropolitan") == generator.asb_per_crime("kent")


# --- A generated sample -----------------------------------------------------------------------


def test_a_generated_sample_of_every_force_gives_the_national_figures():
    period, scale = "2025-05", 0.02
    people = generator.NATIONAL_POPULATION
    crimes = knives = streets = calls = 0
    officers = 0.0
    for slug in SLUGS:
        recorded = columns("recorded_crime", slug, period, scale)
        crimes += recorded["force"].size
        knives += int((recorded["knife_or_sharp_instrument"] == "true").sum())
        streets += columns("street_crime", slug, period, scale)["crime_type"].size
        calls += columns("emergency_calls", slug, period, scale)["call_id"].size
        officers += columns("workforce", slug, period)["officers_fte"].astype(float).sum()
    assert abs(crimes / (national("recorded_crime", period) * scale) - 1) < 0.03
    assert abs(streets / (national("street_crime", period) * scale) - 1) < 0.03
    assert abs(calls / (national("emergency_calls", period) * scale) - 1) < 0.03
    assert 4 < knives / scale / people * 100_000 < 12
    assert 5 < streets / scale / people * 1000 < 16
    assert 450_000 < calls / scale < 1_500_000
    assert 110_000 < officers < 190_000
    assert abs(officers / national("workforce", period) - 1) < 0.01


def test_a_generated_durham_month_has_its_mixes():
    period = "2025-05"
    recorded = columns("recorded_crime", "durham", period)
    n = recorded["force"].size
    assert abs(n / generator.expected_monthly("recorded_crime", "durham", period) - 1) < 0.05
    groups = dict(zip(*np.unique(recorded["offence_group"], return_counts=True), strict=True))
    for group, share in generator.offence_group_shares("durham").items():
        assert abs(groups.get(group, 0) / n - share) < 0.03, group  # seasonality apart
    means = generator.offence_means("durham", None, period)
    offence_groups = np.array([o[1] for o in generator.OFFENCES])
    for group in OFFENCE_GROUPS:
        expected = means[offence_groups == group].sum() / means.sum()
        assert abs(groups.get(group, 0) / n - expected) < 0.015, group
    street = columns("street_crime", "durham", period)["crime_type"]
    types, means = generator.street_means("durham", None, period)
    for crime_type, mean in zip(types, means, strict=True):
        assert abs((street == crime_type).sum() / street.size - mean / means.sum()) < 0.015
