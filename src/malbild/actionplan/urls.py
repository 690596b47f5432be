"""Action plan pages under /o/<org>/activities/. Activities and budget lines are addressed by
their public reference (`ref`: the uid, or the integer id as an alias)."""

from django.urls import path

from . import views

app_name = "actionplan"
urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("activities/<ref:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<ref:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-update"),
    path("activities/<ref:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity-delete"),
    path(
        "activities/<ref:pk>/status/",
        views.ActivityTransitionView.as_view(),
        name="activity-transition",
    ),
    path(
        "activities/<ref:activity_pk>/budget/new/",
        views.BudgetLineCreateView.as_view(),
        name="budgetline-create",
    ),
    path(
        "activities/<ref:activity_pk>/budget/<ref:pk>/edit/",
        views.BudgetLineUpdateView.as_view(),
        name="budgetline-update",
    ),
    path(
        "activities/<ref:activity_pk>/budget/<ref:pk>/delete/",
        views.BudgetLineDeleteView.as_view(),
        name="budgetline-delete",
    ),
]
