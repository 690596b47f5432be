"""The annual report of a follow-up period: as a web page and as PDF, DOCX and XLSX files
(built by followup.report, rendered by malbild.reports.render) — of every document the period
follows up, or of one of them (`?document=<id>`). The files are rendered in the background
(`report_export`, `malbild.reports.jobs`): the download answers the file when it is ready in
time or cached (closed period), else 303 to the export's status page."""

import re
from urllib.parse import urlencode

from django.http import Http404
from django.views.generic import TemplateView, View

from malbild.core.replica import ReplicaReadsMixin
from malbild.reports import jobs
from malbild.web.mixins import OrgMixin

from . import page_cache, selectors
from .report_export import FORMATS, KIND, export_params, follows_document, report_for

__all__ = ["FORMATS", "ReportDownloadView", "ReportView", "report_for", "requested_document"]


# Above this weight (table rows, and a chart counted as CHART_WEIGHT rows) the report page is
# shown one part at a time (docs/adr/0017-long-pages-in-parts.md): at 16× (400 indicators,
# 3,040 activities) the whole report was 3.9 MB of HTML. The files always hold everything.
SINGLE_PAGE_WEIGHT = 600
CHART_WEIGHT = 10
# A part ends only once it weighs this much: the small chapters of the plans under the main
# one share a page instead of making hundreds of parts.
PART_WEIGHT = 100
# A table longer than this (the appendix of all activities) is shown this many rows a page
# within its part (`?page=`).
TABLE_ROWS_PER_PAGE = 500
_PART = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def requested_part(request) -> str:
    """The part of the report page asked for (`?part=<section id>`), "" for the first, also
    for anything malformed (so the cache holds no key per made-up value)."""
    value = str(request.GET.get("part", "")).strip()
    return value if _PART.match(value) else ""


def _weight(section: dict) -> int:
    weight = 0
    for block in section["blocks"]:
        if block["type"] == "table":
            weight += len(block["table"]["rows"])
        elif block["type"] == "chart":
            weight += CHART_WEIGHT
    return weight


def report_parts(sections: list[dict], min_weight: int | None = None) -> list[list[dict]]:
    """The report's sections in parts: a part begins at a chapter (level 1), or at a section
    under one (level 2) once the part before weighs at least `min_weight` (PART_WEIGHT), and
    only after a part with content; so a heading with nothing under it yet (a plan's chapter
    heading) stays with what follows. Every section is in exactly one part, in order."""
    least = PART_WEIGHT if min_weight is None else min_weight
    parts: list[list[dict]] = []
    for section in sections:
        starts = section["level"] <= 2 and (
            not parts
            or (
                any(s["blocks"] for s in parts[-1])
                and (section["level"] == 1 or sum(map(_weight, parts[-1])) >= least)
            )
        )
        if starts:
            parts.append([section])
        else:
            parts[-1].append(section)
    return parts


def _page_tables(sections: list[dict], page: int, base: dict) -> tuple[list[dict], dict | None]:
    """The sections with every table longer than TABLE_ROWS_PER_PAGE cut to page `page` (the
    last when past it), and the page links (None when no table is that long); `base` holds
    the links' other parameters."""
    longest = max(
        (len(b["table"]["rows"]) for s in sections for b in s["blocks"] if b["type"] == "table"),
        default=0,
    )
    if longest <= TABLE_ROWS_PER_PAGE:
        return sections, None
    pages = -(-longest // TABLE_ROWS_PER_PAGE)
    page = min(max(page, 1), pages)
    start, end = (page - 1) * TABLE_ROWS_PER_PAGE, page * TABLE_ROWS_PER_PAGE
    cut = []
    for section in sections:
        blocks = []
        for block in section["blocks"]:
            if block["type"] == "table" and len(block["table"]["rows"]) > TABLE_ROWS_PER_PAGE:
                rows = block["table"]["rows"]
                block = {**block, "table": {**block["table"], "rows": rows[start:end]}}
            blocks.append(block)
        cut.append({**section, "blocks": blocks})
    links = [
        (n, "?" + urlencode({**base, **({"page": n} if n > 1 else {})}) + "#report-part", n == page)
        for n in range(1, pages + 1)
    ]
    rows = {"first": start + 1, "last": min(end, longest), "count": longest, "links": links}
    return cut, rows


def report_page_part(report: dict, part: str, query: dict, page: int = 1) -> dict:
    """What the report page shows of `report`: everything while it weighs at most
    SINGLE_PAGE_WEIGHT, else the part `part` (the first when unknown) with the table of
    contents of every section linked to its part, the chapter it continues and the links to
    the previous and next part. `query` holds the other parameters of the links (the
    document chosen)."""
    sections = report["sections"]
    if sum(_weight(s) for s in sections) <= SINGLE_PAGE_WEIGHT:
        return {"report": report, "report_web_toc": [], "report_continued": "", "part_links": []}
    parts = report_parts(sections)
    index = next((n for n, p in enumerate(parts) if p[0]["id"] == part), 0)

    def href(n: int, section_id: str) -> str:
        params = {**query, **({"part": parts[n][0]["id"]} if n else {})}
        return (f"?{urlencode(params)}" if params else "?") + f"#{section_id}"

    toc = []
    for n, chosen in enumerate(parts):
        for section in chosen:
            toc.append(
                {
                    "level": section["level"],
                    "heading": section["heading"],
                    "href": href(n, section["id"]),
                    "current": n == index and section is chosen[0],
                }
            )
    continued = ""
    if parts[index][0]["level"] > 1:
        before = [s for p in parts[:index] for s in p if s["level"] == 1]
        continued = before[-1]["heading"] if before else ""
    links = []
    if index > 0:
        links.append(("prev", parts[index - 1][0]["heading"], href(index - 1, "report-part")))
    if index + 1 < len(parts):
        links.append(("next", parts[index + 1][0]["heading"], href(index + 1, "report-part")))
    base = {**query, **({"part": parts[index][0]["id"]} if index else {})}
    shown, rows = _page_tables(parts[index], page, base)
    return {
        "report": {**report, "sections": shown},
        "table_rows": rows,
        "report_web_toc": toc,
        "report_continued": continued,
        "part_links": links,
        "part_number": index + 1,
        "part_count": len(parts),
    }


def requested_page(request) -> int:
    """`?page=` within a part (1 for anything else)."""
    text = str(request.GET.get("page", "")).strip()
    return int(text) if text.isdigit() and 0 < len(text) <= 6 and int(text) > 0 else 1


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
        part = requested_part(self.request)
        number = requested_page(self.request)
        period = selectors.period_get(access=self.access, pk=self.kwargs["pk"], with_snapshot=False)
        ctx["period"] = period
        key = page_cache.closed_page_key(
            page="report", period=period, variant=(document_id, part, number)
        )
        page = page_cache.cached(
            key, lambda: self.build_page(dict(ctx), period, document_id, part=part, page=number)
        )
        ctx["title"] = page["title"]
        ctx["body"] = page_cache.with_csrf(page["body"], self.request)
        return ctx

    def build_page(
        self, ctx: dict, period, document_id: int | None, part: str = "", page: int = 1
    ) -> dict:
        """The page's title and content, of a long report the part `part` (404 when the
        period does not follow the document)."""
        period, documents, report = report_for(
            self.access, self.kwargs["pk"], document_id, period=period
        )
        query = {"document": document_id} if document_id else {}
        ctx.update(report_page_part(report, part, query, page))
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
