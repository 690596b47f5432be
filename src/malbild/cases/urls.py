"""Case pages under /o/<org>/cases/ (included by the root urls.py). Cases are addressed by
`<ref:…>` (uid or integer id); their events by id."""

from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case-list"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case-create"),
    path("cases/<ref:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("cases/<ref:pk>/edit/", views.CaseUpdateView.as_view(), name="case-update"),
    path("cases/<ref:pk>/delete/", views.CaseDeleteView.as_view(), name="case-delete"),
    path("cases/<ref:pk>/status/", views.CaseTransitionView.as_view(), name="case-transition"),
    path(
        "cases/<ref:case>/decisions/new/",
        views.CaseDecisionCreateView.as_view(),
        name="case-decision-create",
    ),
    path(
        "case-decisions/<int:pk>/edit/",
        views.CaseDecisionUpdateView.as_view(),
        name="case-decision-update",
    ),
    path(
        "case-decisions/<int:pk>/delete/",
        views.CaseDecisionDeleteView.as_view(),
        name="case-decision-delete",
    ),
]

# Motions, assignments and proposals share one set of views: <kind>-create under their case,
# <kind>-update and <kind>-delete.
for kind, prefix in (
    ("motion", "motions"),
    ("assignment", "assignments"),
    ("proposal", "proposals"),
):
    urlpatterns += [
        path(
            f"cases/<ref:case>/{prefix}/new/",
            views.EventCreateView.as_view(kind=kind),
            name=f"{kind}-create",
        ),
        path(
            f"{prefix}/<int:pk>/edit/",
            views.EventUpdateView.as_view(kind=kind),
            name=f"{kind}-update",
        ),
        path(
            f"{prefix}/<int:pk>/delete/",
            views.EventDeleteView.as_view(kind=kind),
            name=f"{kind}-delete",
        ),
    ]
