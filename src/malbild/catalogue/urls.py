"""Catalogue pages under /o/<org>/catalogue/."""

from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("catalogue/", views.CatalogueListView.as_view(), name="item-list"),
    path("catalogue/new/", views.CatalogueItemCreateView.as_view(), name="item-create"),
    path("catalogue/<ref:pk>/", views.CatalogueItemDetailView.as_view(), name="item-detail"),
    path("catalogue/<ref:pk>/edit/", views.CatalogueItemUpdateView.as_view(), name="item-update"),
    path("catalogue/<ref:pk>/delete/", views.CatalogueItemDeleteView.as_view(), name="item-delete"),
]
