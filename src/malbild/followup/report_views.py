"""The annual report of a follow-up period: as a web page and as PDF, DOCX and XLSX files
(built by followup.report, rendered by malbild.reports.render)."""

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


def report_for(access, pk: int) -> tuple:
    period = selectors.period_get(access=access, pk=pk)
    return period, build_report(selectors.period_data(period=period))


def report_filename(period, fmt: str) -> str:
    return f"{slugify(period.document.title)[:60]}-{slugify(period.label)}.{fmt}"


class ReportView(OrgMixin, TemplateView):
    template_name = "followup/report_page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period, report = report_for(self.access, self.kwargs["pk"])
        ctx["period"] = period
        ctx["report"] = render.with_images(report)
        ctx["formats"] = list(FORMATS)
        return ctx


class ReportDownloadView(OrgMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in FORMATS:
            raise Http404
        period, report = report_for(self.access, kwargs["pk"])
        content_type, renderer = FORMATS[fmt]
        response = HttpResponse(renderer(report), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{report_filename(period, fmt)}"'
        return response
