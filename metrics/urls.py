from django.urls import path

from metrics import views

urlpatterns = [
    path("", views.return_list, name="return-list"),
    path("new/", views.return_new, name="return-new"),
    path("<int:pk>/", views.return_detail, name="return-detail"),
    path("<int:pk>/file", views.return_file, name="return-file-download"),
]
