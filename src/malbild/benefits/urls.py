"""Benefit calculation pages: /o/<org>/activities/<activity>/benefits/… (an activity's
calculation) and /o/<org>/benefits/ (the overview and the threshold)."""

from django.urls import path

from . import views

app_name = "benefits"
A = "activities/<ref:activity_pk>/benefits/"
urlpatterns = [
    path("benefits/", views.OverviewView.as_view(), name="overview"),
    path("benefits/settings/", views.SettingsView.as_view(), name="settings"),
    path(A, views.CalculationDetailView.as_view(), name="calculation-detail"),
    path(A + "new/", views.CalculationCreateView.as_view(), name="calculation-create"),
    path(A + "edit/", views.CalculationUpdateView.as_view(), name="calculation-update"),
    path(A + "delete/", views.CalculationDeleteView.as_view(), name="calculation-delete"),
    path(A + "alternatives/new/", views.AlternativeCreateView.as_view(), name="alternative-create"),
    path(
        A + "alternatives/<ref:pk>/edit/",
        views.AlternativeUpdateView.as_view(),
        name="alternative-update",
    ),
    path(
        A + "alternatives/<ref:pk>/choose/",
        views.AlternativeChooseView.as_view(),
        name="alternative-choose",
    ),
    path(
        A + "alternatives/<ref:pk>/delete/",
        views.AlternativeDeleteView.as_view(),
        name="alternative-delete",
    ),
    path(
        A + "alternatives/<ref:alternative_pk>/lines/new/",
        views.LineCreateView.as_view(),
        name="line-create",
    ),
    path(A + "lines/<ref:pk>/edit/", views.LineUpdateView.as_view(), name="line-update"),
    path(A + "lines/<ref:pk>/delete/", views.LineDeleteView.as_view(), name="line-delete"),
]
