"""Emails about returns."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from accounts import access
from accounts.access import Decision


def data_officers_of(force) -> list[str]:
    """The addresses that hear about the force's returns."""
    return access.emails_of(access.users_who(Decision.RECEIVE_RETURN_NOTICES, force))


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
    lines += ["", f"The full report: {settings.SITE_URL}{reverse('return-detail', args=[ret.pk])}"]
    return send_mail(
        subject=f"Return rejected: {ret.force.name} {ret.dataset} {ret.period_label}",
        message="\n".join(lines),
        from_email=None,
        recipient_list=recipients,
    )
