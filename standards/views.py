"""The standards pages: the national picture, and a force's misconduct and vetting."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import access
from accounts.access import Scope
from accounts.permissions import decided
from forces.sources import FIGURES
from kit import pagecache
from kit.exports import export_format, export_response
from metrics.datasets.aggregates import OPEN_CASE_AGE_LABELS
from metrics.sources import RETURNS
from standards import charts, selectors
from standards.policy import StandardsDecision
from standards.tables import force_tables, national_tables

READ = StandardsDecision.READ_STANDARDS
BAND_LABELS = list(OPEN_CASE_AGE_LABELS.values())


@decided(access.sees(READ))
def standards_national(request):
    """For those who read every force's standards; a PCC is sent to their own force's page."""
    user = request.user
    if access.scope(user, READ) != Scope.ALL:
        url = reverse("standards-force", args=[access.acting_force(user).slug])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    if export_format(request):
        page = selectors.national_standards(user)
        return _download(request, national_tables(page), "figures", "standards-national")
    # Every force's figures, ages and funnels: kept until a figure or a return changes.
    body_html = pagecache.fragment(
        user,
        ("standards", "national"),
        "standards/includes/national_body.html",
        lambda: _national_context(selectors.national_standards(user)),
        over=(FIGURES, RETURNS),
    )
    return render(request, "standards/national.html", {"body_html": body_html})


def _national_context(page) -> dict:
    figures = {
        "ageing": charts.ageing_figure(page.ageing, title="Open misconduct cases by months open"),
        "outcomes": charts.monthly_figure(
            page.outcomes,
            title="Misconduct outcomes by month, England and Wales",
            count_title="Cases concluded",
        ),
        "vetting": charts.monthly_figure(
            page.vetting,
            title="Vetting applications and decisions by month, England and Wales",
            count_title="Applications",
            lines=True,
        ),
    }
    return {"page": page, "figures": figures, "band_labels": BAND_LABELS}


@decided(access.sees(READ))
def standards_force(request, slug):
    user = request.user
    force = selectors.standards_force(user, slug)
    chosen = export_format(request)
    page = selectors.force_standards(user, force)
    if chosen:
        return _download(request, force_tables(page), "ageing", f"standards-{force.slug}")
    name = force.name
    figures = {
        "ageing": charts.ageing_figure([page.ageing], title=f"{name}: open cases by months open"),
        "outcomes": charts.monthly_figure(
            page.outcomes,
            title=f"{name}: misconduct outcomes by month",
            count_title="Cases concluded",
        ),
        "timeliness": charts.bands_figure(
            page.timeliness_counts,
            title=f"{name}: cases concluded by days taken",
            category_title="Days from receipt to conclusion",
            count_title="Cases",
        ),
        "vetting": charts.monthly_figure(
            page.vetting,
            title=f"{name}: vetting applications and decisions by month",
            count_title="Applications",
            lines=True,
        ),
    }
    return render(
        request,
        "standards/force.html",
        {
            "force": force,
            "page": page,
            "figures": figures,
            "band_labels": BAND_LABELS,
            "suppresses": access.suppresses_small_counts(user),
        },
    )


def _download(request, tables: dict, default: str, filename: str):
    """The page's table named by `?table=` (its first without): 404 for one it does not show."""
    name = request.GET.get("table") or default
    if name not in tables:
        raise Http404("This page has no such table.")
    return export_response(request, tables[name](), filename=f"{filename}-{name}")
