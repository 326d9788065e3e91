from django.urls import path

from engage.views import cases, meetings, reports, support

urlpatterns = [
    path("engage/", cases.case_list, name="engage-case-list"),
    path("engage/cases/new/", cases.case_new, name="engage-case-new"),
    path("engage/cases/<int:pk>/", cases.case_detail, name="engage-case"),
    path("engage/cases/<int:pk>/move/", cases.case_move, name="engage-case-move"),
    path("engage/cases/<int:pk>/causes/new/", cases.cause_new, name="engage-cause-new"),
    path(
        "engage/cases/<int:pk>/causes/<int:cause_pk>/criteria/new/",
        cases.criterion_new,
        name="engage-criterion-new",
    ),
    path(
        "engage/cases/<int:pk>/causes/<int:cause_pk>/close/",
        cases.cause_close_page,
        name="engage-cause-close",
    ),
    path("engage/cases/<int:pk>/actions/new/", cases.action_edit, name="engage-action-new"),
    path(
        "engage/cases/<int:pk>/actions/<int:action_pk>/",
        cases.action_edit,
        name="engage-action-edit",
    ),
    path("engage/section-55/<int:pk>/", reports.section_55, name="engage-section-55"),
    path("engage/peel/<slug:slug>/", reports.peel_history, name="engage-peel"),
    path(
        "engage/peel/<slug:slug>/grades/new/", reports.peel_grade_new, name="engage-peel-grade-new"
    ),
    path("engage/meetings/", meetings.meeting_list, name="engage-meeting-list"),
    path("engage/meetings/new/", meetings.meeting_new, name="engage-meeting-new"),
    path("engage/meetings/<int:pk>/", meetings.meeting_detail, name="engage-meeting"),
    path(
        "engage/meetings/<int:pk>/decisions/new/",
        meetings.meeting_decision_new,
        name="engage-meeting-decision-new",
    ),
    path(
        "engage/meetings/<int:pk>/documents/new/",
        meetings.meeting_document_new,
        name="engage-meeting-document-new",
    ),
    path("engage/reports/", reports.report_list, name="engage-report-list"),
    path(
        "engage/recommendations/<int:pk>/",
        reports.recommendation_detail,
        name="engage-recommendation",
    ),
    path("engage/flags/<int:pk>/raise/", cases.flag_raise, name="engage-flag-raise"),
    path("engage/documents/<int:pk>/download/", meetings.document_download, name="engage-document"),
    path("engage/support/", support.support_list, name="engage-support-list"),
    path("engage/support/<slug:slug>/", support.support_force, name="engage-support"),
    path(
        "engage/support/<slug:slug>/decisions/new/",
        support.support_decision_new,
        name="engage-support-decision-new",
    ),
    path("engage/support/<slug:slug>/plan/", support.support_plan, name="engage-support-plan"),
    path(
        "engage/support/<slug:slug>/plan/actions/new/",
        support.support_action,
        name="engage-support-action-new",
    ),
    path(
        "engage/support/<slug:slug>/plan/actions/<int:action_pk>/",
        support.support_action,
        name="engage-support-action-edit",
    ),
    path(
        "engage/support/<slug:slug>/plan/reviews/new/",
        support.support_review_new,
        name="engage-support-review-new",
    ),
]
