"""API for consultation rounds (remiss): rounds, consultees, secret links, responses with
comments and attachments, dispositions, and the consultation summary as JSON.

Who may do what is decided by the services (consultation/permissions.py):
- strategists and admins run rounds and record dispositions;
- respondents (role *respondent* for a body) reach only their own body's response under
  `/organisations/{org}/consultations/{id}/consultees/{cid}/response`;
- holders of a secret link send it as the header `X-Consultation-Token` to
  `/consultation-link/response…` and reach only that consultee's response;
- readers see rounds and, once a round is closed, its submitted responses and summary.
"""

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import APIKeyHeader

from malbild.api.auth import AUTH
from malbild.api.utils import Pagination, if_match, paginate, representation, resolve_relations
from malbild.core.access import Access, request_access, require_roles
from malbild.organisation.models import Body
from malbild.strategy.models import DocumentVersion

from . import selectors, services
from .models import Comment, ConsultationRound, Consultee, Disposition, Response, SecretLink
from .permissions import Responder, can_manage_rounds, can_read_response

router = Router()

P = "/organisations/{org}/consultations"


# Authentication of secret-link holders ----------------------------------------------------------


class LinkAuth(APIKeyHeader):
    """`X-Consultation-Token: rm_…` — a consultee's secret link token."""

    param_name = "X-Consultation-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key:
            return None
        link = services.secret_link_find(
            SecretLink.objects.select_related("consultee__round", "organisation"), raw=key.strip()
        )
        if link is None:
            return None
        try:
            services.link_check(link)
        except services.LinkRefused:
            return None
        return link


link_auth = LinkAuth()


# Schemas ----------------------------------------------------------------------------------------


class DecisionIn(Schema):
    body_id: int
    date: dt.date
    paragraph: str = ""


class RoundIn(Schema):
    version_id: int = Field(..., description="A frozen version of a draft document")
    title: str
    instructions: str = ""
    registry_number: str = ""
    sent_on: dt.date | None = None
    deadline: dt.date
    body_ids: list[int] = Field(default_factory=list, description="Consultees (bodies)")
    quick: list[str] = Field(
        default_factory=list, description="Whole groups: committees, companies, associations"
    )
    decision: DecisionIn | None = Field(None, description="The decision to send it out")


class ExtensionIn(Schema):
    new_deadline: dt.date
    reason: str
    decision: DecisionIn | None = None


class CloseIn(Schema):
    note: str = ""


class ReviseIn(Schema):
    label: str = ""
    note: str = ""


class AdoptIn(Schema):
    body_id: int
    kind: str = Field("adoption", description="adoption or approval")
    date: dt.date
    paragraph: str = ""
    registry_number: str = ""
    text: str = ""
    distribution_ids: list[int] = Field(default_factory=list)


class ConsulteeIn(Schema):
    body_id: int


class ResponseIn(Schema):
    position: str = Field("", description="supports, supports_with_changes, opposes, no_opinion")
    summary: str = ""
    decision_body: str = ""
    decision_date: dt.date | None = None
    decision_paragraph: str = ""
    decision_registry_number: str = ""


class CommentIn(Schema):
    item_uid: str = Field("", description="uid of an item of the consulted version; '' = whole")
    kind: str = Field(..., description="add, change, remove, question, other")
    text: str
    proposed_wording: str = ""


class DeclineIn(Schema):
    reason: str = ""


class DispositionIn(Schema):
    kind: str = Field(..., description="accepted, partly_accepted, not_accepted, noted")
    motivation: str
    changed_item_uids: list[str] = Field(default_factory=list)


@representation(Disposition)
class DispositionOut(Schema):
    kind: str
    motivation: str
    changed_item_uids: list[str]
    lock_version: int


class CommentOut(Schema):
    id: int
    item_uid: str
    item_type: str
    item_label: str
    kind: str
    text: str
    proposed_wording: str
    lock_version: int
    disposition: DispositionOut | None = None


@representation(Comment)
class CommentStateOut(Schema):
    """A comment as saved now (the `current` of a 409 answer)."""

    id: int
    item_uid: str
    kind: str
    text: str
    proposed_wording: str
    lock_version: int


