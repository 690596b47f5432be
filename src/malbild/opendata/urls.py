"""Stable addresses of the open data (documented in malbild/api/README.md): documents by
their stable id (uid; the integer id works as an alias), periods by their id or, as on the
portal, by their dates `<start>_<end>` (when no other period has the same dates)."""

from django.urls import path, register_converter

from . import views

app_name = "opendata"


class PeriodDatesConverter:
    """A period's first and last day, `2018-01-01_2018-12-31` (the portal's period key)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PeriodDatesConverter, "period_dates")

urlpatterns = [
    path("data/", views.DataIndexView.as_view(), name="index"),
    path("data/catalog.jsonld", views.CatalogView.as_view(), name="catalog"),
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
        path(
            f"data/followup/<period_dates:pk>.{fmt}",
            views.PeriodDataView.as_view(),
            {"fmt": fmt},
            name=f"period-dates-{fmt}",
        ),
    ]
