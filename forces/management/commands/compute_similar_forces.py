from django.core.management.base import BaseCommand

from forces.services import SIMILARITY_VARIABLES, similar_forces_compute


class Command(BaseCommand):
    help = (
        "Compute each force's most similar forces from the reference data (nearest "
        "neighbours on " + ", ".join(SIMILARITY_VARIABLES) + ")."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=7)

    def handle(self, *args, size, **options):
        count = similar_forces_compute(size=size)
        self.stdout.write(f"computed {count} similar-force rows ({size} per force)")
