"""The consulted version for those asked to comment on it: the frozen version of the round as
it was sent out, readable in the browser, for respondents by account and holders of a secret
link alike (`ResponderMixin` decides who may come in: the round's consultees, and staff who
can see the round; everybody else gets 404).

The page is built from the version's snapshot with the same helpers and field partial as the
strategy version page (`strategy.snapshot.render`, `strategy/version_detail.html#…`), so a
consultee reads the same text the strategist froze, without needing the right to read the
organisation's documents. The same people download it as PDF or Word: the file is the
plan export of the frozen version (`strategy.exports.plan_file`); a link holder needs no
login, and a revoked or expired link is refused as on the response page. A consultee with an
account also gets the deadline as a calendar file with the addresses of both pages.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from malbild.reports import jobs
from malbild.strategy import exports as plan_exports
from malbild.strategy.snapshot import render as snapshot_render
from malbild.strategy.snapshot.parts import version_parts

from .. import exports, selectors
from .respondent import ResponderMixin


def consulted_version_context(*, round, organisation, query=None) -> dict:
    """The round's frozen version ready for a page: document fields, the item tree (a large
    version in parts chosen by `query`, `?focus_area=` and `?page=`, as on the strategy
    version page) and what the version inherits from the documents above it; `anchor_uids`
    are the items a comment may be anchored to."""
    snap = snapshot_render.resolve_labels(round.version.snapshot, organisation=organisation)
    nodes = snapshot_render.tree(snap, formatted=False)
    return {
        "document_fields": snapshot_render.document_fields(snap),
        "nodes": nodes,
        "content_parts": version_parts(snap, nodes, query or {}),
        "inherited": snapshot_render.inherited(snap),
        "anchor_uids": {a["uid"] for a in selectors.version_anchors(snapshot=snap) if a["uid"]},
    }


class ConsultedVersionView(ResponderMixin):
    """GET …/version/: the consulted version, with links to comment on an item (while the
    round is open and the caller may write), back to the response and to the downloads."""

    def get(self, request, *args, **kwargs):
        ctx = {
            "round": self.round,
            "version": self.round.version,
            "document": self.round.document,
            "consultee": self.consultee,
            "organisation": self.organisation,
            "access": self.access,
            "link_mode": self.link_mode,
            "can_comment": self.can_write and self.round.is_open,
            "urls": {
                "response": self.url(),
                "version_pdf": self.url("version-pdf"),
                "version_docx": self.url("version-docx"),
            },
            **consulted_version_context(
                round=self.round, organisation=self.organisation, query=request.GET
            ),
        }
        return render(request, "consultation/version.html", ctx)


class ConsultedVersionFileView(ResponderMixin):
    """GET …/version.pdf and …/version.docx: the consulted version as a file (`fmt` is set
    in the URL configuration)."""

    fmt = "pdf"

    def get(self, request, *args, **kwargs):
        if self.fmt not in ("pdf", "docx"):
            raise Http404
        # A file of the frozen version someone already made (the strategist checking it
        # before sending, another consultee) is served as it is; else it is made now.
        cached = jobs.cached_response(
            plan_exports.KIND, plan_exports.version_cache_key(self.round.version), self.fmt
        )
        if cached is not None:
            return cached
        content, filename, content_type = plan_exports.plan_file(
            document=self.round.document, version=self.round.version, fmt=self.fmt
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class ConsulteeIcsView(ResponderMixin):
    """GET …/consultees/<cid>/deadline.ics: the deadline as a calendar file for a consultee
    with an account, with the addresses of its response page and of the consulted version
    (holders of a secret link have both in their invitation)."""

    def get(self, request, *args, **kwargs):
        links = (
            (_("Response"), request.build_absolute_uri(self.url())),
            (_("The consulted version"), request.build_absolute_uri(self.url("version"))),
        )
        response = HttpResponse(
            exports.deadline_ics(round=self.round, links=links),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="remiss-{self.round.pk}.ics"'
        return response
