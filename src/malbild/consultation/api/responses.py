"""API of the respondent side: a consultee's response with its comments and attachments, for
respondents by account (`…/consultees/{cid}/response`) and for holders of a secret link, who
send it as the header `X-Consultation-Token` to `/consultation-link/response…` (`LinkAuth`).
"""

import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.security import APIKeyHeader

from malbild.api.utils import if_match
from malbild.core.access import Access

from .. import selectors, services
from ..models import Comment, Consultee, Response, SecretLink
from ..permissions import Responder, can_read_response
from ..uploads import install_attachment_limit
from ._common import (
    ConsultationRouter,
    P,
    _access,
    _comment_out,
    _consultee_out,
    _response_out,
    _round,
    _round_out,
)
from .schemas import (
    AttachmentOut,
    CommentAnchorOut,
    CommentIn,
    CommentOut,
    DeclineIn,
    MyConsulteeOut,
    ResponseIn,
)

router = ConsultationRouter()


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
        "round": _round_out(round_, access),
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


def _submit(request, responder: Responder, consultee: Consultee) -> None:
    draft = selectors.response_detail(consultee=consultee)["draft"]
    if draft is None:
        raise ValidationError({"status": _("There is no draft to submit.")})
    with if_match(request, draft):
        services.response_submit(responder=responder, response=draft)


R = P + "/{round_id}/consultees/{consultee_id}/response"


def _anchors(round_) -> list[dict]:
    from django.utils.translation import gettext as _

    from malbild.strategy.snapshot import render

    return [
        {
            **a,
            "type_label": render.type_name(a["type"]) if a["type"] else _("Document"),
            "label": a["label"] or _("The document as a whole"),
            "inherited": a["group"] == "inherited",
        }
        for a in selectors.version_anchors(snapshot=round_.version.snapshot)
    ]


@router.get(
    P + "/{round_id}/anchors",
    response=list[CommentAnchorOut],
    summary="What a comment may be anchored to",
    description="The document as a whole, its sections, the focus areas, goals and overall "
    "goals the consulted version inherits from the documents above it (with their source), and "
    "its own items, in reading order. Give the `uid` as a comment's `item_uid`.",
)
def round_anchors(request, org: str, round_id: int):
    access = _access(request, org, need_read=False)
    return _anchors(_round(access, round_id))


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


def _attachment_limit(run):
    """Around an upload operation (authentication and ninja's CSRF check included): install
    `uploads.AttachmentLimitHandler` before anything reads the body, so a file past
    `MALBILD_ATTACHMENT_MAX_BYTES` stops the reading there (as the web form does) and the
    answer is 413 `{"detail": …}`. The stopped body lacks the file, which ninja reports as 422:
    that is what becomes the 413; a refused authentication or CSRF check keeps its answer."""

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        handler = install_attachment_limit(request)
        response = run(request, *args, **kwargs)
        if handler.exceeded and response.status_code == 422:
            return JsonResponse({"detail": services.attachment_too_large_message()}, status=413)
        return response

    return wrapper


@router.post(R + "/attachments", response={201: AttachmentOut}, summary="Attach a file")
@decorate_view(_attachment_limit)
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


@router.get(
    L + "/anchors",
    response=list[CommentAnchorOut],
    summary="What a comment may be anchored to (link)",
    auth=link_auth,
)
def link_anchors(request):
    _responder, consultee = _link_context(request)
    return _anchors(consultee.round)


@router.post(L + "/submit", response=MyConsulteeOut, summary="Submit (link)", auth=link_auth)
def link_response_submit(request):
    responder, consultee = _link_context(request)
    _submit(request, responder, consultee)
    return _my_response(responder, consultee, None)
