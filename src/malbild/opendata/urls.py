"""Stable addresses of the open data (documented in malbild/api/README.md): documents by
their stable id (uid; the integer id works as an alias), periods by their id."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.DataIndexView.as_view(), name="index"),
]
for fmt in ("json", "csv"):
    urlpatterns += [
        path(
            f"data/documents/<ref:pk>.{fmt}",
            views.DocumentDataView.as_view(),
            {"fmt": fmt},
            name=f"document-{fmt}",
        ),
        path(
            f"data/followup/<ref:pk>.{fmt}",
            views.PeriodDataView.as_view(),
            {"fmt": fmt},
            name=f"period-{fmt}",
        ),
    ]
