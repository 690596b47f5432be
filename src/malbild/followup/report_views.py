"""The annual report of a follow-up period: as a web page and as PDF, DOCX and XLSX files
(built by followup.report, rendered by malbild.reports.render) — of every document the period
follows up, or of one of them (`?document=<id>`). The files are rendered in the background
(`report_export`, `malbild.reports.jobs`): the download answers the file when it is ready in
time or cached (closed period), else 303 to the export's status page."""

from django.http import Http404
from django.views.generic import TemplateView, View

from malbild.core.replica import ReplicaReadsMixin
from malbild.reports import jobs
from malbild.web.mixins import OrgMixin

from . import page_cache, selectors
from .report_export import FORMATS, KIND, export_params, follows_document, report_for

__all__ = ["FORMATS", "ReportDownloadView", "ReportView", "report_for", "requested_document"]


def requested_document(request) -> int | None:
    """The document chosen on the report page (`?document=<id>`), None for the whole tree."""
    value = request.GET.get("document", "")
    return int(value) if value.isdigit() else None


class ReportView(ReplicaReadsMixin, OrgMixin, TemplateView):
    """The annual report as a web page. A closed period's page is built once per language and
    document chosen and then served from the cache (`page_cache`); its reads may come from a
    read replica (`core.replica`, off unless one is configured)."""

    template_name = "followup/report_page.html"
    body_template = "followup/_report_page_body.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        document_id = requested_document(self.request)
        period = selectors.period_get(access=self.access, pk=self.kwargs["pk"], with_snapshot=False)
        ctx["period"] = period
        key = page_cache.closed_page_key(page="report", period=period, variant=(document_id,))
        page = page_cache.cached(key, lambda: self.build_page(dict(ctx), period, document_id))
        ctx["title"] = page["title"]
        ctx["body"] = page_cache.with_csrf(page["body"], self.request)
        return ctx

    def build_page(self, ctx: dict, period, document_id: int | None) -> dict:
        """The page's title and content (404 when the period does not follow the document)."""
        period, documents, report = report_for(
            self.access, self.kwargs["pk"], document_id, period=period
        )
        ctx["report"] = report
        ctx["formats"] = list(FORMATS)
        ctx["documents"] = documents if len(documents) > 1 else []
        ctx["document_id"] = document_id
        ctx["query"] = f"?document={document_id}" if document_id else ""
        body = page_cache.render_fragment(self.body_template, ctx, self.request)
        return {"title": str(report["title"]), "body": body}


class ReportDownloadView(OrgMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in FORMATS:
            raise Http404
        period = selectors.period_get(access=self.access, pk=kwargs["pk"])
        document_id = requested_document(request)
        if document_id is not None and not follows_document(period, document_id):
            raise Http404
        return jobs.request_export(
            user=request.user,
            organisation_slug=self.organisation.slug,
            kind=KIND,
            params=export_params(period=period, document_id=document_id),
            fmt=fmt,
        )
