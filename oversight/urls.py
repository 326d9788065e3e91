from django.urls import path

from oversight import flag_views, metric_views, views

urlpatterns = [
    path("completeness/", views.completeness, name="completeness"),
    path("recording-changes/", views.recording_change_list, name="recording-change-list"),
    path("recording-changes/new/", views.recording_change_new, name="recording-change-new"),
    path("flags/", flag_views.flag_list, name="flag-list"),
    path("flags/<int:pk>/", flag_views.flag_detail, name="flag-detail"),
    path("flags/<int:pk>/comment/", flag_views.flag_comment, name="flag-comment"),
    path("flags/<int:pk>/status/", flag_views.flag_status, name="flag-status"),
    path("forces/<slug:slug>/metrics/<str:code>/", metric_views.force_metric, name="force-metric"),
]
