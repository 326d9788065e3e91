import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.returns import demo_returns_load
from demo.users import demo_users_create
from oversight.flags.nightly import nightly_run


class Command(BaseCommand):
    help = (
        "Create one demo user per role, print their logins, and load months of generated "
        "returns (and the real street-level files) through the returns pipeline."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", default=os.environ.get("DEMO_MONTHS", "2023-07..2024-06"))
        parser.add_argument(
            "--scale", type=float, default=float(os.environ.get("DEMO_SCALE", "0.02"))
        )
        parser.add_argument("--no-returns", action="store_true")

    def handle(self, *args, months, scale, no_returns, **options):
        if not no_returns:
            started = time.perf_counter()
            out_dir = Path(settings.VAR_DIR) / "demo-returns"
            demo_returns_load(months=months, scale=scale, out_dir=out_dir, say=self.stdout.write)
            self.stdout.write(f"demo returns loaded in {time.perf_counter() - started:.0f} s")
            # The loads refreshed their own figures: the nightly run only raises flags.
            result = nightly_run(since=timezone.now())
            self.stdout.write(f"nightly analysis: {result}")
        for role, username, password in demo_users_create():
            self.stdout.write(f"demo login: {role.value} {username} {password}")
