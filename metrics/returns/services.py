"""Writes about returns: receive a file, process it, dry-run it, run the overnight load."""

import logging
import tempfile
import time
from datetime import date
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.services import audit_record
from kit.locks import LockNamespace, advisory_lock
from kit.periods import Month
from metrics.datasets import DATASETS, Dataset, declaration_of
from metrics.datasets.records import model_of
from metrics.ingest import engine, files, partitions
from metrics.ingest.files import FileProblem
from metrics.returns.models import CollectionStart, Return
from metrics.returns.notifications import notify_return_rejected
from metrics.returns.recording_changes import source_changes_declare

# The figures refreshed after a return loads (metrics.observations.refresh, registered by
# metrics.apps): the observations read the returns, so the returns do not import them.
_figures_refresh: list = []


def figures_refreshed_by(refresh) -> None:
    """After each load, in its transaction, call `refresh(force=, dataset=, period=,
    aggregates=)` for the force-month loaded."""
    _figures_refresh[:] = [refresh]


# Queued by name: tasks import services, never the reverse.
PROCESS_RETURN_TASK = "metrics.returns.process_return"
# The report rule of a return rejected by a fault of ours rather than of its file.
PROCESSING_FAULT = "processing_fault"

logger = logging.getLogger(__name__)


class ReturnBusy(Exception):
    """Another live worker holds the return; try again later."""


def parse_period(text: str) -> date:
    """The month a return covers, as its first day; not a month still to come."""
    try:
        month = Month.parse(text)
    except ValueError:
        raise FileProblem(
            f"period must be a month written YYYY-MM, not {text!r}", code="period"
        ) from None
    if month > Month.of(timezone.localdate()):
        raise FileProblem(f"period {text} is in the future", code="period")
    first = Month.parse(settings.RETURNS_FIRST_PERIOD)
    if month < first:
        raise FileProblem(
            f"period {text} is before {first.label()}, the first month the service takes",
            code="period",
        )
    return month.first_day


def dataset_named(code: str, kind: str = "records") -> Dataset:
    """The declaration a return of the dataset and kind follows."""
    if code not in DATASETS:
        raise FileProblem(
            f"dataset must be one of {', '.join(DATASETS)}, not {code!r}", code="dataset"
        )
    try:
        return declaration_of(code, kind or "records")
    except KeyError:
        raise FileProblem(
            f"kind must be records or aggregate, and {code} has no {kind} returns", code="kind"
        ) from None


def check_period(dataset: Dataset, period: date) -> None:
    """A quarterly dataset's return is for a quarter, named by its first month."""
    if not dataset.is_period(period):
        raise FileProblem(
            f"{dataset.name} is returned quarterly: period must be a quarter's first month "
            f"(January, April, July or October), not {Month.of(period)}",
            code="period",
        )


def check_upload(upload, dataset: Dataset) -> None:
    if upload.size > settings.RETURN_MAX_BYTES:
        raise FileProblem(
            f"The file is {upload.size} bytes; the limit is {settings.RETURN_MAX_BYTES} bytes.",
            code="too_large",
        )
    files.check_head(files.first_bytes(upload), dataset, size=upload.size)


def return_submit(*, user, force, dataset: Dataset, period: date, upload, request=None):
    """Store an uploaded return; returns (return, created). `dataset` is the declaration the
    file follows: a record-level dataset or its aggregate twin, either a version of the
    month. The same bytes sent again for the same force, dataset and month give back the
    existing return."""
    check_period(dataset, period)
    check_upload(upload, dataset)
    code, kind = dataset.return_dataset, dataset.kind
    started = time.perf_counter()
    stored = files.store_upload(upload, force_slug=force.slug)
    with transaction.atomic():
        # Locking the force serialises version numbers for its returns.
        type(force).objects.select_for_update().get(pk=force.pk)
        existing = Return.objects.filter(
            force=force, dataset=code, period=period, sha256=stored.sha256
        ).first()
        if existing:
            _retry_if_unsettled(existing, stored)
            _upload_audited(existing, user, request, stored, again=True)
            return existing, False
        latest = (
            Return.objects.filter(force=force, dataset=code, period=period).aggregate(
                v=Max("version")
            )["v"]
            or 0
        )
        ret = Return.objects.create(
            force=force,
            dataset=code,
            kind=kind,
            period=period,
            version=latest + 1,
            file_path=stored.relative_path,
            original_filename=(upload.name or "")[:255],
            sha256=stored.sha256,
            size_bytes=stored.size,
            submitted_by=user,
            timings={"store": round(time.perf_counter() - started, 3)},
        )
        _upload_audited(ret, user, request, stored, again=False)
        if settings.PROCESS_RETURNS_ON_RECEIPT:
            return_queue(ret=ret)
    return ret, True


