from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users, roles and audit"

    def ready(self):
        # Connect the sign-in audit receivers, register the API token scheme and the check of
        # the rate limits.
        # Pages keep what they rendered per viewpoint, and every download is audited.
        from accounts import access, ratelimits, schema, services, signals  # noqa: F401
        from kit import exports, pagecache

        pagecache.viewpoint_from(access.viewpoint)
        exports.audited_by(services.export_audit)
