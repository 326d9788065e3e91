from django.urls import include, path

from oversight import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("oversight.flags.urls")),
    path("metrics/", views.metric_list, name="metric-list"),
    path("metrics/<str:code>/", views.metric_explorer, name="metric-explorer"),
    path("forces/<slug:slug>/", views.force_profile, name="force-detail"),
    path("forces/<slug:slug>/metrics/<str:code>/", views.force_metric, name="force-metric"),
]
