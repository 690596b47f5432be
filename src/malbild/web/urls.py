"""The start page and the superuser's page for adding organisations."""

from django.urls import path

from malbild.organisation.views import OrganisationCreateView

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/new/", OrganisationCreateView.as_view(), name="organisation-create"),
]
