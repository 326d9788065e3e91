"""Demo returns: generated files for every force at full volume, plus the real street-level
files we hold, sent and loaded through the same API, services and overnight run as a force's
returns, as demo.plan lays them out for today: the history as aggregate returns, the latest
months as record-level returns."""

import multiprocessing
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.services import token_create, user_assign_role
from demo.generator import POPULATION_YEAR, SCENARIOS, months_between, write_return
from demo.generator.aggregates import aggregate_rows, write_aggregate
from demo.plan import DEMO_MONTHS, Plan, Send, demo_plan
from forces.models import Force
from kit.periods import Month
from metrics.catalogue import METRICS_BY_CODE
from metrics.datasets import declaration_of
from metrics.ingest.files import uploads_synced_together
from metrics.models import Return
from metrics.observations.batch import observations_deferred
from metrics.observations.refresh import (
    aggregates_deferred,
    aggregates_refresh,
    metrics_affected_by,
    similar_groups,
)
from metrics.returns.completeness import LONDON
from metrics.returns.services import collection_start_set, return_process, return_submit

REAL_STREET_CRIME = Path(settings.BASE_DIR) / "data" / "real" / "street_crime_2024"
ISO_DATE = re.compile(rb"\b(\d{4})-(\d{2})-(\d{2})\b")
ISO_MONTH = re.compile(rb"(?<=,)(\d{4})-(\d{2})(?=,)")


def _excel_month(match) -> bytes:
    """2024-05 as a spreadsheet re-saves it: May-24."""
    month = date(int(match.group(1)), int(match.group(2)), 1)
    return month.strftime("%b-%y").encode()


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


class Stages:
    """The load's stages, each timed and printed as it ends: `stage <name> seconds=<s>`."""

    def __init__(self, say):
        self.say, self.seconds, self.running = say, {}, None

    def start(self, name: str) -> None:
        self.running = (name, perf_counter())

    def stop(self, note: str = "") -> None:
        name, started = self.running
        self.seconds[name] = perf_counter() - started
        self.say(f"stage {name} seconds={self.seconds[name]:.1f}" + (f" {note}" if note else ""))

    @contextmanager
    def stage(self, name: str):
        self.start(name)
        yield
        self.stop()


def demo_returns_load(
    *,
    today: date,
    out_dir: Path,
    months: int = DEMO_MONTHS,
    forces: list[str] | None = None,
    datasets: list[str] | None = None,
    say=print,
) -> dict:
    """Generate and send every force's returns (or those of the forces and datasets given) as
    planned for today, at full volume: the history as aggregate returns, the latest months as
    record-level returns through the API; each is loaded as the overnight run loads it.
    Returns how many returns ended in each status."""
    chosen = Force.objects.prefetch_related("populations").order_by("name")
    if forces is not None:
        chosen = chosen.filter(slug__in=forces)
    forces = {f.slug: f for f in chosen}
    real = real_street_files()
    plan = demo_plan(today, list(forces), {slug for slug, _ in real}, count=months,
                     datasets=datasets)  # fmt: skip
    windows = {m for w in plan.months.values() for m in (w[0], w[-1])}
    say(f"demo months {min(windows)}..{max(windows)} for {len(forces)} forces")
    collection_starts_set(forces, plan)
    senders = {slug: ForceSender(force) for slug, force in forces.items()}
    stages, sent, outcomes = Stages(say), {}, Counter()
    with aggregates_deferred(), transaction.atomic(), uploads_synced_together():
        with observations_deferred():
            # Each return is loaded as soon as it is sent, as the overnight run loads it, while
            # other processes generate the files ahead of it: the machine's cores share the
            # work. The batch's force figures are computed together as the block ends.
            stages.start("generate_send_and_load")
            for send, path in _files(plan, forces, real, out_dir, shift=scenario_shift(plan)):
                pk = senders[send.force].send(send, path)
                sent[pk] = send.at
                done = return_process(return_id=pk, aggregates=False)
                outcomes[done.status if done else "unchanged"] += 1
            rows = Return.objects.filter(pk__in=list(sent)).aggregate(n=Sum("rows_loaded"))["n"]
            kinds = Counter(send.kind for send in plan.sends)
            stages.stop(f"{kinds['aggregate']} aggregate, {kinds['records']} records, rows={rows}")
            stages.start("force_figures")
        stages.stop()
    with stages.stage("national_and_group_figures"), transaction.atomic():
        _back_date(sent)
        _aggregates_refresh(plan)
        _back_date_processing(sent)
    counts = {s: Return.objects.filter(status=s).count() for s in Return.Status.values}
    say(
        f"loaded {sum(outcomes.values())} returns as sent; now "
        + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    )
    return counts


