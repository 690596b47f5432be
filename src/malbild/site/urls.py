"""URLs of the composition layer: the start page and the superuser's page for adding
organisations (namespace `web`, as before), and the `organisation` namespace under
/o/<org>/, assembled here from the overview, organisation's own pages and accounts' user
management so that neither app has to import the other."""

from django.urls import path

from malbild.accounts.urls import member_urlpatterns
from malbild.organisation.urls import urlpatterns as organisation_urlpatterns
from malbild.organisation.views import OrganisationCreateView

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/new/", OrganisationCreateView.as_view(), name="organisation-create"),
]

organisation_urls = (
    [
        path("", views.OverviewView.as_view(), name="overview"),
        *organisation_urlpatterns,
        *member_urlpatterns,
    ],
    "organisation",
)
