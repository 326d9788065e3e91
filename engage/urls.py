from django.urls import path

from engage import views

urlpatterns = [
    path("engage/", views.case_list, name="engage-case-list"),
    path("engage/cases/new/", views.case_new, name="engage-case-new"),
    path("engage/cases/<int:pk>/", views.case_detail, name="engage-case"),
    path("engage/cases/<int:pk>/move/", views.case_move, name="engage-case-move"),
    path("engage/cases/<int:pk>/causes/new/", views.cause_new, name="engage-cause-new"),
    path(
        "engage/cases/<int:pk>/causes/<int:cause_pk>/criteria/new/",
        views.criterion_new,
        name="engage-criterion-new",
    ),
    path(
        "engage/cases/<int:pk>/causes/<int:cause_pk>/close/",
        views.cause_close_page,
        name="engage-cause-close",
    ),
    path("engage/cases/<int:pk>/actions/new/", views.action_edit, name="engage-action-new"),
    path(
        "engage/cases/<int:pk>/actions/<int:action_pk>/",
        views.action_edit,
        name="engage-action-edit",
    ),
    path("engage/section-55/<int:pk>/", views.section_55, name="engage-section-55"),
    path("engage/peel/<slug:slug>/", views.peel_history, name="engage-peel"),
    path("engage/peel/<slug:slug>/grades/new/", views.peel_grade_new, name="engage-peel-grade-new"),
    path("engage/meetings/", views.meeting_list, name="engage-meeting-list"),
    path("engage/meetings/new/", views.meeting_new, name="engage-meeting-new"),
    path("engage/meetings/<int:pk>/", views.meeting_detail, name="engage-meeting"),
    path(
        "engage/meetings/<int:pk>/decisions/new/",
        views.meeting_decision_new,
        name="engage-meeting-decision-new",
    ),
    path(
        "engage/meetings/<int:pk>/documents/new/",
        views.meeting_document_new,
        name="engage-meeting-document-new",
    ),
    path("engage/reports/", views.report_list, name="engage-report-list"),
    path(
        "engage/recommendations/<int:pk>/",
        views.recommendation_detail,
        name="engage-recommendation",
    ),
    path("engage/flags/<int:pk>/raise/", views.flag_raise, name="engage-flag-raise"),
    path("engage/documents/<int:pk>/download/", views.document_download, name="engage-document"),
]
