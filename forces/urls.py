from django.urls import path

from forces import views

urlpatterns = [
    path("forces/<slug:slug>/", views.force_detail, name="force-detail"),
]
