from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users, roles and audit"

    def ready(self):
        # Connect the sign-in audit receivers, register the API token scheme and the check of
        # the rate limits.
        from accounts import ratelimits, schema, signals  # noqa: F401