class AttachmentOut(Schema):
    id: int
    original_name: str
    file_type: str
    size: int
    sha256: str


class ResponseOut(Schema):
    id: int
    number: int
    status: str
    position: str
    summary: str
    decision_body: str
    decision_date: dt.date | None
    decision_paragraph: str
    decision_registry_number: str
    submitted_at: dt.datetime | None
    is_late: bool
    via: str
    lock_version: int
    comments: list[CommentOut]
    attachments: list[AttachmentOut]


@representation(Response)
class ResponseStateOut(Schema):
    """A response as saved now (the `current` of a 409 answer)."""

    id: int
    number: int
    status: str
    position: str
    summary: str
    decision_body: str
    decision_date: dt.date | None
    decision_paragraph: str
    decision_registry_number: str
    lock_version: int


class ConsulteeOut(Schema):
    id: int
    body_id: int
    body_name: str
    state: str
    started_at: dt.datetime | None
    submitted_at: dt.datetime | None
    declined_at: dt.datetime | None
    comment_count: int = 0
    handled_count: int = 0


class ExtensionOut(Schema):
    previous_deadline: dt.date
    new_deadline: dt.date
    reason: str
    decision: str | None


class RoundOut(Schema):
    id: int
    title: str
    status: str
    document_id: int
    document_title: str
    version_id: int
    version_number: int
    revised_version_id: int | None
    instructions: str
    registry_number: str
    decision: str | None
    adoption_decision: str | None
    sent_on: dt.date
    original_deadline: dt.date
    deadline: dt.date
    closed_at: dt.datetime | None
    lock_version: int


@representation(ConsultationRound)
class RoundStateOut(Schema):
    """A round as saved now (the `current` of a 409 answer)."""

    id: int
    title: str
    status: str
    deadline: dt.date
    closed_at: dt.datetime | None
    lock_version: int


class RoundDetailOut(RoundOut):
    consultees: list[ConsulteeOut]
    waiting: list[str]
    extensions: list[ExtensionOut]
    comment_total: int
    handled_total: int


class MyConsulteeOut(Schema):
    consultee: ConsulteeOut
    round: RoundOut
    responses: list[ResponseOut]
    can_write: bool
    lock_version: int | None = Field(
        None, description="Version of the draft (its ETag; send it as If-Match when saving)"
    )


class LinkOut(Schema):
    id: int
    token: str = Field(..., description="Shown once; only its hash is stored")
    url: str
    expires_at: dt.datetime


class DetailOut(Schema):
    detail: str


# Helpers ------------------------------------------------------------------------------------------


def _access(request, org: str, *, need_read: bool = True) -> Access:
    return require_roles(request_access(request, org), need_read=need_read)


def _round(access: Access, round_id: int) -> ConsultationRound:
    return selectors.round_get(access=access, pk=round_id)


def _round_out(r: ConsultationRound) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "status": r.status,
        "document_id": r.document_id,
        "document_title": r.document.title,
        "version_id": r.version_id,
        "version_number": r.version.number,
        "revised_version_id": r.revised_version_id,
        "instructions": r.instructions,
        "registry_number": r.registry_number,
        "decision": r.decision.reference if r.decision_id else None,
        "adoption_decision": r.adoption_decision.reference if r.adoption_decision_id else None,
        "sent_on": r.sent_on,
        "original_deadline": r.original_deadline,
        "deadline": r.deadline,
        "closed_at": r.closed_at,
        "lock_version": r.lock_version,
    }


def _consultee_out(row: dict) -> dict:
    c = row["consultee"]
    return {
        "id": c.pk,
        "body_id": c.body_id,
        "body_name": c.body.name,
        "state": row["state"],
        "started_at": row["started_at"],
        "submitted_at": row["submitted_at"],
        "declined_at": row["declined_at"],
        "comment_count": row.get("comment_count", 0),
        "handled_count": row.get("handled_count", 0),
    }


