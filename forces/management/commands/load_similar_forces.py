from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from forces.models import SimilarForce
from forces.services import similar_forces_load_csv


class Command(BaseCommand):
    help = "Load each force's similar forces from a CSV with columns force,similar,rank."

    def add_arguments(self, parser):
        parser.add_argument("csv_path", type=Path)
        parser.add_argument(
            "--source", choices=SimilarForce.Source.values, default=SimilarForce.Source.OFFICIAL
        )

    def handle(self, *args, csv_path, source, **options):
        try:
            text = csv_path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {csv_path}: {exc}") from exc
        try:
            count = similar_forces_load_csv(text=text, source=source)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"loaded {count} similar-force rows from {csv_path}")
