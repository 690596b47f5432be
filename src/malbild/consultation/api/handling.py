"""API of the handling of the responses: the submitted comments, recording a comment's
disposition, and the consultation summary as JSON.
"""

import datetime as dt
from uuid import UUID

from django.core.exceptions import PermissionDenied

from malbild.api.utils import Pagination, if_match, paginate
from malbild.core.access import Access

from .. import selectors, services
from ..models import ConsultationRound
from ..permissions import can_manage_rounds, can_read_response
from ._common import (
    ConsultationRouter,
    P,
    _access,
    _comment_out,
    _disposition,
    _disposition_out,
    _response_out,
    _round,
    _round_out,
)
from .schemas import DispositionIn, DispositionOut, SubmittedCommentOut, SummaryOut

router = ConsultationRouter()


@router.get(
    P + "/{round_id}/comments", response=list[SubmittedCommentOut], summary="Submitted comments"
)
@paginate(Pagination)
def comment_list(request, org: str, round_id: int):
    """Every submitted comment, per item in document order, with its disposition; paginated
    (`limit`, `offset`, `count`) like the other lists."""
    access = _access(request, org)
    r = _round(access, round_id)
    if not can_manage_rounds(access) and r.is_open:
        raise PermissionDenied
    summary = selectors.summary_build(round=r, include_working_copy=False)
    return [
        {
            "consultee": rec["consultee"].body.name,
            "consultee_id": rec["consultee"].pk,
            **_comment_out(rec["comment"]),
            "disposition": _disposition(rec["comment"]),
        }
        for section in summary["sections"]
        for rec in section["comments"]
    ]


@router.put(
    P + "/{round_id}/comments/{comment_id}/disposition",
    response=DispositionOut,
    summary="Record the disposition of a comment",
)
def disposition_set(request, org: str, round_id: int, comment_id: int, payload: DispositionIn):
    access = _access(request, org)
    comment = selectors.comment_get(round=_round(access, round_id), pk=comment_id)
    existing = selectors.disposition_of(comment)
    if existing is None:
        d = services.disposition_set(access=access, comment=comment, **payload.dict())
    else:
        with if_match(request, existing):
            d = services.disposition_set(access=access, comment=comment, **payload.dict())
    return _disposition_out(d)


@router.get(P + "/{round_id}/summary", response=SummaryOut, summary="The consultation summary")
def summary(request, org: str, round_id: int):
    access = _access(request, org)
    r = _round(access, round_id)
    if not can_manage_rounds(access) and r.is_open:
        raise PermissionDenied
    s = selectors.summary_build(round=r)
    return {
        "round": {
            k: str(v) if isinstance(v, dt.date) else v for k, v in _round_out(r, access).items()
        },
        "extensions": _summary_extensions(s["extensions"]),
        "consultees": _summary_consultees(s["rows"]),
        "positions": {p["value"]: p["count"] for p in s["positions"]},
        "items": _summary_items(s["sections"]),
        "not_accepted": [_summary_comment(c) for c in s["not_accepted"]],
        "changes": _summary_changes(s["changes"]),
        "revised_is_working_copy": s["revised_is_working_copy"],
        "assessment": s["assessment"],
        "proposal": s["proposal"],
        "responses": _summary_responses(access, r, s["responses"]),
    }


def _summary_comment(record) -> dict:
    """Step of the summary: one submitted comment with its consultee and disposition."""
    return {
        "consultee": record["consultee"].body.name,
        **_comment_out(record["comment"]),
        "disposition": _disposition(record["comment"]),
    }


def _summary_extensions(extensions) -> list[dict]:
    """Step of the summary: the deadline extensions, dates as ISO strings."""
    return [
        {
            "previous_deadline": e.previous_deadline.isoformat(),
            "new_deadline": e.new_deadline.isoformat(),
            "reason": e.reason,
            "decision": e.decision.reference if e.decision_id else None,
        }
        for e in extensions
    ]


def _summary_consultees(rows) -> list[dict]:
    """Step of the summary: each consultee's state, submission time and position."""
    return [
        {
            "body": row["consultee"].body.name,
            "state": row["state"],
            "submitted_at": row["submitted_at"].isoformat() if row["submitted_at"] else None,
            "position": row["current"].position if row["current"] else None,
        }
        for row in rows
    ]


def _summary_items(sections) -> list[dict]:
    """Step of the summary: the comments per item of the consulted version."""
    return [
        {
            "uid": section["uid"] or None,
            "type": section["type"] or "document",
            "label": section["label"],
            "comments": [_summary_comment(c) for c in section["comments"]],
        }
        for section in sections
    ]


def _summary_changes(changes) -> list[dict]:
    """Step of the summary: the items changed between the consulted and the revised version,
    with the comments that caused each change (none without a comparison)."""
    changes = changes or {"changes": [], "counts": {}}
    return [
        {
            "uid": c["uid"],
            "type": c["type"],
            "label": c["label"],
            "change": c["change"],
            "fields": [f["field"] for f in c["fields"]],
            "comment_ids": [x["comment"].pk for x in c["comments"]],
        }
        for c in changes["changes"]
    ]


def _summary_responses(access: Access, r: ConsultationRound, responses) -> list[dict]:
    """Step of the summary: the current responses the caller may read, as JSON values."""
    return [
        {"body": row["consultee"].body.name, **_jsonable(_response_out(row["current"]))}
        for row in responses
        if can_read_response(access, row["current"], r.status)
    ]


def _jsonable(data):
    if isinstance(data, dict):
        return {k: _jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_jsonable(v) for v in data]
    if isinstance(data, dt.date | dt.datetime):
        return data.isoformat()
    if isinstance(data, UUID):
        return str(data)
    return data
