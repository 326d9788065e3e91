"""The neighbourhood pages: the guarantee (the national workforce against its trajectory, each
force's uplift since 31 March 2025, and which forces have an ASB lead and plan), a force's ASB
register, and the register's forms for the force and the unit.

A force data officer, who sees no figures, is sent from the guarantee page to their force's
register; a force the user cannot see is a 404, one they see but may not record for a 403."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import access
from accounts.access import Decision
from accounts.permissions import decided
from kit.exports import export_format, export_response
from kit.forms import form_page, sent, submitted
from neighbourhood import charts, guarantee, selectors, services, tables
from neighbourhood.forms import AsbLeadForm, AsbPlanForm
from neighbourhood.policy import NeighbourhoodDecision

SEES = access.sees(Decision.SEE_FORCE)
RECORD = NeighbourhoodDecision.RECORD_ASB_REGISTER


@decided(SEES)
def guarantee_page(request):
    user = request.user
    if not access.allows(user, Decision.SEE_FIGURES):
        return redirect("neighbourhood-register", slug=access.acting_force(user).slug)
    months, uplifts = guarantee.national_months(user), guarantee.force_uplifts(user)
    register = selectors.register_rows(user)
    if export_format(request):
        downloads = {
            "national": lambda: tables.national_table(months),
            "uplift": lambda: tables.uplift_table(uplifts),
            "register": lambda: tables.register_table(register),
        }
        name = request.GET.get("table") or "national"
        if name not in downloads:
            raise Http404("This page has no such table.")
        return export_response(request, downloads[name](), filename=f"neighbourhood-{name}")
    figure = charts.trajectory_figure(
        months,
        guarantee.TRAJECTORY,
        guarantee.expected_at,
        title="Neighbourhood policing workforce, England and Wales",
    )
    latest = next((m for m in reversed(months) if m.fte is not None and m.complete), None)
    return render(
        request,
        "neighbourhood/guarantee.html",
        {
            "months": months,
            "latest": latest,
            "uplifts": uplifts,
            "register": register,
            "without": [r for r in register if not r.complete],
            "figure": figure,
            "trajectory": guarantee.TRAJECTORY,
            "measure": guarantee.MEASURE,
        },
    )


@decided(SEES)
def register_page(request, slug):
    user = request.user
    force = selectors.register_force(user, slug)
    row = selectors.register_rows(user, [force])[0]
    leads, plans = selectors.register_history(force)
    return render(
        request,
        "neighbourhood/register.html",
        {
            "force": force,
            "row": row,
            "leads": leads,
            "plans": plans,
            "may_record": selectors.may_record(user, force),
            "sees_figures": access.allows(user, Decision.SEE_FIGURES),
        },
    )


def _force_to_record(user, slug):
    force = selectors.register_force(user, slug)
    access.require(user, RECORD, force)
    return force


@decided(SEES)
def lead_new(request, slug):
    user, force = request.user, _force_to_record(request.user, slug)
    form = AsbLeadForm(sent(request))
    if lead := submitted(
        request, form, lambda data: services.asb_lead_record(user=user, force=force, **data)
    ):
        messages.success(request, f"{lead.name} recorded as the ASB lead of {force.name}.")
        return redirect(reverse("neighbourhood-register", args=[force.slug]))
    return form_page(request, "neighbourhood/lead_new.html", form, force=force)


@decided(SEES)
def plan_new(request, slug):
    user, force = request.user, _force_to_record(request.user, slug)
    form = AsbPlanForm(sent(request))
    if plan := submitted(
        request, form, lambda data: services.asb_plan_record(user=user, force=force, **data)
    ):
        messages.success(request, f"ASB action plan '{plan.title}' recorded for {force.name}.")
        return redirect(reverse("neighbourhood-register", args=[force.slug]))
    return form_page(request, "neighbourhood/plan_new.html", form, force=force)
