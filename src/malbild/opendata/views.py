"""Open data pages under /o/<org>/data/: the list of datasets and each file as JSON or CSV.

Access (docs/adr/0015-backup-and-open-data.md): anyone with a role in the organisation now;
the public once the organisation's portal (issue #14) publishes them, at the same addresses.
"""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from malbild.web.mixins import OrgMixin

from . import datasets, selectors

LINK = f'<{selectors.LICENCE["url"]}>; rel="license"'
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def _file(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Link"] = LINK
    response["Content-Disposition"] = content_disposition_header(fmt == "csv", filename)
    return response


def _json(value: dict) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode()


class DataIndexView(OrgMixin, TemplateView):
    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            documents=list(selectors.published_documents(access=self.access)),
            periods=list(selectors.closed_periods(access=self.access)),
            licence=selectors.LICENCE,
            **kwargs,
        )


class DocumentDataView(OrgMixin, View):
    def get(self, request, org, pk, fmt):
        document, snapshot = selectors.document_dataset(access=self.access, ref=pk)
        name = f"{self.organisation.slug}-{document.uid}.{fmt}"
        if fmt == "json":
            url = request.build_absolute_uri(  # the stable address: by uid, also via an id
                reverse("opendata:document-json", kwargs={"org": org, "pk": document.uid})
            )
            return _file(_json(datasets.document_json(document, snapshot, url=url)), fmt, name)
        return _file(datasets.csv_bytes(datasets.document_rows(snapshot)), fmt, name)


class PeriodDataView(OrgMixin, View):
    def get(self, request, org, pk, fmt):
        period, data = selectors.period_dataset(access=self.access, ref=pk)
        name = f"{self.organisation.slug}-uppfoljning-{period.pk}.{fmt}"
        if fmt == "json":
            url = request.build_absolute_uri(
                reverse("opendata:period-json", kwargs={"org": org, "pk": period.pk})
            )
            return _file(_json(datasets.period_json(period, data, url=url)), fmt, name)
        return _file(datasets.csv_bytes(datasets.period_rows(data)), fmt, name)
