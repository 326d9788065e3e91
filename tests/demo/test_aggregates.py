"""Aggregate returns drawn from the generator: a month's records and their table of counts give
the same figures, and a month of history has the force's full volume."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from demo.generator import expected_monthly, generate_columns
from demo.generator.aggregates import aggregate_rows, records_to_cells, write_aggregate
from demo.generator.files import _write_csv
from forces.models import Force
from metrics.catalogue import metrics_of_dataset
from metrics.catalogue.computations import Percentile
from metrics.datasets import DATASETS, declaration_of
from metrics.models import Observation
from metrics.returns.services import return_process, return_submit
from tests.accounts.factories import user_with_role

pytestmark = pytest.mark.django_db
PERIOD = "2025-06"
TWINNED = [code for code, d in DATASETS.items() if d.aggregate is not None]


def send(user, force, code, kind, path):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    ret, _ = return_submit(
        user=user,
        force=force,
        dataset=declaration_of(code, kind),
        period=date(2025, 6, 1),
        upload=upload,
    )
    ret = return_process(return_id=ret.pk)
    assert ret.status == "loaded", ret.report
    return {
        o.metric: o
        for o in Observation.objects.filter(level="force", force=force, period=date(2025, 6, 1))
    }


@pytest.mark.parametrize("code", TWINNED)
def test_a_months_records_and_their_counts_give_the_same_figures(code, reference_data, tmp_path):
    force = Force.objects.get(slug="durham")
    user = user_with_role(Role.FORCE_DATA_OFFICER, force=force)
    info = {"force_slug": "durham", "force_name": force.name, "population": 650_000}
    columns = generate_columns(code, **info, period=PERIOD, scale=0.1)
    records = tmp_path / "records.csv"
    _write_csv(records, code, columns)
    by_records = send(user, force, code, "records", records)
    cells = records_to_cells(code, columns, force="durham", period=PERIOD)
    by_counts = send(
        user, force, code, "aggregate", write_aggregate(code, cells, tmp_path / "a.csv")
    )
    for metric in metrics_of_dataset(code):
        exact, counted = by_records[metric.code], by_counts[metric.code]
        assert (exact.source_kind, counted.source_kind) == ("records", "aggregate")
        if isinstance(metric.computation, Percentile):
            # Estimated within the band that holds the exact value.
            bands = metric.from_counts.bands
            limits = [(lo, hi) for _, lo, hi in bands.limits()]
            lo, hi = next((lo, hi) for lo, hi in limits if hi is None or exact.value <= hi)
            assert counted.estimated and lo <= counted.value <= (hi or counted.value), metric.code
            assert counted.denominator == exact.denominator, metric.code
        else:
            got = (counted.numerator, counted.denominator, counted.value)
            assert got == pytest.approx((exact.numerator, exact.denominator, exact.value)), (
                metric.code
            )


def test_a_month_of_history_has_the_forces_full_volume(reference_data):
    rows = aggregate_rows(
        "emergency_calls",
        force_slug="metropolitan",
        force_name="Metropolitan Police Service",
        population=8_900_000,
        period=PERIOD,
    )
    at = DATASETS["emergency_calls"].aggregate.headers.index("calls")
    calls = sum(int(r[at]) for r in rows)
    expected = expected_monthly("emergency_calls", "metropolitan", PERIOD)
    assert calls == pytest.approx(expected, rel=0.1)
    assert expected > 100_000  # the Met's own volume, not a sample of it
