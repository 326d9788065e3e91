"""Inspection pages: a force's PEEL grades over the years and the form that records one, the
list of HMICFRS reports with their section 55 standing, a recommendation and the form that
updates it, and a PCC's section 55 response. Objects are found through engage.selectors,
changes are engage.peel's and engage.section55's, which ask the access policy."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts import access
from accounts.permissions import decided
from engage import selectors
from engage.forms import PeelGradeForm, RecommendationForm, Section55Form
from engage.models import Recommendation
from engage.pages import report_rows, reports_with_standing
from engage.peel import grade_record, peel_comparison
from engage.policy import EngageDecision
from engage.section55 import recommendation_save, section_55_respond, standing
from engage.tables import peel_grades_table, reports_table
from kit.exports import export_format, export_response
from kit.forms import form_page, sent, submitted


@decided(access.sees(EngageDecision.READ_ENGAGE))
def section_55(request, pk):
    user = request.user
    response = get_object_or_404(selectors.section_55_responses_visible_to(user), pk=pk)
    may_respond = selectors.may_respond(user, response)
    if request.method == "POST":
        access.require(user, EngageDecision.RESPOND_SECTION_55, response.force_id)
    recommendations = response.report.recommendations.filter(
        kind=Recommendation.Kind.RECOMMENDATION
    )
    answers = {a.recommendation_id: a.action for a in response.answers.all()}
    form = Section55Form(
        sent(request),
        initial=_response_initial(response, answers),
        recommendations=recommendations,
    )
    if submitted(
        request,
        form,
        lambda data: section_55_respond(
            user=user, response=response, answers=form.answers(), **form.fields_for_service()
        ),
    ):
        messages.success(request, "Your section 55 response has been saved.")
        return redirect("engage-section-55", pk=response.pk)
    context = {
        "response": response,
        "standing": standing(response, timezone.localdate()),
        "recommendations": [(rec, answers.get(rec.pk, "")) for rec in recommendations],
        "may_respond": may_respond,
    }
    return form_page(request, "engage/section_55.html", form, **context)


def _response_initial(response, answers) -> dict:
    initial = {name: getattr(response, name) for name in Section55Form.base_fields}
    initial.update({f"answer_{pk}": text for pk, text in answers.items()})
    return initial


def _peel_force(user, slug):
    return get_object_or_404(access.forces_where(user, EngageDecision.READ_ENGAGE), slug=slug)


@decided(access.sees(EngageDecision.READ_ENGAGE))
def peel_history(request, slug):
    force = _peel_force(request.user, slug)
    grades = selectors.peel_grades_visible_to(request.user).filter(force=force)
    every = grades.order_by("framework", "question", "-year")
    if export_format(request):
        table = peel_grades_table(force, every)
        return export_response(request, table, filename=f"peel-grades-{force.slug}")
    return render(
        request,
        "engage/peel_history.html",
        {
            "force": force,
            "grades": every,
            "comparison": peel_comparison(grades),
            "may_change": selectors.may_change(request.user, force),
        },
    )


@decided(access.sees(EngageDecision.READ_ENGAGE))
def peel_grade_new(request, slug):
    force = _peel_force(request.user, slug)
    access.require(request.user, EngageDecision.CHANGE_ENGAGE, force)
    form = PeelGradeForm(sent(request))
    if grade := submitted(
        request, form, lambda data: grade_record(user=request.user, force=force, **data)
    ):
        messages.success(
            request,
            f"PEEL grade recorded: {grade.question}, {grade.year}, {grade.get_grade_display()}.",
        )
        return redirect("engage-peel", slug=force.slug)
    return form_page(request, "engage/peel_grade_new.html", form, force=force)


@decided(access.sees(EngageDecision.READ_ENGAGE))
def report_list(request):
    user = request.user
    today = timezone.localdate()
    if export_format(request):
        table = reports_table(reports_with_standing(report_rows(user), today))
        return export_response(request, table, filename=f"hmicfrs-reports-{today}")
    page = Paginator(report_rows(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "engage/report_list.html",
        {"page": page, "rows": reports_with_standing(page.object_list, today)},
    )


@decided(access.sees(EngageDecision.READ_ENGAGE))
def recommendation_detail(request, pk):
    user = request.user
    rec = get_object_or_404(selectors.recommendations_visible_to(user), pk=pk)
    if request.method == "POST":
        access.require(user, EngageDecision.CHANGE_ENGAGE, rec.force_id)
    form = RecommendationForm(
        sent(request), initial={"status": rec.status, "evidence": rec.evidence}
    )
    if submitted(request, form, lambda data: _recommendation_update(user, rec, data)):
        messages.success(
            request, f"{rec.get_kind_display()} saved: {rec.get_status_display().lower()}."
        )
        return redirect("engage-recommendation", pk=rec.pk)
    return form_page(
        request,
        "engage/recommendation.html",
        form,
        recommendation=rec,
        may_change=selectors.may_change(user, rec.force_id),
    )


def _recommendation_update(user, rec, data):
    rec.status, rec.evidence = data["status"], data["evidence"]
    return recommendation_save(user=user, recommendation=rec)
