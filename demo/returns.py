"""Demo returns: generated files for every force, plus the real street-level files we hold,
sent and loaded through the same services as a force's upload and the overnight run."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from accounts.services import user_assign_role
from demo.generator import POPULATION_YEAR, ForceInfo, parse_months, write_returns
from forces.models import Force
from metrics.datasets import DATASETS
from metrics.models import Return
from metrics.observations.refresh import aggregates_deferred, aggregates_refresh_all
from metrics.returns.services import (
    collection_start_set,
    parse_period,
    return_submit,
    returns_queue_received,
)

REAL_STREET_CRIME = Path(settings.BASE_DIR) / "data" / "real" / "street_crime_2024"


def system_account(force: Force):
    """The force's system account, which sends its returns."""
    user, _ = get_user_model().objects.get_or_create(
        username=f"returns-{force.slug}", defaults={"email": f"returns@{force.slug}.example"}
    )
    user.set_unusable_password()
    user.save()
    user_assign_role(user=user, role=Role.FORCE_DATA_OFFICER, force=force)
    return user


def _send(force: Force, user, dataset: str, period: str, path: Path) -> None:
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return_submit(
        user=user,
        force=force,
        dataset=DATASETS[dataset],
        period=parse_period(period),
        upload=upload,
    )


def demo_returns_load(*, months: str, scale: float, out_dir: Path, say=print) -> dict:
    """Generate and send every force's returns for the months, then run the overnight load."""
    forces = list(Force.objects.prefetch_related("populations"))
    periods = parse_months(months)
    infos = [ForceInfo(f.slug, f.name, f.population_in(POPULATION_YEAR).population) for f in forces]
    written = write_returns(infos, periods, out_dir, scale=scale)
    say(f"generated {len(written)} return files for {len(forces)} forces, {months}")
    by_slug = {f.slug: (f, system_account(f)) for f in forces}
    collection_starts_set(forces, first_period=parse_period(periods[0]))
    with aggregates_deferred():
        for item in written:
            if item.dataset == "street_crime" and _real_street_file(item.force, item.period):
                continue  # the real published file stands in for the generated one
            force, user = by_slug[item.force]
            _send(force, user, item.dataset, item.period, item.path)
        for path in sorted(REAL_STREET_CRIME.glob("*/*.csv")):
            period, slug = path.parent.name, path.name[8:].removesuffix("-street.csv")
            if period in periods and slug in by_slug:
                _send(*by_slug[slug], "street_crime", period, path)
        # Returns not loaded on receipt (PROCESS_RETURNS_ON_RECEIPT off) load here.
        processed = returns_queue_received()
    aggregates_refresh_all(parse_period(p) for p in periods)
    counts = {s: Return.objects.filter(status=s).count() for s in Return.Status.values}
    say(
        f"overnight run processed {processed} returns: "
        + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    )
    return counts


def collection_starts_set(forces, *, first_period) -> None:
    """The demo's forces send every dataset from its first month: none is missing before."""
    for force in forces:
        for dataset in DATASETS:
            collection_start_set(force=force, dataset=dataset, first_period=first_period)


def _real_street_file(slug: str, period: str) -> bool:
    return (REAL_STREET_CRIME / period / f"{period}-{slug}-street.csv").exists()
