from django.urls import path

from metrics.returns import views

urlpatterns = [
    path("returns/", views.return_list, name="return-list"),
    path("returns/new/", views.return_new, name="return-new"),
    path("returns/<int:pk>/", views.return_detail, name="return-detail"),
    path("returns/<int:pk>/file", views.return_file, name="return-file-download"),
    path("completeness/", views.completeness, name="completeness"),
    path("recording-changes/", views.recording_change_list, name="recording-change-list"),
    path("recording-changes/new/", views.recording_change_new, name="recording-change-new"),
    path(
        "recording-changes/<int:pk>/review/",
        views.recording_change_review_page,
        name="recording-change-review",
    ),
]
