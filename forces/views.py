from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from forces.selectors import forces_visible_to, similar_forces_visible_to


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
