"""The pages over the figures: the national overview, a force's profile, a force's metric."""

import functools

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from accounts import access
from accounts.access import Decision
from accounts.permissions import decided
from accounts.selectors import forces_visible_to, similar_forces_visible_to
from forces.sources import FIGURES
from kit import pagecache
from kit.exports import export_format, export_response
from metrics.catalogue import HEADLINES, METRICS, METRICS_BY_CODE, PRIORITY_AREAS
from metrics.catalogue.targets import target_of, targets_set
from metrics.sources import RETURNS
from oversight.explorer import frequencies_of
from oversight.explorer import metric_explorer as metric_explorer_of
from oversight.forms import ExplorerForm, OverviewMapForm
from oversight.overview import overview_map, overview_rows
from oversight.profile import force_profile as profile_of
from oversight.sources import FLAGS
from oversight.tables import explorer_table, force_metric_table, overview_table, profile_table
from oversight.trends import force_metric_figures


@decided(access.SIGNED_IN)
def home(request):
    """The start page: the national overview for those who see every force by name, a PCC's
    own force, a force data officer's returns."""
    user = request.user
    if not access.allows(user, Decision.SEE_FIGURES) and access.allows(user, Decision.SEE_RETURNS):
        return redirect("return-list")
    if not access.sees_named_peers(user) and (force := access.acting_force(user)):
        return force_profile(request, force.slug)
    headlines = [HEADLINES[area] for area in PRIORITY_AREAS]
    rows = functools.cache(lambda: overview_rows(user))  # only where a fragment is rendered
    if export_format(request):
        return export_response(
            request, overview_table(rows(), headlines), filename="national-overview"
        )
    form = OverviewMapForm(request.GET)
    valid = form.is_valid()
    grid_html = pagecache.fragment(
        user,
        ("overview", "grid"),
        "oversight/includes/overview_grid.html",
        lambda: {"rows": rows(), "headlines": headlines},
        over=(FIGURES,),
    )
    context = {
        "sees_figures": access.allows(user, Decision.SEE_FIGURES),
        "form": form,
        "grid_html": grid_html,
    }
    if not valid:
        return render(request, "oversight/overview.html", context, status=400)
    metric, by = form.cleaned_data["map"], form.cleaned_data["by"]
    context["map_html"] = pagecache.fragment(
        user,
        ("overview", "map", metric.code, by),
        "oversight/includes/overview_map.html",
        lambda: {"map": overview_map(rows(), metric, by) if rows() else None},
        over=(FIGURES,),
    )
    return render(request, "oversight/overview.html", context)


@decided(access.sees(Decision.SEE_FORCE))
def force_profile(request, slug):
    """A force's profile: reference facts for everyone who sees the force; its figures,
    flags and returns for those the policy lets see them."""
    exporting = export_format(request)
    force = get_object_or_404(forces_visible_to(request.user).select_related("region"), slug=slug)
    profile = profile_of(request.user, force)
    if exporting:
        return export_response(request, profile_table(profile), filename=f"{force.slug}-measures")
    areas_html = pagecache.fragment(
        request.user,
        ("profile", force.pk),
        "oversight/includes/profile_areas.html",
        lambda: {"force": force, "profile": profile},
        over=(FIGURES,),
    )
    status_html = pagecache.fragment(
        request.user,
        ("profile-status", force.pk),
        "oversight/includes/profile_status.html",
        lambda: {"force": force, "profile": profile},
        over=(FLAGS, RETURNS, FIGURES),
    )
    return render(
        request,
        "oversight/force_profile.html",
        {
            "force": force,
            "profile": profile,
            "areas_html": areas_html,
            "status_html": status_html,
            "populations": force.populations.all(),
            "similar": similar_forces_visible_to(request.user, force),
        },
    )


@decided(access.sees(Decision.SEE_FIGURES))
def metric_list(request):
    targets = targets_set()
    areas = [
        (area, [(m, target_of(m, targets)) for m in METRICS if m.priority_area == area])
        for area in PRIORITY_AREAS
    ]
    return render(request, "oversight/metric_list.html", {"areas": areas, "count": len(METRICS)})


@decided(access.sees(Decision.SEE_FIGURES))
def metric_explorer(request, code):
    metric = METRICS_BY_CODE.get(code)
    if metric is None:
        raise Http404
    user = request.user
    form = ExplorerForm(request.GET)
    context = {"metric": metric, "form": form, "frequencies": frequencies_of(metric)}
    if not form.is_valid():
        return render(request, "oversight/metric_explorer.html", context, status=400)
    asked = {k: form.cleaned_data[k] for k in ("frequency", "period", "sort")}

    def explorer():
        return metric_explorer_of(
            user, metric, frequency=asked["frequency"], label=asked["period"], sort=asked["sort"]
        )

    try:
        if export_format(request):
            shown = explorer()
            if shown.label is not None:
                name = f"{metric.code}-{shown.label}"
                return export_response(request, explorer_table(shown), filename=name)
        key = ("explorer", metric.code, *asked.values())
        shown = pagecache.kept(
            user, key, lambda: _explorer_shown(explorer(), asked["sort"]), over=(FIGURES,)
        )
        context.update(shown)
    except ValueError as problem:
        form.add_error("period", str(problem))
        return render(request, "oversight/metric_explorer.html", context, status=400)
    return render(request, "oversight/metric_explorer.html", context)


def _explorer_shown(explorer, sort: str) -> dict:
    """The explorer (for its choices), and its funnel plot and table as HTML."""
    parts = {"metric": explorer.metric, "explorer": explorer, "sort": sort}
    return {
        "explorer": explorer,
        "figure_html": mark_safe(
            render_to_string("oversight/includes/explorer_figure.html", parts)
        ),
        "table_html": mark_safe(render_to_string("oversight/includes/explorer_table.html", parts)),
    }


@decided(access.sees(Decision.SEE_FIGURES))
def force_metric(request, slug, code):
    user = request.user
    force = get_object_or_404(access.forces_where(user, Decision.SEE_FIGURES), slug=slug)
    metric = METRICS_BY_CODE.get(code)
    if metric is None:
        raise Http404
    figures = functools.cache(lambda: force_metric_figures(user, force, metric))
    if export_format(request):
        table = force_metric_table(force, metric, figures().get("points", []))
        return export_response(request, table, filename=f"{force.slug}-{metric.code}")
    chart_html, table_html = (
        pagecache.fragment(
            user,
            ("force-metric", force.pk, code, part),
            f"oversight/includes/force_metric_{part}.html",
            figures,
            over=(FIGURES,),
        )
        for part in ("chart", "table")
    )
    return render(
        request,
        "oversight/force_metric.html",
        {"force": force, "metric": metric, "chart_html": chart_html, "table_html": table_html},
    )
