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
    path("engage/flags/<int:pk>/raise/", views.flag_raise, name="engage-flag-raise"),
    path("engage/documents/<int:pk>/download/", views.document_download, name="engage-document"),
]
