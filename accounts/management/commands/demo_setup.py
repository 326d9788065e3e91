from django.core.management.base import BaseCommand

from accounts.demo import demo_users_create


class Command(BaseCommand):
    help = "Create one demo user per role and print their logins."

    def handle(self, *args, **options):
        for role, username, password in demo_users_create():
            self.stdout.write(f"demo login: {role.value} {username} {password}")
