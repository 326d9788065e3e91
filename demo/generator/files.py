"""Writing returns: one file, many forces and months, or a street_crime file of exact size."""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kit.periods import Month
from metrics.datasets import DATASETS

from .calendar import _month
from .calls import _gen_emergency_calls, _gen_incident_response
from .context import _Context, _rng
from .geography import _SLUG_BY_NAME
from .neighbourhood import _gen_neighbourhood_coverage, _gen_neighbourhood_queries
from .people import _gen_misconduct_cases, _gen_vetting_decisions, _gen_workforce
from .recorded_crime import _gen_recorded_crime
from .stop_and_search import _gen_stop_and_search
from .street_crime import _gen_street_crime, _street_columns, _street_means
from .surveys import _gen_confidence_surveys
from .use_of_force import _gen_use_of_force
from .volumes import NATIONAL_POPULATION, SCALED_DATASETS

# Generators: each returns {field: values} for the dataset's columns.
_GENERATORS: dict[str, Callable[[_Context, np.random.Generator], dict]] = {
    "street_crime": _gen_street_crime,
    "recorded_crime": _gen_recorded_crime,
    "emergency_calls": _gen_emergency_calls,
    "incident_response": _gen_incident_response,
    "workforce": _gen_workforce,
    "misconduct_cases": _gen_misconduct_cases,
    "vetting_decisions": _gen_vetting_decisions,
    "stop_and_search": _gen_stop_and_search,
    "neighbourhood_queries": _gen_neighbourhood_queries,
    "neighbourhood_coverage": _gen_neighbourhood_coverage,
    "use_of_force": _gen_use_of_force,
    "confidence_surveys": _gen_confidence_surveys,
}


def return_filename(dataset_code: str, force_slug: str, period: str) -> str:
    """`<force>-<dataset>.csv`; street_crime and stop_and_search as data.police.uk names them,
    `<YYYY-MM>-<force>-street.csv` and `<YYYY-MM>-<force>-stop-and-search.csv`."""
    if dataset_code == "street_crime":
        return f"{period}-{force_slug}-street.csv"
    if dataset_code == "stop_and_search":
        return f"{period}-{force_slug}-stop-and-search.csv"
    return f"{force_slug}-{dataset_code}.csv"


def _write_csv(path: Path, dataset_code: str, columns: dict, *, chunk: int = 200_000) -> int:
    dataset = DATASETS[dataset_code]
    ordered = [columns[c.field] for c in dataset.columns]
    n = len(ordered[0])
    newline = "\r\n" if dataset_code == "street_crime" else "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator=newline)
        writer.writerow(dataset.headers)
        for start in range(0, n, chunk):
            writer.writerows(
                zip(
                    *(np.asarray(col[start : start + chunk]).tolist() for col in ordered),
                    strict=True,
                )
            )
    return n


def generate_columns(
    dataset_code: str,
    *,
    force_slug: str,
    force_name: str,
    population: int,
    period: str,
    seed: int = 0,
    scale: float = 1.0,
    scenario_shift: int = 0,
) -> dict:
    """The generated values of one return, as {field: array of CSV cells}; every scenario
    starts `scenario_shift` months later than declared."""
    if dataset_code not in _GENERATORS:
        raise ValueError(f"unknown dataset {dataset_code!r}; known: {', '.join(_GENERATORS)}")
    _month(period)
    if scale <= 0:
        raise ValueError("scale must be positive")
    if dataset_code not in SCALED_DATASETS:
        scale = 1.0  # small datasets stay full size, so their rates stay realistic
    ctx = _Context(
        force_slug, force_name, int(population), period, int(seed), float(scale), scenario_shift
    )
    rng = _rng(seed, force_slug, dataset_code, period)
    return _GENERATORS[dataset_code](ctx, rng)


