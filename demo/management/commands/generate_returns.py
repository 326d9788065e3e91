"""Write realistic synthetic return files for forces and months (see demo/generator/)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo import generator
from forces.models import Force
from metrics.datasets import DATASETS


class Command(BaseCommand):
    help = (
        "Write synthetic return files as DIR/<YYYY-MM>/<force>-<dataset>.csv (street_crime as "
        "DIR/<YYYY-MM>/<YYYY-MM>-<force>-street.csv, like data.police.uk). Volumes follow each "
        "force's population; scenarios built into demo.generator.SCENARIOS show through."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--forces",
            required=True,
            help="Comma-separated data.police.uk ids (e.g. durham,cumbria), or 'all'.",
        )
        parser.add_argument(
            "--months",
            required=True,
            help="An inclusive range 2024-01..2024-06, or a comma list 2024-01,2024-03.",
        )
        parser.add_argument("--out", required=True, help="Directory to write into.")
        parser.add_argument(
            "--datasets",
            default="",
            help=f"Comma-separated datasets (default all): {', '.join(DATASETS)}.",
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply the records of street_crime, recorded_crime, emergency_calls and "
            "incident_response by this (default 1.0; the demo uses a small scale). workforce, "
            "misconduct_cases and vetting_decisions are small and always full size.",
        )

    def handle(self, *args, **options):
        forces = self._forces(options["forces"])
        try:
            months = generator.parse_months(options["months"])
        except ValueError as exc:
            raise CommandError(f"Bad --months {options['months']!r}: {exc}.") from None
        datasets = self._datasets(options["datasets"])
        if options["scale"] <= 0:
            raise CommandError(f"--scale must be positive, not {options['scale']:g}.")
        if options["seed"] < 0:
            raise CommandError(f"--seed must not be negative, not {options['seed']}.")
        out = Path(options["out"])
        started, files, rows = time.perf_counter(), 0, 0

        def progress(written: generator.Written) -> None:
            nonlocal files, rows
            files, rows = files + 1, rows + written.rows
            self.stdout.write(f"{written.path}  {written.rows} rows")

        generator.write_returns(
            [self._info(force) for force in forces],
            months,
            out,
            datasets=datasets,
            seed=options["seed"],
            scale=options["scale"],
            progress=progress,
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {files} files ({rows} rows) for {len(forces)} force(s) x {len(months)} "
                f"month(s) x {len(datasets)} dataset(s) to {out} in {elapsed:.1f}s "
                f"(seed {options['seed']}, scale {options['scale']:g})."
            )
        )

    def _forces(self, text: str) -> list[Force]:
        wanted = [s.strip() for s in text.split(",") if s.strip()]
        if not wanted:
            raise CommandError("--forces is empty: give data.police.uk ids or 'all'.")
        if wanted == ["all"]:
            return list(Force.objects.order_by("name"))
        found = {f.slug: f for f in Force.objects.filter(slug__in=wanted)}
        unknown = [s for s in wanted if s not in found]
        if unknown:
            raise CommandError(
                f"Unknown force(s): {', '.join(unknown)}. Use data.police.uk ids such as "
                "durham or metropolitan, or 'all'."
            )
        return [found[s] for s in dict.fromkeys(wanted)]

    def _datasets(self, text: str) -> list[str]:
        codes = [c.strip() for c in text.split(",") if c.strip()] or list(DATASETS)
        unknown = [c for c in codes if c not in DATASETS]
        if unknown:
            raise CommandError(
                f"Unknown dataset(s): {', '.join(unknown)}. Known: {', '.join(DATASETS)}."
            )
        return list(dict.fromkeys(codes))

    def _info(self, force: Force) -> generator.ForceInfo:
        # Volumes are calibrated on the populations of one year; growth is the generator's.
        population = force.population_in(generator.POPULATION_YEAR)
        if population is None:
            population = force.populations.order_by("year").first()
        if population is None:
            raise CommandError(f"Force {force.slug} has no population figure to scale by.")
        return generator.ForceInfo(force.slug, force.name, population.population)