def _response_out(r: Response) -> dict:
    return {
        **{
            f: getattr(r, f)
            for f in (
                "id",
                "number",
                "status",
                "position",
                "summary",
                "decision_body",
                "decision_date",
                "decision_paragraph",
                "decision_registry_number",
                "submitted_at",
                "is_late",
                "via",
                "lock_version",
            )
        },
        "comments": [
            {
                **{
                    f: getattr(c, f)
                    for f in ("id", "item_uid", "item_type", "item_label", "kind", "text")
                },
                "proposed_wording": c.proposed_wording,
                "lock_version": c.lock_version,
                "disposition": _disposition(c),
            }
            for c in r.comments.all()
        ],
        "attachments": [
            {f: getattr(a, f) for f in ("id", "original_name", "file_type", "size", "sha256")}
            for a in r.attachments.all()
        ],
    }


def _disposition(c: Comment) -> dict | None:
    d = selectors.disposition_of(c)
    if d is None:
        return None
    return _disposition_out(d)


def _disposition_out(d: Disposition) -> dict:
    return {
        "kind": d.kind,
        "motivation": d.motivation,
        "changed_item_uids": d.changed_item_uids,
        "lock_version": d.lock_version,
    }


def _decision(access: Access, d: DecisionIn | None) -> dict | None:
    if d is None:
        return None
    data, _m2m = resolve_relations(
        {"body": d.body_id},
        one={"body": Body.objects.for_access(access)},
    )
    return {"body": data["body"], "date": d.date, "paragraph": d.paragraph}


def _my_response(responder: Responder, consultee: Consultee, access: Access | None) -> dict:
    state = selectors.response_detail(consultee=consultee)
    round_ = consultee.round
    can_write = responder.can_respond_for(consultee)
    visible = [
        r
        for r in state["responses"]
        if (r.is_draft and can_write)
        or (
            not r.is_draft
            and (access is None or can_write or can_read_response(access, r, round_.status))
        )
    ]
    return {
        "consultee": _consultee_out(state),
        "round": _round_out(round_),
        "responses": [_response_out(r) for r in visible],
        "can_write": can_write and round_.is_open,
        "lock_version": state["draft"].lock_version if state["draft"] and can_write else None,
    }


def _respondent_context(request, org: str, round_id: int, consultee_id: int):
    access = _access(request, org, need_read=False)
    round_ = _round(access, round_id)
    consultee = selectors.consultee_get(round=round_, pk=consultee_id)
    responder = Responder(access=access)
    if not responder.can_respond_for(consultee) and not access.can_read:
        raise Http404
    return access, responder, consultee


def _draft(responder: Responder, consultee: Consultee) -> Response:
    return services.response_save_draft(responder=responder, consultee=consultee, data={})


def _save_draft(request, responder: Responder, consultee: Consultee, data: dict) -> None:
    """Save the draft; an `If-Match` refers to the existing draft's version."""
    draft = services.current_response(consultee)
    if draft is not None and draft.is_draft:
        with if_match(request, draft):
            services.response_save_draft(responder=responder, consultee=consultee, data=data)
    else:
        services.response_save_draft(responder=responder, consultee=consultee, data=data)


def _comment(consultee: Consultee, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("response__consultee__round"),
        pk=comment_id,
        response__consultee=consultee,
    )


# Rounds -------------------------------------------------------------------------------------------


@router.get(P, response=list[RoundOut], summary="List consultation rounds", auth=AUTH)
@paginate(Pagination)
def round_list(request, org: str):
    access = _access(request, org, need_read=False)
    qs = selectors.round_list(access=access).select_related(
        "decision__body", "adoption_decision__body"
    )
    return [_round_out(r) for r in qs]


@router.post(P, response={201: RoundDetailOut}, summary="Open a consultation round", auth=AUTH)
def round_open(request, org: str, payload: RoundIn):
    access = _access(request, org)
    version = get_object_or_404(
        DocumentVersion.objects.for_access(access).select_related("document"),
        pk=payload.version_id,
    )
    _data, m2m = resolve_relations(
        {"bodies": payload.body_ids},
        many={"bodies": Body.objects.for_access(access)},
    )
    bodies = m2m.get("bodies", [])
    for choice in payload.quick:
        if choice not in selectors.QUICK_CHOICES:
            from django.core.exceptions import ValidationError

            raise ValidationError({"quick": _("Unknown group “%(choice)s”.") % {"choice": choice}})
        bodies += list(selectors.bodies_for_quick_choice(access=access, choice=choice))
    r = services.consultation_round_open(
        access=access,
        version=version,
        title=payload.title,
        instructions=payload.instructions,
        registry_number=payload.registry_number,
        sent_on=payload.sent_on,
        deadline=payload.deadline,
        bodies=bodies,
        decision=_decision(access, payload.decision),
    )
    return Status(201, _round_detail(access, r.pk))


