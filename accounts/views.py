from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from knox.models import AuthToken

from accounts import access
from accounts.access import Decision
from accounts.forms import AuditFilterForm, TokenCreateForm
from accounts.permissions import decided
from accounts.selectors import AUDIT_DOWNLOAD_MAX_ROWS, audit_events, audit_rows
from accounts.services import token_create, token_revoke
from kit.exports import Table, export_format, export_response


@decided(access.SIGNED_IN)
def tokens(request):
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = token_create(
            user=request.user, days=form.cleaned_data["days"], request=request
        )
        form = TokenCreateForm()
    tokens = AuthToken.objects.filter(user=request.user).order_by("-created")
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "new_token": new_token,
            "now": timezone.now(),
        },
    )


@decided(access.SIGNED_IN)
@require_POST
def token_revoke_view(request, token_key):
    if token_revoke(user=request.user, token_key=token_key, request=request):
        messages.success(request, f"Token {token_key} revoked.")
    return redirect("tokens")


@decided(access.does(Decision.SEE_AUDIT_LOG))
def audit_log(request):
    """The audit log, filtered, 50 events a page; downloads hold every page of it."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "accounts/audit_log.html", {"form": form}, status=400)
    events = audit_events(**form.cleaned_data)
    if export_format(request):
        table = _audit_table(audit_rows(events[:AUDIT_DOWNLOAD_MAX_ROWS]))
        return export_response(request, table, filename=f"audit-log-{timezone.localdate()}")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": audit_rows(page.object_list),
        "query": query.urlencode(),
        "download_max": AUDIT_DOWNLOAD_MAX_ROWS,
    }
    return render(request, "accounts/audit_log.html", context)


def _audit_table(rows) -> Table:
    return Table(
        title="Audit log",
        headings=["When", "Who", "What", "Force", "About", "Detail", "IP address"],
        rows=[[r.at, r.who, r.what, r.force, r.about, r.detail, r.ip_address] for r in rows],
    )
