from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<uuid:uid>/", views.ExportStatusView.as_view(), name="export-status"),
    path("<uuid:uid>/file", views.ExportFileView.as_view(), name="export-file"),
    path("<uuid:uid>/retry", views.ExportRetryView.as_view(), name="export-retry"),
]