def _round_detail(access: Access, round_id: int) -> dict:
    r = _round(access, round_id)
    overview = selectors.round_overview(round=r)
    return {
        **_round_out(r),
        "consultees": [_consultee_out(row) for row in overview["rows"]],
        "waiting": [row["consultee"].body.name for row in overview["waiting"]],
        "extensions": [
            {
                "previous_deadline": e.previous_deadline,
                "new_deadline": e.new_deadline,
                "reason": e.reason,
                "decision": e.decision.reference if e.decision_id else None,
            }
            for e in overview["extensions"]
        ],
        "comment_total": overview["comment_total"],
        "handled_total": overview["handled_total"],
    }


@router.get(P + "/{round_id}", response=RoundDetailOut, summary="A round with its consultees")
def round_detail(request, org: str, round_id: int):
    return _round_detail(_access(request, org), round_id)


@router.post(P + "/{round_id}/extensions", response={201: RoundDetailOut}, summary="Extend")
def round_extend(request, org: str, round_id: int, payload: ExtensionIn):
    access = _access(request, org)
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_extend(
            access=access,
            round=round_,
            new_deadline=payload.new_deadline,
            reason=payload.reason,
            decision=_decision(access, payload.decision),
        )
    return Status(201, _round_detail(access, round_id))


@router.post(P + "/{round_id}/close", response=RoundDetailOut, summary="Close the round")
def round_close(request, org: str, round_id: int, payload: CloseIn):
    access = _access(request, org)
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_close(access=access, round=round_, note=payload.note)
    return _round_detail(access, round_id)


@router.post(P + "/{round_id}/revise", response=RoundDetailOut, summary="Freeze revised version")
def round_revise(request, org: str, round_id: int, payload: ReviseIn):
    access = _access(request, org)
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_revise(
            access=access, round=round_, label=payload.label, note=payload.note
        )
    return _round_detail(access, round_id)


@router.post(P + "/{round_id}/adopt", response=RoundDetailOut, summary="Adoption decision")
def round_adopt(request, org: str, round_id: int, payload: AdoptIn):
    access = _access(request, org)
    data, m2m = resolve_relations(
        {"body": payload.body_id, "distribution": payload.distribution_ids},
        one={"body": Body.objects.for_access(access)},
        many={"distribution": Body.objects.for_access(access)},
    )
    round_ = _round(access, round_id)
    with if_match(request, round_):
        services.consultation_round_adopt(
            access=access,
            round=round_,
            decision={
                "body": data["body"],
                "kind": payload.kind,
                "date": payload.date,
                "paragraph": payload.paragraph,
                "registry_number": payload.registry_number,
                "text": payload.text,
            },
            distribution=m2m.get("distribution", []),
        )
    return _round_detail(access, round_id)


@router.post(
    P + "/{round_id}/consultees", response={201: RoundDetailOut}, summary="Add a consultee"
)
def consultee_add(request, org: str, round_id: int, payload: ConsulteeIn):
    access = _access(request, org)
    data, _m2m = resolve_relations(
        {"body": payload.body_id},
        one={"body": Body.objects.for_access(access)},
    )
    services.consultee_add(access=access, round=_round(access, round_id), body=data["body"])
    return Status(201, _round_detail(access, round_id))


@router.post(
    P + "/{round_id}/consultees/{consultee_id}/links",
    response={201: LinkOut},
    summary="Create a secret link (the token is returned once)",
)
def link_create(request, org: str, round_id: int, consultee_id: int):
    access = _access(request, org)
    consultee = selectors.consultee_get(round=_round(access, round_id), pk=consultee_id)
    link, raw = services.secret_link_create(access=access, consultee=consultee)
    url = request.build_absolute_uri(
        reverse("consultation:link-enter", kwargs={"org": org, "token": raw})
    )
    return Status(
        201,
        {
            "id": link.pk,
            "token": raw,
            "url": url,
            "expires_at": consultee.round.link_expires_at,
        },
    )