def _upload_audited(ret: Return, user, request, stored: files.StoredFile, *, again: bool):
    """Every file received is audited, the same file sent again too (as `again`)."""
    audit_record(
        action=AuditEvent.Action.UPLOAD,
        user=user,
        obj=ret,
        request=request,
        dataset=ret.dataset,
        kind=ret.kind,
        period=ret.period_label,
        sha256=stored.sha256,
        size=stored.size,
        again=again,
    )


def _retry_if_unsettled(ret: Return, stored: files.StoredFile) -> None:
    """The same file sent again retries a return that never settled: one still waiting or
    validating (queueing it twice is harmless: the load is locked and idempotent), or one
    rejected by a fault of ours rather than of its file. A return whose stored file was
    lost takes the copy just stored; otherwise that copy is not needed."""
    fault = PROCESSING_FAULT in ret.report.get("errors_by_rule", {})
    if ret.status == Return.Status.REJECTED and fault:
        Return.objects.filter(pk=ret.pk, status=Return.Status.REJECTED).update(
            status=Return.Status.RECEIVED, report={}, finished_at=None
        )
    unsettled = ret.status in (Return.Status.RECEIVED, Return.Status.VALIDATING) or fault
    if unsettled and not files.path_of(ret.file_path).exists():
        Return.objects.filter(pk=ret.pk).update(file_path=stored.relative_path)
    else:
        transaction.on_commit(lambda: files.discard(stored.relative_path))
    ret.refresh_from_db()
    waiting = ret.status in (Return.Status.RECEIVED, Return.Status.VALIDATING)
    if waiting and settings.PROCESS_RETURNS_ON_RECEIPT:
        return_queue(ret=ret)


def _process_later(return_id: int, *, aggregates: bool = True):
    return current_app.signature(
        PROCESS_RETURN_TASK, args=(return_id,), kwargs={"aggregates": aggregates}
    )


def return_queue(*, ret) -> None:
    """Load the return as soon as its transaction commits."""
    transaction.on_commit(_process_later(ret.pk).delay)


def returns_queue_received() -> int:
    """The overnight run: queue every return received and not yet processed. Their aggregates
    are left to the nightly analysis, which computes each once for the whole batch."""
    ids = list(Return.objects.awaiting_processing().order_by("id").values_list("id", flat=True))
    for return_id in ids:
        _process_later(return_id, aggregates=False).delay()
    return len(ids)


def returns_process_received(
    *, aggregates: bool = True, limit: int | None = None
) -> dict[str, int]:
    """Process every return received (the first `limit` of them), here and now rather than on
    the workers; returns how many ended in each status. Without `aggregates`, the caller runs
    the nightly analysis."""
    ids = Return.objects.awaiting_processing().order_by("id").values_list("id", flat=True)
    ids = list(ids[:limit] if limit else ids)
    outcomes: dict[str, int] = {}
    for return_id in ids:
        ret = return_process(return_id=return_id, aggregates=aggregates)
        if ret is not None:
            outcomes[ret.status] = outcomes.get(ret.status, 0) + 1
    return outcomes


def progress_key(return_id: int) -> str:
    return f"return-progress:{return_id}"


def return_progress(ret) -> float:
    if ret.is_finished:
        return 1.0
    if ret.status == Return.Status.RECEIVED:
        return 0.0
    return float(cache.get(progress_key(ret.pk), 0.0))


