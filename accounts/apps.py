from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users, roles and audit"

    def ready(self):
        # Connect the sign-in audit receivers and register the API token scheme.
        from accounts import schema, signals  # noqa: F401
