"""Root URLs: each app owns its urls.py; malbild/site/urls.py assembles the pages that combine
apps (and the `organisation` namespace); the API router mounts each app's api.py."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from malbild.api.router import api
from malbild.site.urls import organisation_urls
from malbild.site.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("malbild.accounts.urls")),
    path("exports/", include("malbild.reports.urls")),
    # The public portal (/portal/<org>/…) and its admin pages (/o/<org>/portal/…).
    path("", include("malbild.portal.urls")),
    path("o/<slug:org>/", include(organisation_urls)),
    path("o/<slug:org>/", include("malbild.strategy.urls")),
    path("o/<slug:org>/", include("malbild.actionplan.urls")),
    path("o/<slug:org>/", include("malbild.cases.urls")),
    path("o/<slug:org>/", include("malbild.catalogue.urls")),
    path("o/<slug:org>/", include("malbild.consultation.urls")),
    path("o/<slug:org>/", include("malbild.followup.urls")),
    path("o/<slug:org>/", include("malbild.financing.urls")),
    path("o/<slug:org>/", include("malbild.benefits.urls")),
    path("o/<slug:org>/", include("malbild.dataio.urls")),
    path("o/<slug:org>/", include("malbild.backup.urls")),
    path("o/<slug:org>/", include("malbild.opendata.urls")),
    path("", include("malbild.site.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database that cannot be reached answers 503, also from a middleware (malbild.site.views).
handler500 = "malbild.site.views.server_error"