def _claim(return_id: int) -> Return | None:
    # VALIDATING is claimable too: with the lock held, its worker must have died mid-load.
    claimed = Return.objects.filter(
        pk=return_id, status__in=[Return.Status.RECEIVED, Return.Status.VALIDATING]
    ).update(status=Return.Status.VALIDATING, attempts=F("attempts") + 1, started_at=timezone.now())
    return Return.objects.select_related("force").get(pk=return_id) if claimed else None


def return_process(*, return_id: int, aggregates: bool = True) -> Return | None:
    """Validate and load one return, whole or not at all. Safe to run twice: returns None when
    there is nothing to do, and raises ReturnBusy while another worker is loading it. With
    `aggregates` false the national and similar-group figures are left to the nightly run,
    which computes each once after a batch instead of once per return."""
    with advisory_lock(LockNamespace.RETURN_LOAD, return_id, notice_dead_client=True) as mine:
        if not mine:
            if Return.objects.filter(
                pk=return_id, status__in=[Return.Status.RECEIVED, Return.Status.VALIDATING]
            ).exists():
                raise ReturnBusy(return_id)
            return None
        ret = _claim(return_id)
        if ret is None:
            return None
        if (
            Return.objects.current()
            .filter(
                force=ret.force, dataset=ret.dataset, period=ret.period, version__gt=ret.version
            )
            .exists()
        ):
            Return.objects.filter(pk=ret.pk).update(
                status=Return.Status.SUPERSEDED, finished_at=timezone.now()
            )
            return ret
        try:
            _validate_and_load(ret, aggregates=aggregates)
        except engine.Rejected as rejected:
            _reject(ret, rejected.report)
        except Exception as exc:
            # Whatever went wrong, the return settles: nothing was loaded (the load is one
            # transaction), and the sender is told to send the file again.
            logger.exception("return %s could not be processed", ret.pk)
            _reject(ret, processing_fault_report(ret.declaration, exc))
        finally:
            cache.delete(progress_key(ret.pk))
        ret.refresh_from_db()
        return ret


def _validate_and_load(ret: Return, *, aggregates: bool = True) -> None:
    started = time.perf_counter()
    key, path = progress_key(ret.pk), files.path_of(ret.file_path)
    # The file's header says which version of the schema it follows.
    dataset = engine.version_of_file(ret.declaration, path)
    model = model_of(dataset)
    args = {
        "force": ret.force,
        "period": ret.period_label,
        "progress": lambda fraction: cache.set(key, round(0.8 * fraction, 3), 3600),
    }
    try:
        with transaction.atomic():
            # Small returns share their dataset's one table; the rest get a partition each.
            load = engine.copy_shared if dataset.small else engine.copy_typed
            outcome = load(dataset, path, table=model._meta.db_table, return_id=ret.pk, **args)
            timings = _finish_load(
                ret, dataset, outcome, outcome.rows_total, started, aggregates=aggregates
            )
            committing = time.perf_counter()
        _record_commit_time(ret, timings, committing)
        return
    except engine.GateFailed:
        pass
    # The file is bad: read it again, into text staging, to name every problem.
    with transaction.atomic():
        engine.validate(dataset, path, **args)
        raise engine.Rejected(_unplaced_problem_report(dataset))


def processing_fault_report(dataset, exc: BaseException | None = None) -> dict:
    fault = f" ({type(exc).__name__})" if exc is not None else ""
    return engine.problem_report(
        dataset,
        FileProblem(
            f"The return could not be processed because of a fault in the service{fault}, "
            "not in the file. Nothing from it was loaded and the version in force stays. Send "
            "the same file again to retry; the fault is logged for the service team.",
            code=PROCESSING_FAULT,
        ),
    )


def return_settle_after_fault(return_id: int) -> None:
    """For a task that died with the return unsettled: reject it as a processing fault, so
    that no return stays received or validating once its task has ended."""
    unsettled = Return.objects.filter(
        pk=return_id, status__in=[Return.Status.RECEIVED, Return.Status.VALIDATING]
    ).first()
    if unsettled is not None:
        _reject(unsettled, processing_fault_report(unsettled.declaration))


def _unplaced_problem_report(dataset) -> dict:
    return engine.problem_report(
        dataset,
        FileProblem(
            "The file failed a check while loading that could not be placed on a row; send it "
            "again or ask for help.",
            code="load_check",
        ),
    )


