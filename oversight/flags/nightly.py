"""The nightly run: after the overnight load, refresh what changed, raise flags, send the
digest. One at a time: a PostgreSQL advisory lock makes it a singleton."""

import logging
import time
from contextlib import contextmanager

import pandas as pd
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts import access
from accounts.access import Decision
from accounts.models import AuditEvent
from accounts.services import audit_record
from forces.models import Force
from kit.locks import LockNamespace, advisory_lock
from metrics.catalogue import METRICS_BY_CODE
from metrics.catalogue.targets import targets_set
from metrics.datasets import DATASETS
from metrics.observations.models import Observation
from metrics.observations.refresh import (
    aggregates_refresh,
    metrics_affected_by,
    observations_refresh,
    similar_groups,
)
from metrics.returns.completeness import Status as CompletenessStatus
from metrics.returns.completeness import completeness_cells, last_months
from metrics.returns.models import Return
from metrics.returns.recording_changes import accepted_change_points
from oversight.assessments.services import assessments_store
from oversight.flags import detectors
from oversight.flags.models import Flag, FlagComment, NightlyRun

logger = logging.getLogger(__name__)


def observation_frame() -> pd.DataFrame:
    rows = Observation.objects.filter(level=Observation.Level.FORCE).values_list(
        "force_id", "metric", "period", "numerator", "denominator", "value"
    )
    return pd.DataFrame(
        list(rows), columns=["force_id", "metric", "period", "numerator", "denominator", "value"]
    )


class Failures:
    """What went wrong in a run, one entry per failing step, metric, month or group. Each
    guarded step runs in its own savepoint, so a failure undoes only that step and the
    night goes on."""

    def __init__(self):
        self.entries: list[dict] = []

    @contextmanager
    def guard(self, step: str, **where):
        try:
            with transaction.atomic():
                yield
        except Exception as error:  # noqa: BLE001 (one bad metric must not stop the night)
            logger.exception("nightly run: %s failed for %s", step, where)
            self.entries.append(
                {"step": step, **{k: str(v) for k, v in where.items()}, "error": repr(error)}
            )


def refresh_changed(since, failures: Failures | None = None) -> int:
    """Refresh the force-months whose returns loaded since the last run (loads refresh their
    own force-month; this catches aggregates and anything a failed refresh left behind)."""
    changed = (
        Return.objects.filter(status=Return.Status.LOADED, finished_at__gte=since)
        if since
        else Return.objects.current()
    )
    keys = set(changed.values_list("force_id", "dataset", "period"))

    failures = failures or Failures()
    forces = Force.objects.in_bulk({k[0] for k in keys})
    metric_months = set()
    for force_id, dataset, period in keys:
        with failures.guard("refresh", force=forces[force_id].slug, dataset=dataset, period=period):
            observations_refresh(
                force=forces[force_id], dataset=dataset, period=period, aggregates=False
            )
        metric_months |= {(m, period) for m in metrics_affected_by(dataset)}
    groups = similar_groups()
    for metric, period in metric_months:  # each aggregate once, not once per force
        with failures.guard("aggregates", metric=metric.code, period=period):
            aggregates_refresh(metric=metric, period=period, groups=groups)
    return len(keys)


def flags_raise(candidates: list[detectors.Candidate]) -> list[Flag]:
    """Store new flags; a signal already flagged keeps its flag and status, and a standard the
    process keeps failing keeps its one flag (target_flag_held), not one a month."""
    new = []
    for c in candidates:
        if c.rule == Flag.Rule.TARGET_MISSED and target_flag_held(c.force_id, c.metric):
            continue
        flag, created = Flag.objects.get_or_create(
            force_id=c.force_id,
            metric=c.metric,
            dataset=c.dataset,
            period=c.period,
            rule=c.rule,
            defaults={"summary": c.summary[:300], "detail": c.detail},
        )
        if created:
            new.append(flag)
    return new


