"""Misconduct and vetting returns as the pipeline leaves them: a loaded Return, and its rows in
the record table's partition for the return (or the aggregate table), made directly."""

from datetime import date

import factory
from django.db import connection

from metrics.datasets.records import AGGREGATE_MODELS, RECORD_MODELS
from metrics.ingest import partitions
from metrics.returns.models import Return
from tests.metrics.factories import ReturnFactory

Cases = RECORD_MODELS["misconduct_cases"]
CaseCells = AGGREGATE_MODELS["misconduct_cases_aggregate"]


class CaseFactory(factory.DictFactory):
    """A case as its record holds it: open unless given an outcome and a concluded date."""

    case_ref = factory.Sequence(lambda n: f"MC-{n:05d}")
    received_date = date(2024, 1, 10)
    allegation_category = "discreditable_conduct"
    vawg_related = False
    severity = "misconduct"
    subject_role = "officer"
    outcome = ""
    concluded_date = None
    suspended_or_restricted = False
    barred_list_notified_date = None


def misconduct_return(force, period: date, cases: list[dict], *, schema_version=None) -> Return:
    """A loaded record-level return of the force's month holding `cases` (CaseFactory dicts)."""
    version = {} if schema_version is None else {"schema_version": schema_version}
    ret = ReturnFactory(
        force=force,
        dataset="misconduct_cases",
        period=period,
        kind=Return.Kind.RECORDS,
        rows_loaded=len(cases),
        **version,
    )
    table = Cases._meta.db_table
    with connection.cursor() as cursor:
        partitions.create_for_return(cursor, table, ret.pk)
        partitions.attach(cursor, table, ret.pk)
    Cases.objects.bulk_create(
        [Cases(id=i + 2, source_return_id=ret.pk, **case) for i, case in enumerate(cases)]
    )
    return ret


def misconduct_aggregate_return(
    force, period: date, cells: list[dict], *, schema_version=None
) -> Return:
    """A loaded aggregate return of the force's month holding `cells` (field: value dicts;
    received_in_month, concluded_in_month and open_over_12_months default to false), of the
    latest version of its schema unless told."""
    ret = ReturnFactory(
        force=force,
        dataset="misconduct_cases",
        period=period,
        kind=Return.Kind.AGGREGATE,
        rows_loaded=len(cells),
        schema_version=schema_version,
    )
    defaults = {
        "force": force.slug,
        "month": f"{period:%Y-%m}",
        "received_in_month": False,
        "concluded_in_month": False,
        "open_over_12_months": False,
        "outcome": "",
    }
    CaseCells.objects.bulk_create(
        [CaseCells(source_return_id=ret.pk, **(defaults | cell)) for cell in cells]
    )
    return ret
