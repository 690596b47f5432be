"""The annual report of a follow-up period: as a web page and as PDF, DOCX and XLSX files
(built by followup.report, rendered by malbild.reports.render) — of every document the period
follows up, or of one of them (`?document=<id>`). The files are rendered in the background
(`report_export`, `malbild.reports.jobs`): the download answers the file when it is ready in
time or cached (closed period), else 303 to the export's status page."""

from django.http import Http404
from django.views.generic import TemplateView, View

from malbild.reports import jobs
from malbild.web.mixins import OrgMixin

from . import selectors
from .report_export import FORMATS, KIND, export_params, follows_document, report_for

__all__ = ["FORMATS", "ReportDownloadView", "ReportView", "report_for", "requested_document"]


def requested_document(request) -> int | None:
    """The document chosen on the report page (`?document=<id>`), None for the whole tree."""
    value = request.GET.get("document", "")
    return int(value) if value.isdigit() else None


class ReportView(OrgMixin, TemplateView):
    template_name = "followup/report_page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        document_id = requested_document(self.request)
        period, documents, report = report_for(self.access, self.kwargs["pk"], document_id)
        ctx["period"] = period
        ctx["report"] = report
        ctx["formats"] = list(FORMATS)
        ctx["documents"] = documents if len(documents) > 1 else []
        ctx["document_id"] = document_id
        ctx["query"] = f"?document={document_id}" if document_id else ""
        return ctx


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
