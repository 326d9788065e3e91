import os
import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.engage import load_engage_demo
from demo.neighbourhood import load_neighbourhood_demo
from demo.plan import DEMO_MONTHS
from demo.returns import demo_returns_load
from demo.users import demo_users_create
from metrics.returns.completeness import london_today
from oversight.flags.nightly import nightly_run


class Command(BaseCommand):
    help = (
        "Create one demo user per role, print their logins, and load the months of generated "
        "returns that end with the latest already due (and the real street-level files) "
        "through the returns pipeline, then run the nightly analysis and load the Engage cases "
        "that follow the public record."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            default=os.environ.get("DEMO_MONTHS", str(DEMO_MONTHS)),
            help=f"How many months of each dataset to load, ending with the latest due "
            f"(default {DEMO_MONTHS}).",
        )
        parser.add_argument(
            "--today",
            default=os.environ.get("DEMO_TODAY", ""),
            help="The date the demo is set up as of, YYYY-MM-DD (default: today in London).",
        )
        parser.add_argument(
            "--forces",
            default=os.environ.get("DEMO_FORCES", ""),
            help="Only these forces' returns, comma-separated data.police.uk ids (default all).",
        )
        parser.add_argument("--no-returns", action="store_true")

    def handle(self, *args, months, today, forces, no_returns, **options):
        today = self._today(today)
        if not no_returns:
            months = self._months(months)
            started = time.perf_counter()
            out_dir = Path(settings.VAR_DIR) / "demo-returns"
            demo_returns_load(
                today=today,
                out_dir=out_dir,
                months=months,
                forces=[f for f in forces.split(",") if f] or None,
                say=self.stdout.write,
            )
            self.stdout.write(f"demo returns loaded in {time.perf_counter() - started:.0f} s")
            # The loads refreshed their own figures: the nightly run flags and assesses.
            started = time.perf_counter()
            result = nightly_run(since=timezone.now(), today=today)
            self.stdout.write(f"stage nightly seconds={time.perf_counter() - started:.1f}")
            self.stdout.write(f"nightly analysis: {result}")
        # Engage cases follow the public record; a second run finds them and adds nothing.
        started = time.perf_counter()
        engage = load_engage_demo(today)
        self.stdout.write(f"stage engage seconds={time.perf_counter() - started:.1f}")
        self.stdout.write(f"engage: {engage}")
        self.stdout.write(f"asb register: {load_neighbourhood_demo(today)}")
        for role, username, password in demo_users_create():
            self.stdout.write(f"demo login: {role.value} {username} {password}")

    def _months(self, text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise CommandError(
                f"--months (DEMO_MONTHS) is a number of months, such as {DEMO_MONTHS}, "
                f"not {text!r}: the demo's months end with the latest already due."
            )
        return int(text)

    def _today(self, text: str) -> date:
        if not text:
            return london_today()
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--today must be a date YYYY-MM-DD, not {text!r}.") from None
