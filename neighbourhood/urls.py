from django.urls import path

from neighbourhood import views

urlpatterns = [
    path("neighbourhood/", views.guarantee_page, name="neighbourhood-guarantee"),
    path("neighbourhood/asb/<slug:slug>/", views.register_page, name="neighbourhood-register"),
    path("neighbourhood/asb/<slug:slug>/lead/", views.lead_new, name="neighbourhood-lead-new"),
    path("neighbourhood/asb/<slug:slug>/plan/", views.plan_new, name="neighbourhood-plan-new"),
]
