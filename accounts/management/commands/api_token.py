from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from knox.models import AuthToken

from accounts.services import token_create, token_revoke


class Command(BaseCommand):
    help = "Create, list or revoke API tokens for a user (e.g. a force's system account)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="lifetime of a new token")
        parser.add_argument("--key", default="", help="token key (prefix) to revoke; all if empty")

    def handle(self, *args, action, username, days, key, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}") from exc
        if action == "create":
            if days is not None and not 1 <= days <= 3650:
                raise CommandError("--days must be from 1 to 3650")
            instance, raw = token_create(user=user, days=days)
            self.stdout.write(f"token {raw} expires {instance.expiry:%Y-%m-%d %H:%M %Z}")
        elif action == "list":
            now = timezone.now()
            for token in AuthToken.objects.filter(user=user).order_by("created"):
                state = "expired" if token.expiry and token.expiry < now else "active"
                self.stdout.write(
                    f"{token.token_key} created {token.created:%Y-%m-%d} "
                    f"expires {token.expiry:%Y-%m-%d} {state}"
                )
        else:
            count = token_revoke(user=user, token_key=key)
            self.stdout.write(f"revoked {count} token(s)")
