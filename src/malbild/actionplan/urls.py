"""Action plan pages under /o/<org>/activities/."""

from django.urls import path

from . import views

app_name = "actionplan"
urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-update"),
    path("activities/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity-delete"),
    path(
        "activities/<int:pk>/status/",
        views.ActivityTransitionView.as_view(),
        name="activity-transition",
    ),
    path(
        "activities/<int:activity_pk>/budget/new/",
        views.BudgetLineCreateView.as_view(),
        name="budgetline-create",
    ),
    path(
        "activities/<int:activity_pk>/budget/<int:pk>/edit/",
        views.BudgetLineUpdateView.as_view(),
        name="budgetline-update",
    ),
    path(
        "activities/<int:activity_pk>/budget/<int:pk>/delete/",
        views.BudgetLineDeleteView.as_view(),
        name="budgetline-delete",
    ),
]
