"""Demo returns: generated files for every force, plus the real street-level files we hold,
sent and loaded through the same services as a force's upload and the overnight run, as
demo.plan lays them out for today."""

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.services import user_assign_role
from demo.generator import POPULATION_YEAR, SCENARIOS, months_between, write_return
from demo.plan import DEMO_MONTHS, Plan, Send, demo_plan
from forces.models import Force
from forces.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from metrics.datasets import DATASETS
from metrics.ingest.files import uploads_synced_together
from metrics.models import RecordingChange, Return
from metrics.observations.batch import observations_deferred
from metrics.observations.refresh import (
    aggregates_deferred,
    aggregates_refresh,
    metrics_affected_by,
    similar_groups,
)
from metrics.returns.completeness import LONDON
from metrics.returns.recording_changes import recording_change_declare, recording_change_review
from metrics.returns.services import (
    collection_start_set,
    return_submit,
    returns_process_received,
)

REAL_STREET_CRIME = Path(settings.BASE_DIR) / "data" / "real" / "street_crime_2024"
ISO_DATE = re.compile(rb"\b(\d{4})-(\d{2})-(\d{2})\b")


def system_account(force: Force):
    """The force's system account, which sends its returns."""
    user, _ = get_user_model().objects.get_or_create(
        username=f"returns-{force.slug}", defaults={"email": f"returns@{force.slug}.example"}
    )
    user.set_unusable_password()
    user.save()
    user_assign_role(user=user, role=Role.FORCE_DATA_OFFICER, force=force)
    return user


def real_street_files() -> dict[tuple[str, Month], Path]:
    """The data.police.uk files we hold, by force and month."""
    found = {}
    for path in sorted(REAL_STREET_CRIME.glob("*/*-street.csv")):
        period = path.parent.name
        found[path.name[8:].removesuffix("-street.csv"), Month.parse(period)] = path
    return found


