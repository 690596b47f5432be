"""The test URL conf: Målbild's URLs plus the test provider (django-oauth-toolkit) under
/idp/."""

from django.urls import include, path

from malbild.urls import handler500  # noqa: F401
from malbild.urls import urlpatterns as malbild_urlpatterns

urlpatterns = [
    path("idp/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    *malbild_urlpatterns,
]
