"""API of the handling of the responses: the submitted comments, recording a comment's
disposition, and the consultation summary as JSON.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied

from malbild.api.utils import Pagination, if_match, paginate
from malbild.core.access import Access

from .. import selectors, services
from ..models import ConsultationRound
from ..permissions import can_manage_rounds
from ._common import (
    ConsultationRouter,
    P,
    _access,
    _comment_out,
    _disposition_out,
    _response_out,
    _round,
    _round_out,
)
from .schemas import (
    DispositionIn,
    DispositionOut,
    SubmittedCommentOut,
    SummaryCommentOut,
    SummaryOut,
    SummaryResponseOut,
)

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
    return _SubmittedComments(selectors.comment_list(round=r))


class _SubmittedComments:
    """`selectors.CommentList` as the API shows it: a slice reads its own comments only (one
    query) and turns them into `SubmittedCommentOut` values; the length is the count."""

    def __init__(self, comments: selectors.CommentList):
        self.comments = comments

    def __len__(self) -> int:
        return len(self.comments)

    def __getitem__(self, key: slice) -> list[dict]:
        return [
            {
                "consultee": rec["consultee"].body.name,
                "consultee_id": rec["consultee"].pk,
                **_comment_out(rec["comment"]),
                "disposition": _disposition_of(rec["disposition"]),
            }
            for rec in self.comments[key]
        ]


def _disposition_of(d) -> dict | None:
    return None if d is None else _disposition_out(d)


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


def _summary_round(access: Access, round_id: int) -> ConsultationRound:
    """The round whose summary `access` may read: strategists at any time, readers once the
    round is closed."""
    r = _round(access, round_id)
    if not can_manage_rounds(access) and r.is_open:
        raise PermissionDenied
    return r


@router.get(P + "/{round_id}/summary", response=SummaryOut, summary="The consultation summary")
def summary(request, org: str, round_id: int):
    """The summary's overview: introduction, consultees, positions, the items with comments
    and their counts, the changes with the comments that caused them, the assessment and the
    proposed decision. Its growing parts are paginated lists beside it: the comments per
    item (`…/comments`, in the summary's order), the points not accepted
    (`…/summary/not-accepted`) and the responses (`…/summary/responses`)."""
    access = _access(request, org)
    r = _summary_round(access, round_id)
    s = selectors.summary_overview(round=r, access=access, index=selectors.comment_index(round=r))
    return {
        "round": {
            k: str(v) if isinstance(v, dt.date) else v for k, v in _round_out(r, access).items()
        },
        "extensions": _summary_extensions(s["extensions"]),
        "consultees": _summary_consultees(s["rows"]),
        "positions": {p["value"]: p["count"] for p in s["positions"]},
        "items": _summary_items(s["index"]),
        "comment_count": s["comment_count"],
        "handled_count": s["handled_count"],
        "not_accepted_count": s["not_accepted_count"],
        "response_count": s["response_count"],
        "changes": _summary_changes(s["changes"]),
        "revised_is_working_copy": s["revised_is_working_copy"],
        "assessment": s["assessment"],
        "proposal": s["proposal"],
    }


@router.get(
    P + "/{round_id}/summary/not-accepted",
    response=list[SummaryCommentOut],
    summary="The summary's points not accepted, a page at a time",
)
@paginate(Pagination)
def summary_not_accepted(request, org: str, round_id: int):
    """The comments whose disposition is "not accepted", per consultee (by name) in the order
    of their responses; paginated (`limit`, `offset`, `count`)."""
    access = _access(request, org)
    r = _summary_round(access, round_id)
    return _Mapped(
        selectors.not_accepted_comments(round=r),
        lambda comments: [_summary_comment(rec) for rec in selectors.comment_records(comments)],
    )


@router.get(
    P + "/{round_id}/summary/responses",
    response=list[SummaryResponseOut],
    summary="The summary's appendix of responses, a page at a time",
)
@paginate(Pagination)
def summary_responses(request, org: str, round_id: int):
    """The current responses the caller may read, in full (comments and attachments), per
    consultee by name; paginated (`limit`, `offset`, `count`)."""
    access = _access(request, org)
    r = _summary_round(access, round_id)
    return _Mapped(
        selectors.summary_responses(access=access, round=r),
        lambda responses: [
            {"body": row["consultee"].body.name, **_response_out(row["current"])}
            for row in selectors.response_page(responses)
        ],
    )


class _Mapped:
    """A queryset for `Pagination` whose page is turned into the answer's values by `page`
    (called with the sliced queryset): the count and the page's own rows only."""

    def __init__(self, queryset, page):
        self.queryset = queryset
        self.page = page

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key: slice) -> list[dict]:
        return self.page(self.queryset[key])


def _summary_comment(record) -> dict:
    """Step of the summary: one submitted comment with its consultee and disposition."""
    return {
        "consultee": record["consultee"].body.name,
        **_comment_out(record["comment"]),
        "disposition": _disposition_of(record["disposition"]),
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


def _summary_items(index) -> list[dict]:
    """Step of the summary: the items of the consulted version with comments, in document
    order, with their numbers of comments (`selectors.comment_index`)."""
    return [
        {
            "uid": entry["uid"] or None,
            "type": entry["type"] or "document",
            "label": entry["label"],
            "comment_count": entry["total"],
            "handled_count": entry["handled"],
            "not_accepted_count": entry["not_accepted"],
        }
        for entry in index
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
