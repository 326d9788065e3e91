from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from accounts import access
from accounts.access import Decision
from forces.models import Force
from metrics.ingest.files import FileProblem
from metrics.returns.history import history_submit
from metrics.returns.services import dataset_named, return_process


class Command(BaseCommand):
    help = (
        "Load a force's history in one step: an aggregate file of many months (the dataset's "
        "aggregate schema, kind=aggregate in /api/v1/datasets/) is split into monthly aggregate "
        "returns, sent as the given user, and loaded now (or by the overnight run)."
    )

    def add_arguments(self, parser):
        parser.add_argument("force", help="The force's data.police.uk id, e.g. durham")
        parser.add_argument("dataset", help="The dataset, e.g. emergency_calls")
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Who sends it (an administrator)")
        parser.add_argument(
            "--later", action="store_true", help="Leave the returns to the overnight run"
        )

    def handle(self, *args, force, dataset, file, user, later, **options):
        found = Force.objects.filter(slug=force).first()
        if found is None:
            raise CommandError(f"No force has the id {force!r}.")
        sender = get_user_model().objects.filter(username=user).first()
        if sender is None:
            raise CommandError(f"No user is called {user!r}.")
        try:
            access.require(sender, Decision.SUBMIT_RETURNS, found)
        except (Http404, PermissionDenied):
            raise CommandError(f"{user} may not send returns for {found.name}.") from None
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        upload = SimpleUploadedFile(file.name, file.read_bytes(), content_type="text/csv")
        try:
            sent = history_submit(
                user=sender,
                force=found,
                dataset=dataset_named(dataset, "aggregate"),
                upload=upload,
            )
        except FileProblem as problem:
            raise CommandError(str(problem)) from problem
        first, last = sent[0].period_label, sent[-1].period_label
        self.stdout.write(f"sent {len(sent)} monthly aggregate returns, {first} to {last}")
        if later:
            return
        outcomes: dict[str, int] = {}
        for ret in sent:
            done = return_process(return_id=ret.pk)
            status = (done or ret).status
            outcomes[status] = outcomes.get(status, 0) + 1
        self.stdout.write(", ".join(f"{n} {status}" for status, n in sorted(outcomes.items())))
