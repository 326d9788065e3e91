from django.urls import path

from oversight.flags import views

urlpatterns = [
    path("flags/", views.flag_list, name="flag-list"),
    path("flags/<int:pk>/", views.flag_detail, name="flag-detail"),
    path("flags/<int:pk>/comment/", views.flag_comment, name="flag-comment"),
    path("flags/<int:pk>/status/", views.flag_status, name="flag-status"),
]