def _record_commit_time(ret: Return, timings: dict, committing: float) -> None:
    timings["commit"] = round(time.perf_counter() - committing, 3)
    Return.objects.filter(pk=ret.pk).update(timings=timings)


def _finish_load(
    ret: Return, dataset, outcome, loaded: int, started: float, *, aggregates: bool = True
) -> dict:
    _supersede_older(ret, model_of(dataset))
    # The figures read what the file's version holds: none from a column it lacks.
    Return.objects.filter(pk=ret.pk).update(
        status=Return.Status.LOADED, schema_version=dataset.version
    )
    source_changes_declare(ret=ret)
    refresh_started = time.perf_counter()
    # In the load's transaction: figures never disagree with the records in force.
    if not _figures_refresh:
        raise ImproperlyConfigured("No refresh of the figures after a load is registered.")
    _figures_refresh[0](
        force=ret.force, dataset=ret.dataset, period=ret.period, aggregates=aggregates
    )
    outcome.timings["observations"] = round(time.perf_counter() - refresh_started, 3)
    timings = {**ret.timings, **outcome.timings, "total": round(time.perf_counter() - started, 3)}
    Return.objects.filter(pk=ret.pk).update(
        status=Return.Status.LOADED,
        rows_total=outcome.rows_total,
        rows_loaded=loaded,
        report=outcome.report,
        timings=timings,
        finished_at=timezone.now(),
    )
    return timings


def _supersede_older(ret: Return, model) -> None:
    older = (
        Return.objects.current()
        .filter(force=ret.force, dataset=ret.dataset, period=ret.period)
        .exclude(pk=ret.pk)
    )
    ids = list(older.values_list("pk", "kind"))
    if ids:
        with connection.cursor() as cursor:
            for pk, kind in ids:  # an older version may be of the other kind, in its own table
                declared = declaration_of(ret.dataset, kind)
                table = model_of(declared)._meta.db_table
                if declared.small:
                    cursor.execute(f"DELETE FROM {table} WHERE return_id = %s", [pk])
                else:
                    partitions.drop_for_returns(cursor, table, [pk])
        older.update(status=Return.Status.SUPERSEDED)


def _reject(ret: Return, report: dict) -> None:
    Return.objects.filter(pk=ret.pk).update(
        status=Return.Status.REJECTED,
        rows_total=report.get("rows_total"),
        rows_loaded=0,
        report=report,
        finished_at=timezone.now(),
    )
    ret.refresh_from_db()
    notify_return_rejected(ret)


def return_validate_dry_run(*, dataset: Dataset, force, period: date, upload) -> dict:
    """Validate a file as the overnight run would, storing nothing."""
    try:
        check_period(dataset, period)
        check_upload(upload, dataset)
    except FileProblem as problem:
        return engine.problem_report(dataset, problem)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "return.csv"
        with open(path, "wb") as out:
            upload.seek(0)
            while block := upload.read(files.CHUNK):
                out.write(block)
        try:
            with transaction.atomic():
                outcome = engine.validate(
                    engine.version_of_file(dataset, path),
                    path,
                    force=force,
                    period=period.strftime("%Y-%m"),
                    progress=lambda f: None,
                )
                raise engine.Rejected(outcome.report)  # always roll back: nothing is stored
        except engine.Rejected as result:
            return result.report


def collection_start_set(*, force, dataset: str, first_period: date) -> None:
    """From this month on, the force's return of the dataset is expected (and can be missing)."""
    CollectionStart.objects.update_or_create(
        force=force, dataset=dataset, defaults={"first_period": first_period.replace(day=1)}
    )


def return_file_response(*, ret: Return, request):
    """The raw file as it was received, as a download; audited."""
    from django.http import FileResponse, Http404

    path = files.path_of(ret.file_path)
    if not path.exists():
        raise Http404
    audit_record(
        action=AuditEvent.Action.DOWNLOAD,
        user=request.user,
        obj=ret,
        request=request,
        what="raw return file",
    )
    name = f"{ret.force.slug}-{ret.dataset}-{ret.period_label}-v{ret.version}.csv"
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=name, content_type="text/csv"
    )