def data_candidates(
    failures: Failures | None = None, *, frame=None, changes=None
) -> list[detectors.Candidate]:
    """SPC, standard and funnel candidates, metric by metric: a metric that fails is
    recorded in `failures` and the others still run."""
    failures = failures or Failures()
    frame = observation_frame() if frame is None else frame
    if frame.empty:
        return []
    changes = accepted_change_points() if changes is None else changes
    candidates = []
    latest = sorted(frame["period"].unique())[-1]
    with failures.guard("barred_list"):
        candidates += detectors.barred_list_candidates(frame)
    targets = targets_set()
    for code, rows in frame.groupby("metric"):
        # A quarterly dataset's latest figure is for the quarter holding the latest month.
        dataset = DATASETS[METRICS_BY_CODE[code].dataset] if code in METRICS_BY_CODE else None
        last = dataset.period_of(latest) if dataset else latest
        with failures.guard("spc", metric=code):
            candidates += detectors.spc_candidates(rows, changes)
        with failures.guard("target", metric=code):
            candidates += detectors.target_candidates(rows, changes, targets)
        with failures.guard("funnel", metric=code, period=last):
            candidates += detectors.funnel_candidates(rows, last)
    return candidates


def last_run_started():
    run = NightlyRun.objects.exclude(finished_at=None).order_by("-started_at").first()
    return run.started_at if run else None


def nightly_run(*, since=None, today=None, refresh_all: bool = False) -> dict:
    """Refresh what loaded since the last run (every loaded return with `refresh_all`, e.g.
    after reference data changed), flag, and send the digest; returns what it did, or
    {"skipped": True} while another run holds the lock."""
    with advisory_lock(LockNamespace.NIGHTLY_RUN) as mine:
        if not mine:
            return {"skipped": True}
        started, failures = time.perf_counter(), Failures()
        run = NightlyRun.objects.create()
        if refresh_all:
            since = None
        elif since is None:
            since = last_run_started()
        refreshed = refresh_changed(since, failures)
        frame, changes = observation_frame(), accepted_change_points()
        candidates = data_candidates(failures, frame=frame, changes=changes)
        assessed = 0
        with failures.guard("assessments"):
            assessed = assessments_store(
                frame, changes, guard=lambda **where: failures.guard("assessments", **where)
            )
        settled = 0
        with failures.guard("target_flags"), transaction.atomic():
            settled += target_flags_settle(candidates, frame, failures)
        with failures.guard("return_flags"):
            candidates += return_candidates(today=today)
            with transaction.atomic():
                settled += return_flags_settle(today=today)
        with transaction.atomic():
            new = flags_raise(candidates)
        sent = 0
        with failures.guard("digest"):
            sent = digest_send(new)
        result = {
            "refreshed": refreshed,
            "new_flags": len(new),
            "settled_flags": settled,
            "assessed": assessed,
            "digest_recipients": sent,
            "seconds": round(time.perf_counter() - started, 2),
        }
        if failures.entries:
            result["failures"] = failures.entries
        run.finished_at, run.result = timezone.now(), result
        run.save(update_fields=["finished_at", "result"])
        return result


def return_candidates(*, today=None) -> list[detectors.Candidate]:
    """Missing, late and rejected returns, from the completeness of recent months."""

    today = today or timezone.localdate()
    rule = {
        CompletenessStatus.MISSING: Flag.Rule.MISSING,
        CompletenessStatus.LATE: Flag.Rule.LATE,
        CompletenessStatus.REJECTED: Flag.Rule.REJECTED,
    }
    found = []
    for cell in completeness_cells(
        Force.objects.all(), periods=last_months(3, today=today), today=today
    ):
        if cell.status in rule:
            found.append(
                detectors.Candidate(
                    cell.force.pk,
                    "",
                    cell.dataset,
                    cell.period,
                    rule[cell.status],
                    f"{cell.dataset} return for {cell.period:%Y-%m}: {cell.status.label.lower()}",
                    {"due_date": str(cell.due_date), "return_id": cell.return_id},
                )
            )
    return found


# A missing or rejected return flag stops being true once a return for its month loads (or the
# month is no longer expected); a late flag stays true: that return was late.
SETTLED_WHEN = (
    CompletenessStatus.ON_TIME,
    CompletenessStatus.LATE,
    CompletenessStatus.NOT_EXPECTED,
)


