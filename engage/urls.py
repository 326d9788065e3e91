from django.urls import path

from engage import views

urlpatterns = [
    path("engage/documents/<int:pk>/download/", views.document_download, name="engage-document"),
]