def scenario_shift(plan: Plan) -> int:
    """Months to move the generator's scenarios by so that the first begins halfway through
    the demo's window, with a year of stable months before it to judge it against."""
    months = plan.all_months
    first = min(s.start for s in SCENARIOS)
    return months_between(first, months[len(months) // 2].label())


def demo_returns_load(
    *,
    today: date,
    scale: float,
    out_dir: Path,
    months: int = DEMO_MONTHS,
    forces: list[str] | None = None,
    datasets: list[str] | None = None,
    say=print,
) -> dict:
    """Generate and send every force's returns (or those of the forces and datasets given) as
    planned for today, then run the overnight load; returns how many returns ended in each
    status."""
    chosen = Force.objects.prefetch_related("populations").order_by("name")
    if forces is not None:
        chosen = chosen.filter(slug__in=forces)
    forces = {f.slug: f for f in chosen}
    real = real_street_files()
    real_forces = {slug for slug, _ in real}
    plan = demo_plan(today, list(forces), real_forces, count=months, datasets=datasets)
    windows = {m for w in plan.months.values() for m in (w[0], w[-1])}
    say(f"demo months {min(windows)}..{max(windows)} for {len(forces)} forces")
    collection_starts_set(forces, plan)
    users = {slug: system_account(force) for slug, force in forces.items()}
    generated_street_declare(forces, users, generated_street_from(plan, real), scale)
    shift = scenario_shift(plan)
    with aggregates_deferred():
        started = perf_counter()
        with transaction.atomic(), uploads_synced_together():
            sent = {}
            for send, path in _files(plan, forces, real, out_dir, scale=scale, shift=shift):
                sent[_send(forces[send.force], users[send.force], send, path).pk] = send.at
            _back_date(sent)
        say(f"generated and sent {len(sent)} returns in {perf_counter() - started:.0f} s")
        # The overnight run, here and now: each return still loads whole or not at all, in its
        # own savepoint, but the batch commits once, its force figures are computed together
        # at its end, and each aggregate once after that.
        started = perf_counter()
        with transaction.atomic(), observations_deferred():
            outcomes = returns_process_received(aggregates=False)
        say(f"overnight run loaded them in {perf_counter() - started:.0f} s")
        started = perf_counter()
        with transaction.atomic():
            _aggregates_refresh(plan)
            _back_date_processing(sent)
        say(f"national and similar-group figures in {perf_counter() - started:.0f} s")
    counts = {s: Return.objects.filter(status=s).count() for s in Return.Status.values}
    say(
        f"overnight run processed {sum(outcomes.values())} returns; now "
        + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    )
    return counts


def _aggregates_refresh(plan: Plan) -> None:
    """Each national and similar-group figure that the batch's returns feed, once."""
    loaded = {(send.dataset, send.month.first_day) for send in plan.sends}
    metric_months = {(m.code, p) for code, p in loaded for m in metrics_affected_by(code)}
    groups = similar_groups()
    for code, period in sorted(metric_months):
        aggregates_refresh(metric=METRICS_BY_CODE[code], period=period, groups=groups)


def generated_street_from(plan: Plan, real: dict) -> dict[str, Month]:
    """Of the forces whose real street-level files are sent, the first month after them whose
    file is generated instead."""
    real_months: dict[str, list[Month]] = {}
    for send in plan.sends:
        if send.dataset == "street_crime":
            real_months.setdefault(send.force, []).append(send.month)
    firsts = {}
    for force, months in real_months.items():
        held = [m for m in months if (force, m) in real]
        after = sorted(m for m in set(months) if held and m > max(held))
        if after:
            firsts[force] = after[0]
    return firsts


def generated_street_declare(forces, users, firsts: dict[str, Month], scale: float) -> None:
    """A force's street-level records go from data.police.uk's published files to generated
    ones, at `scale` of their volume: the demo declares that as the recording change it is,
    accepted by the unit, so that SPC limits are rebased there and the drop raises no signal."""
    if not firsts:
        return
    unit = get_user_model().objects.get_or_create(username="demo-performance-unit")[0]
    unit.set_unusable_password()
    unit.save()
    user_assign_role(user=unit, role=Role.ANALYST)
    for slug, month in firsts.items():
        declared = RecordingChange.objects.filter(
            force=forces[slug], dataset="street_crime", effective_from=month.first_day
        )
        if declared.exists():
            continue  # a second demo set-up
        change = recording_change_declare(
            user=users[slug],
            force=forces[slug],
            dataset="street_crime",
            effective_from=month.first_day,
            description=f"Demo data: from {month} the street-level records are generated, at "
            f"{scale:.0%} of the real volume, not data.police.uk's published files.",
        )
        recording_change_review(
            user=unit, change=change, decision="accept", reason="The demo's own data source."
        )


def collection_starts_set(forces: dict[str, Force], plan: Plan) -> None:
    """Each force collects each dataset from the month the plan gives."""
    for (slug, dataset), first in plan.starts.items():
        collection_start_set(force=forces[slug], dataset=dataset, first_period=first.first_day)


def _files(plan: Plan, forces: dict[str, Force], real: dict, out_dir: Path, *, scale, shift):
    """Each send with its file, in the plan's order: the real published file where we hold
    one, else a generated one, spoiled where the plan says. Another process generates the
    files ahead of the sending, so that the two share the machine's cores."""
    populations = {slug: f.population_in(POPULATION_YEAR).population for slug, f in forces.items()}
    jobs = {}
    for send in plan.sends:
        key = (send.force, send.dataset, send.month)
        if key not in jobs and _real_file(send, real) is None:
            jobs[key] = (send.dataset, send.force, forces[send.force].name,
                         populations[send.force], send.month.label(),
                         out_dir / send.month.label(), scale, shift)  # fmt: skip
    with _generating() as generate:
        made = zip(jobs, generate(_generate, jobs.values()), strict=True)
        paths = {}
        for send in plan.sends:
            key = (send.force, send.dataset, send.month)
            path = _real_file(send, real)
            while path is None and key not in paths:
                done, written = next(made)
                paths[done] = written
            path = path or paths[key]
            if send.fault:
                path = _faulty(path, send.fault, out_dir / "faulty" / send.dataset)
            yield send, path


def _real_file(send: Send, real: dict) -> Path | None:
    return real.get((send.force, send.month)) if send.dataset == "street_crime" else None


@contextmanager
def _generating():
    """map() in one other process where processes fork (the child inherits the loaded
    Django and never touches the database), else here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield map
        return
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        yield lambda fn, items: pool.map(fn, items, chunksize=16)


def _generate(job) -> Path:
    dataset, slug, name, population, period, out_dir, scale, shift = job
    return write_return(
        dataset,
        force_slug=slug,
        force_name=name,
        population=population,
        period=period,
        out_dir=out_dir,
        scale=scale,
        scenario_shift=shift,
    )


def _faulty(path: Path, fault: str, out_dir: Path) -> Path:
    """A copy of the file spoiled as forces' files go wrong: dates re-saved by a spreadsheet
    as dd/mm/yyyy, or the upload cut off in the middle of a row."""
    header, _, body = path.read_bytes().partition(b"\n")
    if fault == "excel_dates":
        body = ISO_DATE.sub(rb"\3/\2/\1", body)
    elif fault == "truncated":
        lines = body.splitlines(keepends=True)
        half = lines[len(lines) // 2]
        body = b"".join(lines[: len(lines) // 2]) + half[: half.index(b",") + 1]
    else:
        raise ValueError(f"unknown fault {fault!r}")
    spoiled = out_dir / path.name
    spoiled.parent.mkdir(parents=True, exist_ok=True)
    spoiled.write_bytes(header + b"\n" + body)
    return spoiled


def _send(force: Force, user, send: Send, path: Path) -> Return:
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    ret, _ = return_submit(
        user=user,
        force=force,
        dataset=DATASETS[send.dataset],
        period=send.month.first_day,
        upload=upload,
    )
    return ret


def _back_date(sent: dict[int, datetime]) -> None:
    """Each return arrived when the plan says, not when the demo was set up."""
    rows = [Return(pk=pk, submitted_at=at) for pk, at in sent.items()]
    Return.objects.bulk_update(rows, ["submitted_at"], batch_size=500)


def _back_date_processing(sent: dict[int, datetime]) -> None:
    """Each return was processed in the overnight run after it arrived."""
    now, rows = timezone.now(), []
    for pk, at in sent.items():
        night = datetime.combine(at.date() + timedelta(days=1), time(2), tzinfo=LONDON)
        night = min(night, now)
        rows.append(Return(pk=pk, started_at=night, finished_at=night + timedelta(seconds=5)))
    Return.objects.bulk_update(rows, ["started_at", "finished_at"], batch_size=500)
