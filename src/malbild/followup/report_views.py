"""The annual report of a follow-up period: as a web page and as PDF, DOCX and XLSX files
(built by followup.report, rendered by malbild.reports.render) — of every document the period
follows up, or of one of them (`?document=<id>`)."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.views.generic import TemplateView, View

from malbild.reports import render
from malbild.web.mixins import OrgMixin

from . import selectors
from .report import build_report

FORMATS = {
    "pdf": ("application/pdf", render.render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render.render_docx,
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        render.render_xlsx,
    ),
}


def requested_document(request) -> int | None:
    """The document chosen on the report page (`?document=<id>`), None for the whole tree."""
    value = request.GET.get("document", "")
    return int(value) if value.isdigit() else None


def report_for(access, pk: int, document_id: int | None = None) -> tuple:
    """The period, the documents it follows up and the report: of all of them, or of the one
    `document_id` names (404 when the period does not follow it up)."""
    period = selectors.period_get(access=access, pk=pk)
    raw = selectors.period_raw(period=period)
    data = selectors.period_data(period=period, document_id=document_id, raw=raw)
    if data is None:
        raise Http404
    return period, raw.get("documents") or [], build_report(data)


def report_filename(period, fmt: str, document: str | None = None) -> str:
    name = slugify(document or period.document.title)[:60]
    return f"{name}-{slugify(period.label)}.{fmt}"


class ReportView(OrgMixin, TemplateView):
    template_name = "followup/report_page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        document_id = requested_document(self.request)
        period, documents, report = report_for(self.access, self.kwargs["pk"], document_id)
        ctx["period"] = period
        ctx["report"] = render.with_images(report)
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
        document_id = requested_document(request)
        period, _documents, report = report_for(self.access, kwargs["pk"], document_id)
        content_type, renderer = FORMATS[fmt]
        response = HttpResponse(renderer(report), content_type=content_type)
        name = report_filename(period, fmt, report["subject"] if document_id else None)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
