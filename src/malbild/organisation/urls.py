"""The organisation's own pages under /o/<org>/: its settings and its bodies.

malbild/site/urls.py mounts these in the `organisation` namespace together with the overview
(which combines apps) and accounts' user management (`organisation:member-list` …)."""

from django.urls import path

from . import views

urlpatterns = [
    path("edit/", views.OrganisationUpdateView.as_view(), name="edit"),
    path("bodies/", views.BodyListView.as_view(), name="body-list"),
    path("bodies/new/", views.BodyCreateView.as_view(), name="body-create"),
    path("bodies/<ref:pk>/", views.BodyDetailView.as_view(), name="body-detail"),
    path("bodies/<ref:pk>/edit/", views.BodyUpdateView.as_view(), name="body-update"),
    path("bodies/<ref:pk>/delete/", views.BodyDeleteView.as_view(), name="body-delete"),
]
