"""The consultation summary (remissammanställning) as a file (PDF, DOCX), rendered in the
background (`malbild.reports.jobs`, registered as "consultation_summary" in `apps.py`); the
rendering itself is `exports.summary_pdf` / `exports.summary_docx`.

Cache: the summary of a closed round whose revised version is frozen compares two frozen
versions (their snapshots) and shows responses that can no longer change; what may still
change is the handling (dispositions), the round's own fields (adoption decision, note) and the
names of the bodies. Its key is a digest of the two snapshots and of those rows' versions, so a
second download is served without rendering and any change makes a new key. While the round
is open, or compares with the live working copy, the summary is rendered each time. Everyone
who may read a closed round's summary sees the same responses (every current submitted one,
`permissions.can_read_response`), so the cached file does not depend on who asked.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from malbild.reports.jobs import Progress, access_of, digest, span

from . import exports, selectors
from .models import Consultee, DeadlineExtension, Disposition, Response
from .permissions import can_manage_rounds, can_read_response

KIND = "consultation_summary"

FORMATS = {"pdf": "application/pdf", "docx": exports.DOCX_TYPE}


def summary_for(access, round) -> dict:
    """The summary as `access` may see it: only the responses it may read."""
    summary = selectors.summary_build(round=round)
    summary["responses"] = [
        row
        for row in summary["responses"]
        if can_read_response(access, row["current"], round.status)
    ]
    return summary


def readable_round(access, pk: int):
    """The round `pk` if `access` may read its summary: strategists at any time, readers once
    it is closed (404 for another organisation's, PermissionDenied while open)."""
    round_ = selectors.round_get(access=access, pk=pk)
    if not can_manage_rounds(access) and round_.is_open:
        raise PermissionDenied
    return round_


def filename(round, fmt: str) -> str:
    return f"remissammanstallning-{round.pk}.{fmt}"


def export_params(*, round) -> dict:
    return {
        "round": round.pk,
        "title": _("Consultation summary: %(title)s") % {"title": round.title},
    }


def label(params: dict) -> str:
    return params["title"]


def build(params: dict, fmt: str, progress: Progress) -> tuple[bytes, str, str]:
    """Render the summary file as the user who asked (their access, checked again now)."""
    content_type = FORMATS[fmt]
    progress(5, _("Collecting the responses"))
    access = access_of(params)
    round_ = readable_round(access, params["round"])
    summary = summary_for(access, round_)
    progress(40, _("Writing the file"))
    steps = span(progress, 40, 99)
    if fmt == "pdf":
        content = exports.summary_pdf(summary=summary, progress=steps)
    else:
        content = exports.summary_docx(summary=summary, progress=steps)
    progress(100, _("File ready"))
    return content, filename(round_, fmt), content_type


def cache_key(params: dict, fmt: str) -> str | None:
    """A digest of a closed round's frozen versions and of the versions of every row its
    summary shows; None while open or while it compares with the working copy."""
    access = access_of(params)
    round_ = selectors.round_get(access=access, pk=params["round"])
    if round_.is_open or not round_.revised_version_id:
        return None
    return digest(
        "consultation-summary",
        round_.pk,
        round_.lock_version,
        round_.modified_at,
        round_.assessment,  # the strategist's words may change after closing
        round_.proposal,
        access.organisation.name,
        round_.version.snapshot,
        round_.revised_version.snapshot,
        list(
            Consultee.objects.for_access(access)
            .filter(round=round_)
            .order_by("pk")
            .values_list("pk", "lock_version", "body__name", "body__modified_at")
        ),
        list(
            Response.objects.for_access(access)
            .filter(consultee__round=round_)
            .order_by("pk")
            .values_list("pk", "status", "modified_at")
        ),
        list(
            Disposition.objects.for_access(access)
            .filter(comment__response__consultee__round=round_)
            .order_by("pk")
            .values_list("pk", "lock_version", "modified_at")
        ),
        list(
            DeadlineExtension.objects.for_access(access)
            .filter(round=round_)
            .order_by("pk")
            .values_list("pk", "modified_at")
        ),
    )
