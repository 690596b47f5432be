"""Open data pages under /o/<org>/data/: the list of datasets and each file as JSON or CSV.

Access (docs/adr/0015-backup-and-open-data.md and its addendum): a signed-in member (anyone
with a role in the organisation) reads every adopted document and closed period; anyone else —
an anonymous visitor, or a signed-in user without a role — reads exactly what the
organisation's portal publishes (portal on, document published: the version the portal shows
and the closed periods of it, with only approved comments), at the same addresses, and gets
404 for everything else (never a login redirect: that would tell an unpublished item exists).
Public answers are cacheable like the portal's pages.
"""

import hashlib
import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import content_disposition_header, http_date
from django.views import View
from django.views.generic import TemplateView

from malbild.core.access import request_access, require_roles
from malbild.portal import selectors as portal_selectors
from malbild.web.middleware import SecurityHeadersMiddleware

from . import catalog, datasets, selectors

LINK = f'<{selectors.LICENCE["url"]}>; rel="license"'
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def _file(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Link"] = LINK
    response["Content-Disposition"] = content_disposition_header(fmt == "csv", filename)
    return response


def _json(value: dict) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode()


MAX_AGE = 300


def _public_answer(request, organisation, render) -> HttpResponse:
    """A public answer, conditional like the portal's pages: its ETag and Last-Modified come
    from the portal's state (what it publishes) and the language, so a revalidation answers
    304 until something is published, unpublished, closed or amended; cacheable."""
    fingerprint, changed = portal_selectors.portal_state(organisation=organisation)
    language = translation.get_language()
    digest = hashlib.sha256(f"{fingerprint}|{language}|{request.path}".encode()).hexdigest()
    etag = f'"{digest[:32]}"'
    last_modified = int(changed.timestamp()) if changed else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = render()
    if response.status_code in (200, 304):
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        if SecurityHeadersMiddleware.personal(request, response):
            response["Cache-Control"] = "private, no-store"
        else:
            response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        patch_vary_headers(response, ("Cookie",))
    return response


class DataAccessMixin:
    """`self.access` (a member's access, or None for the public) and `self.organisation`:
    a member's organisation, else one whose portal is on (else 404)."""

    def dispatch(self, request, *args, **kwargs):
        self.access = None
        if request.user.is_authenticated:
            try:
                self.access = require_roles(request_access(request, kwargs["org"]))
            except Http404:
                self.access = None
        if self.access is not None:
            self.organisation = self.access.organisation
            return super().dispatch(request, *args, **kwargs)
        self.organisation = portal_selectors.public_organisation(slug=kwargs["org"])
        return _public_answer(
            request,
            self.organisation,
            lambda: super(DataAccessMixin, self).dispatch(request, *args, **kwargs),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["access"] = self.access
        ctx["organisation"] = self.organisation
        return ctx


class DataIndexView(DataAccessMixin, TemplateView):
    def get_template_names(self):
        return ["opendata/index.html" if self.access else "opendata/public_index.html"]

    def get_context_data(self, **kwargs):
        if self.access is not None:
            documents = list(selectors.published_documents(access=self.access))
            periods = list(selectors.closed_periods(access=self.access))
        else:
            documents = selectors.public_documents(organisation=self.organisation)
            public = selectors.public_periods(organisation=self.organisation, documents=documents)
            periods = [p.period for p in public]
        return super().get_context_data(
            documents=documents,
            periods=periods,
            licence=selectors.LICENCE,
            catalog_url=reverse("opendata:catalog", kwargs={"org": self.organisation.slug}),
            **kwargs,
        )


class DocumentDataView(DataAccessMixin, View):
    def get(self, request, org, pk, fmt):
        if self.access is not None:
            document, snapshot = selectors.document_dataset(access=self.access, ref=pk)
            version = document.adopted_version
        else:
            document, snapshot = selectors.public_document_dataset(
                organisation=self.organisation, ref=pk
            )
            version = document.public_version
        name = f"{self.organisation.slug}-{document.uid}.{fmt}"
        if fmt == "json":
            url = request.build_absolute_uri(  # the stable address: by uid, also via an id
                reverse("opendata:document-json", kwargs={"org": org, "pk": document.uid})
            )
            value = datasets.document_json(document, snapshot, url=url, version=version)
            return _file(_json(value), fmt, name)
        return _file(datasets.csv_bytes(datasets.document_rows(snapshot)), fmt, name)


class PeriodDataView(DataAccessMixin, View):
    def get(self, request, org, pk, fmt):
        if self.access is not None:
            period, data = selectors.period_dataset(access=self.access, ref=pk)
        else:
            period, data = selectors.public_period_dataset(organisation=self.organisation, ref=pk)
        name = f"{self.organisation.slug}-uppfoljning-{period.pk}.{fmt}"
        if fmt == "json":
            url = request.build_absolute_uri(
                reverse("opendata:period-json", kwargs={"org": org, "pk": period.pk})
            )
            return _file(_json(datasets.period_json(period, data, url=url)), fmt, name)
        return _file(datasets.csv_bytes(datasets.period_rows(data)), fmt, name)


class _CatalogUrls:
    def __init__(self, org: str):
        self.org = org

    def _reverse(self, name: str, **kwargs) -> str:
        return reverse(name, kwargs={"org": self.org, **kwargs})

    def index(self):
        return self._reverse("opendata:index")

    def catalog(self):
        return self._reverse("opendata:catalog")

    def portal(self):
        return self._reverse("portal:start")

    def document(self, d, fmt):
        return self._reverse(f"opendata:document-{fmt}", pk=d.uid)

    def period(self, p, fmt):
        return self._reverse(f"opendata:period-{fmt}", pk=p.pk)

    def document_page(self, d):
        return self._reverse("portal:document", doc=d.uid)

    def period_page(self, p):
        return self._reverse(
            "portal:report", doc=p.document.uid, period=portal_selectors.period_key(p)
        )


class CatalogView(View):
    """The DCAT-AP-SE catalogue (JSON-LD) of what the portal publishes; 404 while the portal
    is off, to members too (a catalogue is for the public; members read the index)."""

    def get(self, request, org):
        organisation = portal_selectors.public_organisation(slug=org)
        return _public_answer(request, organisation, lambda: self._catalog(request, organisation))

    def _catalog(self, request, organisation):
        org = organisation.slug
        documents = selectors.public_documents(organisation=organisation)
        periods = [
            p.period
            for p in selectors.public_periods(organisation=organisation, documents=documents)
        ]
        base = (settings.MALBILD_BASE_URL or "").rstrip("/")

        def absolute(path: str) -> str:
            return base + path if base else request.build_absolute_uri(path)

        value = catalog.catalog(
            organisation=organisation,
            documents=documents,
            periods=periods,
            absolute=absolute,
            urls=_CatalogUrls(org),
        )
        response = HttpResponse(_json(value), content_type="application/ld+json; charset=utf-8")
        response["Link"] = LINK
        return response
