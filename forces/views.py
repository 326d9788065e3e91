from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from accounts import access
from accounts.access import Decision
from forces.selectors import forces_visible_to, similar_forces_visible_to


@login_required
def home(request):
    """The start page: the forces for national roles, a PCC's own force, a force data
    officer's returns."""
    user = request.user
    if not access.allows(user, Decision.SEE_FIGURES) and access.allows(user, Decision.SEE_RETURNS):
        return redirect("return-list")
    if not access.sees_named_peers(user) and (force := access.acting_force(user)):
        return redirect("force-detail", slug=force.slug)
    return render(request, "forces/home.html", {"forces": forces_visible_to(user)})


@login_required
def force_detail(request, slug):
    force = get_object_or_404(forces_visible_to(request.user), slug=slug)
    return render(
        request,
        "forces/force_detail.html",
        {
            "force": force,
            "populations": force.populations.all(),
            "similar": similar_forces_visible_to(request.user, force),
        },
    )