@router.post(
    P + "/{round_id}/links/{link_id}/revoke", response={204: None}, summary="Revoke a link"
)
def link_revoke(request, org: str, round_id: int, link_id: int):
    access = _access(request, org)
    round_ = _round(access, round_id)
    link = get_object_or_404(SecretLink, pk=link_id, consultee__round=round_)
    with if_match(request, link):
        services.secret_link_revoke(access=access, link=link)
    return Status(204, None)


# Responses (respondents by account) ------------------------------------------------------------

R = P + "/{round_id}/consultees/{consultee_id}/response"


@router.get(R, response=MyConsulteeOut, summary="A consultee's response(s)")
def response_get(request, org: str, round_id: int, consultee_id: int):
    access, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    return _my_response(responder, consultee, access)


@router.put(R, response=MyConsulteeOut, summary="Save the draft")
def response_save(request, org: str, round_id: int, consultee_id: int, payload: ResponseIn):
    access, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    _save_draft(request, responder, consultee, payload.dict())
    return _my_response(responder, consultee, access)


@router.post(R + "/comments", response={201: CommentOut}, summary="Add a comment")
def comment_add(request, org: str, round_id: int, consultee_id: int, payload: CommentIn):
    _access_, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    with transaction.atomic():  # a refused comment leaves no empty draft behind
        comment = services.comment_add(
            responder=responder, response=_draft(responder, consultee), data=payload.dict()
        )
    return Status(201, _comment_out(comment))


@router.put(R + "/comments/{comment_id}", response=CommentOut, summary="Change a comment")
def comment_update(
    request, org: str, round_id: int, consultee_id: int, comment_id: int, payload: CommentIn
):
    _access_, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    comment = _comment(consultee, comment_id)
    with if_match(request, comment):
        comment = services.comment_update(responder=responder, comment=comment, data=payload.dict())
    return _comment_out(comment)


@router.delete(R + "/comments/{comment_id}", response={204: None}, summary="Remove a comment")
def comment_delete(request, org: str, round_id: int, consultee_id: int, comment_id: int):
    _access_, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    comment = _comment(consultee, comment_id)
    with if_match(request, comment):
        services.comment_delete(responder=responder, comment=comment)
    return Status(204, None)


@router.post(R + "/attachments", response={201: AttachmentOut}, summary="Attach a file")
def attachment_add(request, org: str, round_id: int, consultee_id: int, file: File[UploadedFile]):
    _access_, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    with transaction.atomic():  # a refused file leaves no empty draft behind
        att = services.attachment_add(
            responder=responder, response=_draft(responder, consultee), upload=file
        )
    return Status(201, att)


@router.post(R + "/submit", response=MyConsulteeOut, summary="Submit the draft")
def response_submit(request, org: str, round_id: int, consultee_id: int):
    access, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    _submit(request, responder, consultee)
    return _my_response(responder, consultee, access)


@router.post(R + "/correct", response=MyConsulteeOut, summary="Start a correction")
def response_correct(request, org: str, round_id: int, consultee_id: int):
    access, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    services.response_correct(responder=responder, consultee=consultee)
    return _my_response(responder, consultee, access)


@router.post(R + "/decline", response=MyConsulteeOut, summary="Decline to respond")
def response_decline(request, org: str, round_id: int, consultee_id: int, payload: DeclineIn):
    access, responder, consultee = _respondent_context(request, org, round_id, consultee_id)
    services.consultee_decline(responder=responder, consultee=consultee, reason=payload.reason)
    return _my_response(responder, consultee, access)


def _submit(request, responder: Responder, consultee: Consultee) -> None:
    draft = selectors.response_detail(consultee=consultee)["draft"]
    if draft is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"status": _("There is no draft to submit.")})
    with if_match(request, draft):
        services.response_submit(responder=responder, response=draft)


