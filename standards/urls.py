from django.urls import path

from standards import views

urlpatterns = [
    path("standards/", views.standards_national, name="standards-national"),
    path("standards/<slug:slug>/", views.standards_force, name="standards-force"),
]
