from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from forces.selectors import forces_user_may_submit_for
from metrics.forms import ReturnUploadForm
from metrics.ingest.files import FileProblem
from metrics.selectors import returns_visible_to
from metrics.services import return_file_response, return_progress, return_submit


@login_required
def return_list(request):
    returns = returns_visible_to(request.user)
    page = Paginator(returns, 50).get_page(request.GET.get("page"))
    may_submit = forces_user_may_submit_for(request.user).exists()
    return render(request, "metrics/return_list.html", {"page": page, "may_submit": may_submit})


@login_required
def return_new(request):
    forces = forces_user_may_submit_for(request.user)
    if not forces.exists():
        raise Http404
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


@login_required
def return_detail(request, pk):
    ret = get_object_or_404(returns_visible_to(request.user), pk=pk)
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


@login_required
def return_file(request, pk):
    ret = get_object_or_404(returns_visible_to(request.user), pk=pk)
    return return_file_response(ret=ret, request=request)