def _comment_out(c: Comment) -> dict:
    return {
        **{f: getattr(c, f) for f in ("id", "item_uid", "item_type", "item_label", "kind", "text")},
        "proposed_wording": c.proposed_wording,
        "lock_version": c.lock_version,
        "disposition": None,
    }


# Responses (secret-link holders) ---------------------------------------------------------------

L = "/consultation-link/response"


def _link_context(request):
    link: SecretLink = request.auth
    consultee = Consultee.objects.select_related("round__document", "round__version", "body").get(
        pk=link.consultee_id
    )
    return Responder(link=link), consultee


@router.get(L, response=MyConsulteeOut, summary="The link holder's response", auth=link_auth)
def link_response_get(request):
    responder, consultee = _link_context(request)
    return _my_response(responder, consultee, None)


@router.put(L, response=MyConsulteeOut, summary="Save the draft (link)", auth=link_auth)
def link_response_save(request, payload: ResponseIn):
    responder, consultee = _link_context(request)
    _save_draft(request, responder, consultee, payload.dict())
    return _my_response(responder, consultee, None)


@router.post(
    L + "/comments", response={201: CommentOut}, summary="Add a comment (link)", auth=link_auth
)
def link_comment_add(request, payload: CommentIn):
    responder, consultee = _link_context(request)
    with transaction.atomic():  # a refused comment leaves no empty draft behind
        comment = services.comment_add(
            responder=responder, response=_draft(responder, consultee), data=payload.dict()
        )
    return Status(201, _comment_out(comment))


@router.post(L + "/submit", response=MyConsulteeOut, summary="Submit (link)", auth=link_auth)
def link_response_submit(request):
    responder, consultee = _link_context(request)
    _submit(request, responder, consultee)
    return _my_response(responder, consultee, None)


# Handling and summary ---------------------------------------------------------------------------


@router.get(P + "/{round_id}/comments", response=list[dict], summary="Submitted comments")
def comment_list(request, org: str, round_id: int):
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


@router.get(P + "/{round_id}/summary", response=dict, summary="The consultation summary")
def summary(request, org: str, round_id: int):
    access = _access(request, org)
    r = _round(access, round_id)
    if not can_manage_rounds(access) and r.is_open:
        raise PermissionDenied
    s = selectors.summary_build(round=r)

    def rec(record):
        return {
            "consultee": record["consultee"].body.name,
            **_comment_out(record["comment"]),
            "disposition": _disposition(record["comment"]),
        }

    changes = s["changes"] or {"changes": [], "counts": {}}
    return {
        "round": {k: str(v) if isinstance(v, dt.date) else v for k, v in _round_out(r).items()},
        "extensions": [
            {
                "previous_deadline": e.previous_deadline.isoformat(),
                "new_deadline": e.new_deadline.isoformat(),
                "reason": e.reason,
                "decision": e.decision.reference if e.decision_id else None,
            }
            for e in s["extensions"]
        ],
        "consultees": [
            {
                "body": row["consultee"].body.name,
                "state": row["state"],
                "submitted_at": row["submitted_at"].isoformat() if row["submitted_at"] else None,
                "position": row["current"].position if row["current"] else None,
            }
            for row in s["rows"]
        ],
        "positions": {p["value"]: p["count"] for p in s["positions"]},
        "items": [
            {
                "uid": section["uid"] or None,
                "type": section["type"] or "document",
                "label": section["label"],
                "comments": [rec(c) for c in section["comments"]],
            }
            for section in s["sections"]
        ],
        "not_accepted": [rec(c) for c in s["not_accepted"]],
        "changes": [
            {
                "uid": c["uid"],
                "type": c["type"],
                "label": c["label"],
                "change": c["change"],
                "fields": [f["field"] for f in c["fields"]],
                "comment_ids": [x["comment"].pk for x in c["comments"]],
            }
            for c in changes["changes"]
        ],
        "revised_is_working_copy": s["revised_is_working_copy"],
        "responses": [
            {"body": row["consultee"].body.name, **_jsonable(_response_out(row["current"]))}
            for row in s["responses"]
            if can_read_response(access, row["current"], r.status)
        ],
    }


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
