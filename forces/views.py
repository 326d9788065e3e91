from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from accounts.roles import sees_all_forces
from forces.selectors import forces_visible_to


@login_required
def home(request):
    forces = forces_visible_to(request.user)
    return render(request, "forces/home.html", {"forces": forces})


@login_required
def force_detail(request, slug):
    force = get_object_or_404(forces_visible_to(request.user), slug=slug)
    # A PCC sees their similar group only as aggregates, never the named members.
    similar = (
        force.similar_forces.select_related("similar") if sees_all_forces(request.user) else None
    )
    return render(
        request,
        "forces/force_detail.html",
        {
            "force": force,
            "populations": force.populations.all(),
            "similar": similar,
        },
    )
