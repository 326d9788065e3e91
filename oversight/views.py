"""A force's metric: its XmR chart with the data behind it."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts import access
from accounts.access import Decision
from metrics import analysis
from metrics.catalogue import HEADLINES, METRICS_BY_CODE, PRIORITY_AREAS
from metrics.observations.disclosure import small_count_hidden
from metrics.observations.models import Observation
from metrics.observations.selectors import observations_visible_to
from metrics.returns.recording_changes import change_marks
from oversight.charts import xmr_figure
from oversight.overview import overview_rows


@login_required
def home(request):
    """The start page: the national overview for those who see every force by name, a PCC's
    own force, a force data officer's returns."""
    user = request.user
    if not access.allows(user, Decision.SEE_FIGURES) and access.allows(user, Decision.SEE_RETURNS):
        return redirect("return-list")
    if not access.sees_named_peers(user) and (force := access.acting_force(user)):
        return redirect("force-detail", slug=force.slug)
    headlines = [HEADLINES[area] for area in PRIORITY_AREAS]
    return render(
        request, "oversight/overview.html", {"rows": overview_rows(user), "headlines": headlines}
    )


@login_required
def force_metric(request, slug, code):
    force = get_object_or_404(access.forces_where(request.user, Decision.SEE_FIGURES), slug=slug)
    metric = METRICS_BY_CODE.get(code)
    if metric is None:
        raise Http404
    rows = list(
        observations_visible_to(request.user)
        .filter(force=force, metric=code, level=Observation.Level.FORCE)
        .exclude(value=None)
        .order_by("period")
    )
    shown = [
        o for o in rows if not small_count_hidden(request.user, metric, o.numerator, o.denominator)
    ]
    suppress, rows = len(shown) < len(rows), shown
    marks = change_marks(force, metric.dataset)
    # Only accepted changes rebase the limits; pending and refused ones are shown, no more.
    accepted = {m.effective_from for m in marks if m.status == m.Status.ACCEPTED}
    context = {
        "force": force,
        "metric": metric,
        "rows": rows,
        "changes": marks,
        "suppressed": suppress,
        "per_resident": getattr(metric.computation, "needs", None) == "population",
        "population_years": sorted({o.population_year for o in rows if o.population_year}),
    }
    if len(rows) >= 2:
        periods = [o.period for o in rows]
        rebase = [i for i, p in enumerate(periods) if i and p in accepted]
        chart = analysis.xmr([o.value for o in rows], improvement=metric.improvement, rebase=rebase)
        target = metric.standard.target if metric.standard else None
        figure = xmr_figure(
            chart,
            periods,
            title=f"{metric.name}, {force.name}",
            unit=metric.unit,
            target=target,
            changes=[(m.effective_from, m.get_status_display().lower()) for m in marks],
        )
        context.update(
            # A dict, so that json_script writes the figure itself, not a string of it.
            chart_json=json.loads(figure.to_json()),
            points=list(zip(rows, chart.itertuples(), strict=True)),
            assurance=analysis.assurance(chart, target=target, improvement=metric.improvement)
            if target is not None
            else None,
        )
    return render(request, "oversight/force_metric.html", context)
