"""Pages about returns: list, upload, report, raw file; completeness; recording changes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts import access, ratelimits
from accounts.access import Decision
from accounts.permissions import decided
from forces.sources import FIGURES
from kit import pagecache
from kit.exports import export_format, export_response
from kit.forms import add_service_errors
from metrics.datasets import DATASETS
from metrics.ingest.files import FileProblem
from metrics.returns.completeness import LEGEND, completeness_for, heatmap_rows
from metrics.returns.forms import (
    CompletenessForm,
    RecordingChangeForm,
    RecordingChangeReviewForm,
    ReturnUploadForm,
)
from metrics.returns.recording_changes import recording_change_declare, recording_change_review
from metrics.returns.selectors import (
    forces_user_may_declare_for,
    forces_user_may_submit_for,
    recording_changes_visible_to,
    return_files_downloadable_by,
    returns_visible_to,
)
from metrics.returns.services import return_file_response, return_progress, return_submit
from metrics.returns.tables import (
    completeness_table,
    recording_changes_table,
    return_problems_table,
    returns_table,
)
from metrics.sources import RETURNS


@decided(access.sees(Decision.SEE_RETURNS))
def return_list(request):
    returns = returns_visible_to(request.user)
    if export_format(request):
        name = f"returns-{timezone.localdate()}"
        return export_response(request, returns_table(returns), filename=name)
    page = Paginator(returns, 50).get_page(request.GET.get("page"))
    may_submit = forces_user_may_submit_for(request.user).exists()
    return render(request, "metrics/return_list.html", {"page": page, "may_submit": may_submit})


@decided(access.does(Decision.SUBMIT_RETURNS))
@ratelimits.limited_page(ratelimits.RETURNS)
def return_new(request):
    forces = forces_user_may_submit_for(request.user)
    form = ReturnUploadForm(request.POST or None, request.FILES or None, forces=forces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        force = data.get("force") or forces.get()
        try:
            ret, created = return_submit(
                user=request.user,
                force=force,
                dataset=data["dataset"],
                period=data["period"],
                upload=data["file"],
                request=request,
            )
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(
                request,
                f"Return received as version {ret.version}."
                if created
                else "That file was already received: this is the same return.",
            )
            return redirect("return-detail", pk=ret.pk)
    return render(request, "metrics/return_new.html", {"form": form})


@decided(access.sees(Decision.SEE_RETURNS))
def return_detail(request, pk):
    ret = get_object_or_404(returns_visible_to(request.user), pk=pk)
    if export_format(request):
        name = f"{ret.force.slug}-{ret.dataset}-{ret.period_label}-v{ret.version}-problems"
        return export_response(request, return_problems_table(ret), filename=name)
    report = ret.report or {}
    return render(
        request,
        "metrics/return_detail.html",
        {
            "ret": ret,
            "report": report,
            "progress": int(return_progress(ret) * 100),
        },
    )


@decided(access.sees(Decision.SEE_RETURNS))
def return_file(request, pk):
    ret = get_object_or_404(return_files_downloadable_by(request.user), pk=pk)
    return return_file_response(ret=ret, request=request)


@decided(access.sees(Decision.SEE_COMPLETENESS))
def completeness(request):
    exporting = export_format(request)
    form = CompletenessForm(request.GET)
    context = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        dataset, periods = DATASETS[data["dataset"]], data["periods"]

        def rows():
            cells = completeness_for(request.user, periods=periods, datasets=[dataset.code])
            return heatmap_rows(cells)

        if exporting:
            name = f"completeness-{dataset.code}-{periods[0]:%Y-%m}-to-{periods[-1]:%Y-%m}"
            table = completeness_table(dataset, periods, rows())
            return export_response(request, table, filename=name)
        context["dataset"] = dataset
        context["table_html"] = pagecache.fragment(
            request.user,
            ("completeness", sorted(request.GET.lists())),  # the fragment's links keep the query
            "metrics/includes/completeness_table.html",
            lambda: {
                "rows": rows(),
                "periods": periods,
                "dataset": dataset,
                "legend": LEGEND,
                "params": request.GET,
            },
            over=(RETURNS, FIGURES),  # the returns, and the forces they are of
        )
    return render(request, "metrics/completeness.html", context)


@decided(access.sees(Decision.SEE_RECORDING_CHANGES))
def recording_change_list(request):
    changes = recording_changes_visible_to(request.user)
    if export_format(request):
        name = f"recording-changes-{timezone.localdate()}"
        return export_response(request, recording_changes_table(changes), filename=name)
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    may_declare = forces_user_may_declare_for(request.user).exists()
    may_review = access.allows(request.user, Decision.APPROVE_RECORDING_CHANGE)
    return render(
        request,
        "metrics/recording_change_list.html",
        {"page": page, "may_declare": may_declare, "may_review": may_review},
    )


@decided(access.sees(Decision.SEE_RECORDING_CHANGES))
def recording_change_review_page(request, pk):
    change = get_object_or_404(recording_changes_visible_to(request.user), pk=pk)
    access.require(request.user, Decision.APPROVE_RECORDING_CHANGE, change.force_id)
    form = RecordingChangeReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = recording_change_review(
                user=request.user,
                change=change,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as problem:
            add_service_errors(form, problem)
        else:
            messages.success(
                request,
                f"{change.force.name}'s change from {change.effective_from:%B %Y} is "
                f"{change.get_status_display().lower()}.",
            )
            return redirect("recording-change-list")
    return render(request, "metrics/recording_change_review.html", {"form": form, "change": change})


@decided(access.does(Decision.DECLARE_RECORDING_CHANGE))
def recording_change_new(request):
    forces = forces_user_may_declare_for(request.user)
    form = RecordingChangeForm(request.POST or None, forces=forces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = recording_change_declare(
                user=request.user,
                force=data.get("force") or forces.get(),
                dataset=data["dataset"],
                effective_from=data["effective_from"],
                description=data["description"],
                request=request,
            )
        except ValidationError as problem:
            add_service_errors(form, problem)
        else:
            messages.success(
                request,
                f"Recording change declared for {change.force.name} from "
                f"{change.effective_from:%B %Y}.",
            )
            return redirect("recording-change-list")
    return render(request, "metrics/recording_change_new.html", {"form": form})