def target_flag_held(force_id: int, metric: str) -> bool:
    """The force's latest standard flag on the metric still stands: it is open, or someone
    closed it. Only one the nightly run closed, when the assurance improved, lets a new one
    be raised when the process fails again."""
    latest = (
        Flag.objects.filter(force_id=force_id, metric=metric, rule=Flag.Rule.TARGET_MISSED)
        .order_by("-period", "-id")
        .first()
    )
    if latest is None:
        return False
    return latest.status != Flag.Status.CLOSED or latest.status_changed_by_id is not None


def target_flags_settle(candidates, frame, failures: Failures) -> int:
    """Close, each with a note, the open standard flags of forces whose process no longer
    fails the standard tonight; not for a metric whose standard check failed tonight."""
    failing = {(c.force_id, c.metric) for c in candidates if c.rule == Flag.Rule.TARGET_MISSED}
    unchecked = {e.get("metric") for e in failures.entries if e["step"] == "target"}
    assessed = set() if frame.empty else set(zip(frame["force_id"], frame["metric"], strict=True))
    settled = 0
    for flag in Flag.objects.filter(rule=Flag.Rule.TARGET_MISSED).exclude(
        status=Flag.Status.CLOSED
    ):
        key = (flag.force_id, flag.metric)
        if key in failing or flag.metric in unchecked or key not in assessed:
            continue
        flag.status, flag.status_changed_by = Flag.Status.CLOSED, None
        flag.save(update_fields=["status", "status_changed_by", "updated_at"])
        note = (
            "Closed by the nightly run: the process no longer consistently fails the target "
            "(nor hits and misses it with a special cause of concern in its latest month)."
        )
        FlagComment.objects.create(flag=flag, author=None, text=note)
        audit_record(action=AuditEvent.Action.CHANGE, obj=flag, status=flag.status, reason=note)
        settled += 1
    return settled


def return_flags_settle(*, today=None) -> int:
    """Close the open missing and rejected return flags whose month now has a loaded return,
    each with a note saying so, audited; returns how many were closed."""
    open_flags = list(
        Flag.objects.filter(rule__in=(Flag.Rule.MISSING, Flag.Rule.REJECTED))
        .exclude(status=Flag.Status.CLOSED)
        .select_related("force")
    )
    if not open_flags:
        return 0
    cells = completeness_cells(
        {f.force for f in open_flags},
        periods={f.period for f in open_flags},
        datasets={f.dataset for f in open_flags},
        today=today,
    )
    now = {(c.force.pk, c.dataset, c.period): c.status for c in cells}
    settled = 0
    for flag in open_flags:
        status = now.get((flag.force_id, flag.dataset, flag.period))
        if status not in SETTLED_WHEN:
            continue
        flag.status, flag.status_changed_by = Flag.Status.CLOSED, None
        flag.save(update_fields=["status", "status_changed_by", "updated_at"])
        now_is = status.label.lower()
        note = f"Closed by the nightly run: the return for {flag.period:%B %Y} is now {now_is}."
        FlagComment.objects.create(flag=flag, author=None, text=note)
        audit_record(action=AuditEvent.Action.CHANGE, obj=flag, status=flag.status, reason=note)
        settled += 1
    return settled


def digest_send(new: list[Flag]) -> int:
    if not new:
        return 0
    analysts = access.emails_of(access.users_who(Decision.RECEIVE_FLAG_DIGEST))
    if not analysts:
        return 0
    lines = [f"{len(new)} new flag(s) from the nightly run:", ""]
    for flag in sorted(new, key=lambda f: (f.force.name, f.metric, f.rule)):
        lines.append(f"- {flag.force.name}, {flag.period:%Y-%m}: {flag.summary} [{flag.rule}]")
    send_mail(
        subject=f"Nightly digest: {len(new)} new flag(s)",
        message="\n".join(lines),
        from_email=None,
        recipient_list=analysts,
    )
    return len(analysts)
