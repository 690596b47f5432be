"""Pages of steering documents, their items, versions, indicators and decisions, under
/o/<org>/ (included by the root urls.py). Documents and their items (which have a stable
`uid`) are addressed by `<ref:…>`: the uid or, as an alias, the integer id; decisions and
targets (no uid) by their id."""

from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/new/", views.DocumentCreateView.as_view(), name="document-create"),
    path("documents/<ref:pk>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("documents/<ref:pk>/edit/", views.DocumentUpdateView.as_view(), name="document-update"),
    path(
        "documents/<ref:pk>/attachments/<uuid:uid>/",
        views.DocumentAttachmentView.as_view(),
        name="document-attachment",
    ),
    path("documents/<ref:pk>/delete/", views.DocumentDeleteView.as_view(), name="document-delete"),
    path(
        "documents/<ref:pk>/status/",
        views.DocumentTransitionView.as_view(),
        name="document-transition",
    ),
    path("documents/<ref:pk>/versions/", views.VersionListView.as_view(), name="version-list"),
    path(
        "documents/<ref:pk>/versions/new/",
        views.VersionFreezeView.as_view(),
        name="version-freeze",
    ),
    path(
        "documents/<ref:pk>/versions/<int:number>/",
        views.VersionDetailView.as_view(),
        name="version-detail",
    ),
    path(
        "documents/<ref:pk>/export.<str:fmt>",
        views.PlanExportView.as_view(),
        name="document-export",
    ),
    path(
        "documents/<ref:pk>/versions/<int:number>/export.<str:fmt>",
        views.PlanExportView.as_view(),
        name="version-export",
    ),
    path("documents/<ref:pk>/compare/", views.VersionCompareView.as_view(), name="version-compare"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path(
        "indicators/<ref:pk>/targets/", views.TargetSetView.as_view(), name="indicator-target-set"
    ),
    path(
        "targets/<int:pk>/delete/",
        views.TargetDeleteView.as_view(),
        name="indicator-target-delete",
    ),
    path("decisions/", views.DecisionListView.as_view(), name="decision-list"),
    path("decisions/new/", views.DecisionCreateView.as_view(), name="decision-create"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision-detail"),
    path("decisions/<int:pk>/edit/", views.DecisionUpdateView.as_view(), name="decision-update"),
    path("decisions/<int:pk>/delete/", views.DecisionDeleteView.as_view(), name="decision-delete"),
]

# Sections, overall goals, focus areas, goals and indicators share one set of views:
# <kind>-create (under their document, or a goal under its focus area), -detail, -update, -delete.
ITEM_PREFIXES = {
    "section": ("sections", "documents"),
    "overall-goal": ("overall-goals", "documents"),
    "focus-area": ("focus-areas", "documents"),
    "goal": ("goals", "focus-areas"),
    "indicator": ("indicators", "documents"),
}
for kind, (prefix, parent_prefix) in ITEM_PREFIXES.items():
    urlpatterns += [
        path(
            f"{parent_prefix}/<ref:parent>/{prefix}/new/",
            views.ItemCreateView.as_view(kind=kind),
            name=f"{kind}-create",
        ),
        path(f"{prefix}/<ref:pk>/", views.ItemDetailView.as_view(kind=kind), name=f"{kind}-detail"),
        path(
            f"{prefix}/<ref:pk>/edit/",
            views.ItemUpdateView.as_view(kind=kind),
            name=f"{kind}-update",
        ),
        path(
            f"{prefix}/<ref:pk>/delete/",
            views.ItemDeleteView.as_view(kind=kind),
            name=f"{kind}-delete",
        ),
    ]
