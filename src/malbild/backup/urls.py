from django.urls import path

from . import views

app_name = "backup"

urlpatterns = [
    path("backup/", views.BackupView.as_view(), name="backup"),
]
