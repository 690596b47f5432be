"""Writes of a consultee's response (the respondent side): saving the draft (position, summary,
the body's own decision reference), submitting it (a late one is flagged), starting a
correction of a submitted response, and declining to respond.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.core.services import model_create, model_update

from .. import notices
from ..constants import ResponseStatus
from ..models import Attachment, Comment, Consultee, Response
from ..permissions import Responder
from ..workflow import response_can_transition
from ._common import _require_open
from ._respondent import _require_responder, _via_message


def current_response(consultee: Consultee) -> Response | None:
    return consultee.responses.order_by("-number").first()


RESPONSE_FIELDS = (
    "position",
    "summary",
    "decision_body",
    "decision_date",
    "decision_paragraph",
    "decision_registry_number",
)


@transaction.atomic
def response_save_draft(
    *, responder: Responder, consultee: Consultee, data: dict[str, Any]
) -> Response:
    """Create or change the consultee's draft (position, summary, own decision reference).
    A submitted response is read-only; start a correction to change it."""
    _require_responder(responder, consultee)
    consultee = Consultee.objects.select_for_update().select_related("round").get(pk=consultee.pk)
    _require_open(consultee.round)
    if consultee.declined_at is not None:
        raise ValidationError(_("The body has declined to respond."))
    fields = {k: v for k, v in data.items() if k in RESPONSE_FIELDS}
    response = current_response(consultee)
    if response is None:
        return model_create(
            model=Response,
            actor=responder.user,
            data={
                "organisation": consultee.organisation,
                "consultee": consultee,
                "number": 1,
                **fields,
            },
            message=_via_message(responder),
        )
    if not response.is_draft:
        raise ValidationError(
            _("The response has been submitted and can no longer be changed; start a correction.")
        )
    return model_update(
        instance=response,
        actor=responder.user,
        data=fields,
        fields=fields.keys(),
        message=_via_message(responder),
    )


@transaction.atomic
def response_submit(
    *, responder: Responder, response: Response, received_at: datetime.datetime | None = None
) -> Response:
    """Submit a draft. Late submissions (after the current deadline) are accepted and flagged.
    A correction replaces the previous submission, which is kept as superseded.

    `received_at`: a strategist registering a response that arrived on paper or by e-mail
    gives the day it arrived; lateness is judged by that day. The consultee gets a receipt
    by e-mail, the strategists a notice (by default in their daily digest)."""
    consultee = response.consultee
    _require_responder(responder, consultee)
    response = Response.objects.select_for_update().get(pk=response.pk)
    round_ = consultee.round
    _require_open(round_)
    if not response_can_transition(response.status, ResponseStatus.SUBMITTED):
        raise ValidationError({"status": _("The response has already been submitted.")})
    if not response.position:
        raise ValidationError({"position": _("Choose the overall position before submitting.")})
    now = timezone.now()
    if received_at is not None:
        if responder.access is None or not responder.access.can_edit_documents:
            raise PermissionDenied(_("Only strategists may register when a response arrived."))
        if received_at > now:
            raise ValidationError({"received_at": _("The date cannot be in the future.")})
        now = received_at
    if response.replaces_id:
        previous = Response.objects.select_for_update().get(pk=response.replaces_id)
        model_update(
            instance=previous,
            actor=responder.user,
            data={"status": ResponseStatus.SUPERSEDED},
            fields=("status",),
            action="transition",
            message=_("Replaced by submission %(n)s") % {"n": response.number},
            event="consultation.response_superseded",
        )
    submitted = model_update(
        instance=response,
        actor=responder.user,
        data={
            "status": ResponseStatus.SUBMITTED,
            "submitted_at": now,
            "is_late": timezone.localdate(now) > round_.deadline,
            "via": responder.via_for(consultee),
        },
        fields=("status", "submitted_at", "is_late", "via"),
        action="transition",
        message=_via_message(responder),
        event="consultation.response_submitted",
    )
    notices.receipt(submitted, link=responder.link)
    return submitted


@transaction.atomic
def response_correct(*, responder: Responder, consultee: Consultee) -> Response:
    """Start a correction of the submitted response: a new draft with the same content,
    comments and attachments; the submitted one stays until the correction is submitted."""
    _require_responder(responder, consultee)
    consultee = Consultee.objects.select_for_update().select_related("round").get(pk=consultee.pk)
    _require_open(consultee.round)
    previous = current_response(consultee)
    if previous is None or previous.status != ResponseStatus.SUBMITTED:
        raise ValidationError(_("There is no submitted response to correct."))
    response = model_create(
        model=Response,
        actor=responder.user,
        data={
            "organisation": consultee.organisation,
            "consultee": consultee,
            "number": previous.number + 1,
            "replaces": previous,
            **{f: getattr(previous, f) for f in RESPONSE_FIELDS},
        },
        message=_via_message(responder),
        event="consultation.response_correction_started",
    )
    for comment in previous.comments.all():
        Comment.objects.create(
            organisation=comment.organisation,
            response=response,
            order=comment.order,
            item_uid=comment.item_uid,
            item_type=comment.item_type,
            item_label=comment.item_label,
            item_source=comment.item_source,
            kind=comment.kind,
            text=comment.text,
            proposed_wording=comment.proposed_wording,
            created_by=response.created_by,
        )
    for att in previous.attachments.all():
        Attachment.objects.create(
            organisation=att.organisation,
            response=response,
            file=att.file.name,
            original_name=att.original_name,
            file_type=att.file_type,
            size=att.size,
            sha256=att.sha256,
            created_by=response.created_by,
        )
    return response


@transaction.atomic
def consultee_decline(*, responder: Responder, consultee: Consultee, reason: str = "") -> Consultee:
    """Record that the body declines to respond (distinct from "no opinion")."""
    _require_responder(responder, consultee)
    consultee = Consultee.objects.select_for_update().select_related("round").get(pk=consultee.pk)
    _require_open(consultee.round)
    if consultee.responses.filter(status=ResponseStatus.SUBMITTED).exists():
        raise ValidationError(_("The body has already submitted a response."))
    if consultee.declined_at is not None:
        raise ValidationError(_("The body has already declined to respond."))
    return model_update(
        instance=consultee,
        actor=responder.user,
        data={"declined_at": timezone.now(), "decline_reason": reason},
        fields=("declined_at", "decline_reason"),
        message=_via_message(responder),
        event="consultation.consultee_declined",
    )
