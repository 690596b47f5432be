"""Root URLs: each app owns its urls.py; the API router mounts each app's api.py."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter

from malbild.api.router import api
from malbild.web.converters import RefConverter
from malbild.web.views import healthz

# `<ref:pk>`: an item's uid or, as an alias, its integer id (docs/adr/0006).
register_converter(RefConverter, "ref")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("malbild.accounts.urls")),
    path("o/<slug:org>/", include("malbild.organisation.urls")),
    path("o/<slug:org>/", include("malbild.strategy.urls")),
    path("o/<slug:org>/", include("malbild.actionplan.urls")),
    path("o/<slug:org>/", include("malbild.catalogue.urls")),
    path("o/<slug:org>/", include("malbild.consultation.urls")),
    path("o/<slug:org>/", include("malbild.followup.urls")),
    path("", include("malbild.web.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