def _write_return(
    dataset_code: str,
    *,
    force_slug: str,
    force_name: str,
    population: int,
    period: str,
    out_dir,
    seed: int = 0,
    scale: float = 1.0,
    scenario_shift: int = 0,
) -> tuple[Path, int]:
    columns = generate_columns(
        dataset_code,
        force_slug=force_slug,
        force_name=force_name,
        population=population,
        period=period,
        seed=seed,
        scale=scale,
        scenario_shift=scenario_shift,
    )
    path = Path(out_dir) / return_filename(dataset_code, force_slug, period)
    return path, _write_csv(path, dataset_code, columns)


def write_return(
    dataset_code: str,
    *,
    force_slug: str,
    force_name: str,
    population: int,
    period: str,
    out_dir,
    seed: int = 0,
    scale: float = 1.0,
    scenario_shift: int = 0,
) -> Path:
    """Write one force's return of one dataset for one month into out_dir; returns its path."""
    return _write_return(
        dataset_code,
        force_slug=force_slug,
        force_name=force_name,
        population=population,
        period=period,
        out_dir=out_dir,
        seed=seed,
        scale=scale,
        scenario_shift=scenario_shift,
    )[0]


@dataclass(frozen=True)
class ForceInfo:
    slug: str
    name: str
    population: int


@dataclass(frozen=True)
class Written:
    path: Path
    force: str
    dataset: str
    period: str
    rows: int


def write_returns(
    forces: Iterable[ForceInfo],
    periods: Iterable[str],
    out_dir,
    *,
    datasets: Iterable[str] | None = None,
    seed: int = 0,
    scale: float = 1.0,
    progress: Callable[[Written], None] | None = None,
    scenario_shift: int = 0,
) -> list[Written]:
    """Write every dataset (or those given) for every force and month (a quarterly dataset for
    the months that begin a quarter) as out_dir/<YYYY-MM>/<file>; calls progress(written)
    after each file. Every scenario starts `scenario_shift` months later than declared."""
    codes = list(datasets) if datasets is not None else list(DATASETS)
    unknown = [c for c in codes if c not in _GENERATORS]
    if unknown:
        raise ValueError(f"unknown dataset(s): {', '.join(unknown)}")
    forces, written = list(forces), []
    for period in periods:
        first_day = Month.parse(period).first_day
        for force in forces:
            for code in codes:
                if not DATASETS[code].is_period(first_day):
                    continue  # a quarterly dataset's return is for a quarter, by its first month
                path, rows = _write_return(
                    code,
                    force_slug=force.slug,
                    force_name=force.name,
                    population=force.population,
                    period=period,
                    out_dir=Path(out_dir) / period,
                    seed=seed,
                    scale=scale,
                    scenario_shift=scenario_shift,
                )
                item = Written(path, force.slug, code, period, rows)
                written.append(item)
                if progress:
                    progress(item)
    return written


def write_street_crime_rows(
    path, *, n_rows: int, force_name: str, period: str, seed: int = 0
) -> Path:
    """Write a street_crime file with exactly n_rows data rows (for benchmarks), in the
    data.police.uk format with the real crime type mix for the month."""
    if n_rows < 0:
        raise ValueError("n_rows must not be negative")
    slug = _SLUG_BY_NAME.get(force_name, re.sub(r"[^a-z0-9]+", "-", force_name.lower()))
    rng = _rng(seed, slug, "street_crime-rows", period, str(n_rows))
    ctx = _Context(slug, force_name, NATIONAL_POPULATION // 40, period, int(seed), 1.0)
    types, means = _street_means(ctx)
    type_index = np.repeat(np.arange(len(types)), rng.multinomial(n_rows, means / means.sum()))
    n_lsoa = int(np.clip(n_rows / 150, 40, 6000))
    columns = _street_columns(
        rng, type_index, types, slug=slug, force_name=force_name, period=period, n_lsoa=n_lsoa
    )
    path = Path(path)
    _write_csv(path, "street_crime", columns)
    return path