class ForceSender:
    """A force's system account, sending as the force would: the latest months through the API
    with its token, history (aggregate returns, and the small returns that have no aggregate
    twin) through the same service the history load uses, so that a force's sends stay within
    the API's limit on returns an hour."""

    def __init__(self, force: Force):
        self.force, self.user = force, system_account(force)
        self.client = None

    def send(self, send: Send, path: Path) -> int:
        if not send.through_api:
            return _send(self.force, self.user, send, path).pk
        if self.client is None:
            _, raw = token_create(user=self.user, days=1)
            self.client = APIClient(HTTP_HOST="127.0.0.1")
            self.client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        with open(path, "rb") as f:
            answer = self.client.post(
                "/api/v1/returns/",
                {"dataset": send.dataset, "period": send.month.label(), "file": f},
                format="multipart",
            )
        if answer.status_code not in (200, 201, 202):
            raise RuntimeError(
                f"the API refused {path.name}: {answer.status_code} {answer.content}"
            )
        return answer.json()["id"]


def _aggregates_refresh(plan: Plan) -> None:
    """Each national and similar-group figure that the batch's returns feed, once."""
    loaded = {(send.dataset, send.month.first_day) for send in plan.sends}
    metric_months = {(m.code, p) for code, p in loaded for m in metrics_affected_by(code)}
    groups = similar_groups()
    for code, period in sorted(metric_months):
        aggregates_refresh(metric=METRICS_BY_CODE[code], period=period, groups=groups)


def collection_starts_set(forces: dict[str, Force], plan: Plan) -> None:
    """Each force collects each dataset from the month the plan gives."""
    for (slug, dataset), first in plan.starts.items():
        collection_start_set(force=forces[slug], dataset=dataset, first_period=first.first_day)


def _files(plan: Plan, forces: dict[str, Force], real: dict, out_dir: Path, *, shift):
    """Each send with its file, in the plan's order: the real published file where we hold
    one, else a generated one of its kind, spoiled where the plan says. Another process
    generates the files ahead of the sending, so that the two share the machine's cores."""
    populations = {slug: f.population_in(POPULATION_YEAR).population for slug, f in forces.items()}
    jobs = {}
    for send in plan.sends:
        key = (send.force, send.dataset, send.month, send.kind)
        if key not in jobs and _real_file(send, real) is None:
            jobs[key] = (send.dataset, send.kind, send.force, forces[send.force].name,
                         populations[send.force], send.month.label(),
                         out_dir / send.kind / send.month.label(), shift)  # fmt: skip
    with _generating() as generate:
        made = zip(jobs, generate(_generate, jobs.values()), strict=True)
        paths = {}
        for send in plan.sends:
            key = (send.force, send.dataset, send.month, send.kind)
            path = _real_file(send, real)
            while path is None and key not in paths:
                done, written = next(made)
                paths[done] = written
            path = path or paths[key]
            if send.fault:
                path = _faulty(path, send.fault, out_dir / "faulty" / send.kind / send.dataset)
            yield send, path


def _real_file(send: Send, real: dict) -> Path | None:
    if send.dataset != "street_crime" or send.kind != "records":
        return None
    return real.get((send.force, send.month))


@contextmanager
def _generating():
    """map() in other processes, one a core, where processes fork (each child inherits the
    loaded Django and never touches the database), else here. The sending beside them is
    light: the load comes after."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield map
        return
    workers = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield lambda fn, items: pool.map(fn, items, chunksize=16)


def _generate(job) -> Path:
    dataset, kind, slug, name, population, period, out_dir, shift = job
    if kind == "aggregate":
        rows = aggregate_rows(
            dataset, force_slug=slug, force_name=name, population=population, period=period,
            scenario_shift=shift,
        )  # fmt: skip
        return write_aggregate(dataset, rows, out_dir / f"{slug}-{dataset}.csv")
    return write_return(
        dataset,
        force_slug=slug,
        force_name=name,
        population=population,
        period=period,
        out_dir=out_dir,
        scenario_shift=shift,
    )


def _faulty(path: Path, fault: str, out_dir: Path) -> Path:
    """A copy of the file spoiled as forces' files go wrong: dates re-saved by a spreadsheet
    as dd/mm/yyyy, or the upload cut off in the middle of a row."""
    header, _, body = path.read_bytes().partition(b"\n")
    if fault == "excel_dates":
        body = ISO_DATE.sub(rb"\3/\2/\1", body)
        body = ISO_MONTH.sub(lambda m: _excel_month(m), body)  # an aggregate's months
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
        dataset=declaration_of(send.dataset, send.kind),
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
