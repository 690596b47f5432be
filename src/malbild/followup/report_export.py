"""The annual report as a file (PDF, DOCX, XLSX), rendered in the background
(`malbild.reports.jobs`, registered as the export "annual_report" in `apps.py`).

The report of a closed period is built from its frozen snapshot (format 3, `snapshot.py`) and
the amendments made since, so its file is cached under a digest of exactly those inputs (and
the document chosen, the format and the language): a second download is served without
rendering, and a new amendment makes a new key. An open period's report is live data and is
rendered each time.
"""

from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from malbild.reports import render
from malbild.reports.jobs import Progress, access_of, digest, span

from . import selectors
from .report import build_report
from .scope import coverage

KIND = "annual_report"

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


def report_for(access, pk: int, document_id: int | None = None, *, period=None) -> tuple:
    """The period, the documents it follows up and the report: of all of them, or of the one
    `document_id` names (404 when the period does not follow it up). `period` is the period
    `pk` when the caller has already read it."""
    if period is None:
        period = selectors.period_get(access=access, pk=pk)
    raw = selectors.period_raw(period=period)
    data = selectors.period_data(period=period, document_id=document_id, raw=raw)
    if data is None:
        raise Http404
    return period, raw.get("documents") or [], build_report(data)


def report_filename(period, fmt: str, document: str | None = None) -> str:
    name = slugify(document or period.document.title)[:60]
    return f"{name}-{slugify(period.label)}.{fmt}"


def follows_document(period, document_id: int) -> bool:
    """Whether the period's report can be of `document_id` alone (without building it): a
    closed period's frozen list of documents, an open one's scope."""
    if period.is_closed and period.snapshot:
        documents = selectors.period_raw(period=period).get("documents") or []
        return any(d["id"] == document_id for d in documents)
    return document_id in coverage(period).scope.activity_documents


def export_params(*, period, document_id: int | None) -> dict:
    """The parameters of the export job of `period`'s report (with the name of the file)."""
    title = _("Annual report %(label)s: %(document)s") % {
        "label": period.label,
        "document": period.document.title,
    }
    return {"period": period.pk, "document": document_id, "title": title}


def label(params: dict) -> str:
    return params["title"]


def build(params: dict, fmt: str, progress: Progress) -> tuple[bytes, str, str]:
    """Render the report file as the user who asked (their access, checked again now)."""
    content_type, _renderer = FORMATS[fmt]
    progress(5, _("Collecting the period's data"))
    access = access_of(params)
    document_id = params.get("document")
    period, _documents, report = report_for(access, params["period"], document_id)
    progress(40, _("Writing the file"))
    content = render.render(report, fmt, progress=span(progress, 40, 99))
    name = report_filename(period, fmt, report["subject"] if document_id else None)
    progress(100, _("File ready"))
    return content, name, content_type


def cache_key(params: dict, fmt: str) -> str | None:
    """A digest of a closed period's frozen snapshot and its amendments; None while open."""
    access = access_of(params)
    period = selectors.period_get(access=access, pk=params["period"])
    if not (period.is_closed and period.snapshot):
        return None
    return digest(
        "followup-report",
        period.pk,
        params.get("document"),
        period.snapshot,
        selectors.amendment_list(period=period),
        period.closed_at,
        period.label,
        period.document.title,
        access.organisation.name,
    )
