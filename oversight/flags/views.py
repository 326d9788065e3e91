from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts import access
from accounts.access import Decision
from accounts.permissions import decided
from forces.sources import FIGURES
from kit import pagecache
from kit.exports import Table, export_format, export_response
from oversight.flags.forms import FlagFilterForm, filter_data
from oversight.flags.models import Flag
from oversight.flags.selectors import (
    KINDS,
    flag_detail_for,
    flag_forces_visible_to,
    flag_kinds_visible_to,
    flag_rows_all,
    flag_rows_resolved,
    flag_triage,
    flags_visible_to,
    may_comment,
    may_reply,
    may_set_status,
)
from oversight.flags.services import flag_comment_add, flag_set_status
from oversight.sources import FLAGS


@decided(access.sees(Decision.SEE_RETURN_FLAGS))
def flag_list(request):
    """The triage page: performance signals apart from data flags, filtered, with counts."""
    user, asked = request.user, filter_data(request.GET)
    form = FlagFilterForm(
        asked, kinds=flag_kinds_visible_to(user), forces=flag_forces_visible_to(user)
    )
    if not form.is_valid():
        context = {"form": form, "kind": form.cleaned_data.get("kind")}
        return render(request, "oversight/flag_list.html", context, status=400)
    if export_format(request):
        triage = flag_triage(user, **form.cleaned_data)
        table = _flags_table(user, form.cleaned_data, flag_rows_all(triage.flags))
        return export_response(request, table, filename=_export_name(form.cleaned_data))
    triage_html = pagecache.fragment(
        user,
        ("flags", sorted(request.GET.lists())),  # the fragment's links keep the query
        "oversight/includes/flag_triage.html",
        lambda: _triage_context(request, form, asked),
        over=(FLAGS, FIGURES),  # the flags, and the forces they name
    )
    context = {"form": form, "kind": form.cleaned_data["kind"], "triage_html": triage_html}
    return render(request, "oversight/flag_list.html", context)


def _triage_context(request, form, asked) -> dict:
    triage = flag_triage(request.user, **form.cleaned_data)
    page = Paginator(triage.rows, 50).get_page(request.GET.get("page"))
    page.object_list = flag_rows_resolved(triage.flags, page.object_list)
    return {
        "form": form,
        "kind": form.cleaned_data["kind"],
        "triage": triage,
        "page": page,
        "tabs": _kind_tabs(form, asked, triage),
        "query": _query(asked),
        "params": request.GET,
    }


def _flags_table(user, filters, rows) -> Table:
    """The rows the page lists for these filters (every page of them), one line per row, the
    details of each flag as the user may see them."""
    return Table(
        title=f"Flags: {KINDS.get(filters['kind'], 'none').lower()}",
        headings=["Force", "Month", "Rule", "Status", "What", "Metric", "Datasets", "Detail"],
        rows=[
            [
                lead.force.name,
                lead.period,
                lead.get_rule_display(),
                lead.get_status_display(),
                lead.summary if len(lead.members) == 1 else "Returns missing",
                lead.metric,
                "; ".join(member.dataset_name for member in lead.members),
                "; ".join(
                    _detail_text(user, member, named=len(lead.members) > 1)
                    for member in lead.members
                ),
            ]
            for lead in rows
        ],
    )


def _detail_text(user, flag, *, named: bool) -> str:
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(flag_detail_for(user, flag).items()))
    return f"{flag.dataset_name}: {detail}" if named else detail


def _export_name(filters) -> str:
    parts = ["flags", filters["kind"], getattr(filters["force"], "slug", "")]
    parts.append(f"{filters['period']:%Y-%m}" if filters["period"] else "")
    return "-".join(part for part in parts if part)


def _query(asked: dict, **changes) -> str:
    """The query string of the filters asked for, with changes, leaving out empty ones."""
    return urlencode({k: v for k, v in {**asked, **changes}.items() if v})


def _kind_tabs(form, asked, triage) -> list[dict]:
    """A link per kind of flag the user sees, keeping every filter but the rule."""
    return [
        {
            "label": label,
            "count": triage.kind_counts[kind],
            "href": "?" + _query(asked, kind=kind, rule=""),
            "selected": kind == form.cleaned_data["kind"],
        }
        for kind, label in form.fields["kind"].choices
    ]


@decided(access.sees(Decision.SEE_RETURN_FLAGS))
def flag_detail(request, pk):
    flag = get_object_or_404(
        flags_visible_to(request.user).prefetch_related("comments__author"), pk=pk
    )
    return _render_detail(request, flag)


def _render_detail(request, flag, *, errors=None, status=200):
    return render(
        request,
        "oversight/flag_detail.html",
        {
            "flag": flag,
            "detail": flag_detail_for(request.user, flag),
            "may_reply": may_reply(request.user, flag),
            "may_set_status": may_set_status(request.user, flag),
            "may_comment": may_comment(request.user, flag),
            "statuses": Flag.Status.choices,
            "errors": errors or {},
            "text": request.POST.get("text", ""),
        },
        status=status,
    )


@decided(access.sees(Decision.SEE_RETURN_FLAGS))
@require_POST
def flag_comment(request, pk):
    flag = get_object_or_404(flags_visible_to(request.user), pk=pk)
    try:
        flag_comment_add(user=request.user, flag=flag, text=request.POST.get("text", ""))
    except ValidationError as exc:
        return _detail_with_errors(request, flag, exc)
    messages.success(request, "Your comment has been added.")
    return redirect("flag-detail", pk=flag.pk)


@decided(access.sees(Decision.SEE_RETURN_FLAGS))
@require_POST
def flag_status(request, pk):
    flag = get_object_or_404(flags_visible_to(request.user), pk=pk)
    try:
        flag_set_status(
            user=request.user,
            flag=flag,
            status=request.POST.get("status", ""),
            case_reference=request.POST.get("case_reference", ""),
        )
    except ValidationError as exc:
        return _detail_with_errors(request, flag, exc)
    messages.success(request, f"The flag is now {flag.get_status_display().lower()}.")
    return redirect("flag-detail", pk=flag.pk)


def _detail_with_errors(request, flag, exc):
    return _render_detail(
        request, flag, errors={k: v[0] for k, v in exc.message_dict.items()}, status=400
    )
