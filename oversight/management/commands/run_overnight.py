"""Run the overnight load and the nightly analysis now, instead of waiting for the schedule."""

from django.core.management.base import BaseCommand

from metrics.returns.services import returns_process_received
from oversight.flags.nightly import nightly_run


class Command(BaseCommand):
    help = (
        "Process every return received (validate and load it, in this process), then run the "
        "nightly analysis: refresh figures, raise flags, send the digest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-analysis", action="store_true", help="Only process the returns received."
        )
        parser.add_argument(
            "--refresh-all",
            action="store_true",
            help="Recompute the figures of every loaded return, not only the new ones (after "
            "reference data such as populations changed).",
        )

    def handle(self, *args, no_analysis, refresh_all, **options):
        # The analysis computes the aggregates once, after the whole batch.
        outcomes = returns_process_received(aggregates=no_analysis)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(outcomes.items()))
        self.stdout.write(f"overnight load: {summary or 'no returns waiting'}")
        if not no_analysis:
            self.stdout.write(f"nightly analysis: {nightly_run(refresh_all=refresh_all)}")
