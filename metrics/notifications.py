"""Emails about returns."""

from django.conf import settings
from django.core.mail import send_mail
from guardian.shortcuts import get_users_with_perms


def data_officers_of(force) -> list[str]:
    users = get_users_with_perms(
        force, only_with_perms_in=["submit_returns"], with_superusers=False, with_group_users=False
    )
    return sorted(u.email for u in users if u.email and u.is_active)


def notify_return_rejected(ret) -> int:
    recipients = data_officers_of(ret.force)
    if not recipients:
        return 0
    report = ret.report or {}
    lines = [
        f"Your {ret.declaration.name} return for {ret.period_label} (version {ret.version}) "
        f"was rejected, and nothing from it was loaded. The version before it, if any, still "
        f"counts.",
        "",
        f"Problems found: {report.get('error_count', 0)}",
    ]
    for rule, count in (report.get("errors_by_rule") or {}).items():
        lines.append(f"- {rule}: {count}")
    for error in (report.get("errors") or [])[:10]:
        lines.append(f"  row {error['row']}, {error['column'] or 'file'}: {error['message']}")
    lines += ["", f"The full report: {settings.SITE_URL}/returns/{ret.pk}/"]
    return send_mail(
        subject=f"Return rejected: {ret.force.name} {ret.dataset} {ret.period_label}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=recipients,
    )
