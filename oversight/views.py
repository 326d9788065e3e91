from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from metrics.datasets import DATASETS
from oversight.completeness import LEGEND, completeness_for, heatmap_rows
from oversight.forms import CompletenessForm, RecordingChangeForm
from oversight.recording_changes import (
    forces_user_may_declare_for,
    recording_change_declare,
    recording_changes_visible_to,
)


@login_required
def completeness(request):
    form = CompletenessForm(request.GET)
    context = {"form": form, "legend": LEGEND, "rows": [], "periods": []}
    if form.is_valid():
        data = form.cleaned_data
        cells = completeness_for(request.user, periods=data["periods"], datasets=[data["dataset"]])
        context.update(
            rows=heatmap_rows(cells), periods=data["periods"], dataset=DATASETS[data["dataset"]]
        )
    return render(request, "oversight/completeness.html", context)


@login_required
def recording_change_list(request):
    changes = recording_changes_visible_to(request.user)
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    may_declare = forces_user_may_declare_for(request.user).exists()
    return render(
        request,
        "oversight/recording_change_list.html",
        {"page": page, "may_declare": may_declare},
    )


@login_required
def recording_change_new(request):
    forces = forces_user_may_declare_for(request.user)
    if not forces.exists():
        raise PermissionDenied
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
            _add_errors(form, problem)
        else:
            messages.success(
                request,
                f"Recording change declared for {change.force.name} from "
                f"{change.effective_from:%B %Y}.",
            )
            return redirect("recording-change-list")
    return render(request, "oversight/recording_change_new.html", {"form": form})


def _add_errors(form, problem: ValidationError) -> None:
    for field, errors in problem.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)
