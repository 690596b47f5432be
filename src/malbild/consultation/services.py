"""Writes of the consultation round (remiss): opening a round on a frozen version, extending
and closing it, secret links, responses with comments and attachments, dispositions, the
revised version and the adoption decision.

Every function is keyword-only, runs in one transaction, checks permissions (an `Access` for
strategists, a `Responder` for those answering) and writes audit entries through
`malbild.core.services` / `malbild.core.audit`. Secret tokens are never written to the audit
log or any other log; only their SHA-256 is stored.
"""

import datetime
import hashlib
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.accounts.tokens import (
    token_candidates,
    token_issue,
    token_revoke,
    token_touch,
)
from malbild.core.access import Access
from malbild.core.audit import audit_record
from malbild.core.services import model_create, model_delete, model_update
from malbild.organisation.models import Body
from malbild.strategy import services as strategy_services
from malbild.strategy.constants import DecisionKind, DocumentStatus
from malbild.strategy.models import Decision, DocumentVersion
from malbild.strategy.snapshot import document_snapshot, upgrade

from .constants import ANCHOR_TYPES, ResponseStatus, RoundStatus
from .models import (
    Attachment,
    Comment,
    ConsultationRound,
    Consultee,
    DeadlineExtension,
    Disposition,
    Response,
    SecretLink,
)
from .permissions import Responder, can_manage_rounds
from .workflow import response_can_transition, round_can_transition

DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = b"wordprocessingml.document.main+xml"


def _require_manager(access: Access) -> None:
    if not can_manage_rounds(access):
        raise PermissionDenied(_("Only strategists may manage consultation rounds."))


def _require_open(round_: ConsultationRound, field: str | None = None) -> None:
    if round_.status != RoundStatus.OPEN:
        message = _("The consultation round is closed.")
        raise ValidationError({field: message} if field else message)


def _same_org(access: Access, *objs) -> None:
    """Another organisation's object is not found (404, docs/adr/0006-tenancy-by-default.md)."""
    for obj in objs:
        if obj is not None:
            access.require_same_org(obj)


def _decision_body(access: Access, decision) -> None:
    if isinstance(decision, dict):
        _same_org(access, decision.get("body"))


def _today() -> datetime.date:
    return timezone.localdate()


def _existing_decision(access: Access, decision, document) -> Decision | None:
    """`decision` may be an already recorded Decision (e.g. entered on the decisions page)."""
    if not isinstance(decision, Decision):
        _decision_body(access, decision)
        return None
    access.require_same_org(decision)
    if decision.document_id not in (None, document.pk):
        raise ValidationError({"decision": _("Choose a decision about this document.")})
    return decision


# Rounds --------------------------------------------------------------------------------------


@transaction.atomic
def consultation_round_open(
    *,
    access: Access,
    version: DocumentVersion,
    title: str,
    deadline: datetime.date,
    bodies: list[Body],
    instructions: str = "",
    registry_number: str = "",
    sent_on: datetime.date | None = None,
    decision: "dict[str, Any] | Decision | None" = None,
) -> ConsultationRound:
    """Send a frozen version out for consultation to `bodies` and move the document to
    "in consultation". `decision` (body, date, paragraph) records the decision to send it."""
    _require_manager(access)
    _same_org(access, version)
    document = version.document
    errors: dict[str, str] = {}
    if document.status not in (DocumentStatus.DRAFT, DocumentStatus.IN_CONSULTATION):
        errors["version"] = _("Only a draft document can be sent out for consultation.")
    elif document.consultation_rounds.filter(status=RoundStatus.OPEN).exists():
        errors["version"] = _("This document already has an open consultation round.")
    bodies = list(dict.fromkeys(bodies))
    _same_org(access, *bodies)
    if not bodies:
        errors["bodies"] = _("Choose at least one consultee.")
    if errors:
        raise ValidationError(errors)
    decision_obj = _existing_decision(access, decision, document)
    if decision_obj is None and decision and decision.get("body") is not None:
        if not decision.get("date"):
            raise ValidationError({"decision_date": _("Give the date of the decision.")})
        decision_obj = strategy_services.decision_create(
            access=access,
            data={
                "body": decision["body"],
                "kind": DecisionKind.CONSULTATION,
                "date": decision["date"],
                "paragraph": decision.get("paragraph", ""),
                "registry_number": registry_number,
                "title": title,
                "text": decision.get("text", ""),
                "document": document,
                "version": version,
            },
        )
    if decision_obj is not None and decision_obj.version_id is None:
        strategy_services.decision_update(
            access=access, decision=decision_obj, data={"document": document, "version": version}
        )
    round_ = model_create(
        model=ConsultationRound,
        actor=access.user,
        data={
            "organisation": access.organisation,
            "document": document,
            "version": version,
            "title": title,
            "instructions": instructions,
            "registry_number": registry_number,
            "decision": decision_obj,
            "sent_on": sent_on or _today(),
            "original_deadline": deadline,
            "deadline": deadline,
        },
        event="consultation.round_opened",
    )
    for body in bodies:
        model_create(
            model=Consultee,
            actor=access.user,
            data={"organisation": access.organisation, "round": round_, "body": body},
        )
    if document.status == DocumentStatus.DRAFT:
        strategy_services.document_transition(
            access=access,
            document=document,
            status=DocumentStatus.IN_CONSULTATION,
            message=_("Sent for consultation: %(title)s") % {"title": title},
        )
    return round_


@transaction.atomic
def consultee_add(*, access: Access, round: ConsultationRound, body: Body) -> Consultee:
    """Ask one more body while the round is open."""
    _require_manager(access)
    _same_org(access, round, body)
    _require_open(round, "body")
    if round.consultees.filter(body=body).exists():
        raise ValidationError({"body": _("This body is already a consultee.")})
    return model_create(
        model=Consultee,
        actor=access.user,
        data={"organisation": access.organisation, "round": round, "body": body},
        event="consultation.consultee_added",
    )


@transaction.atomic
def consultation_round_extend(
    *,
    access: Access,
    round: ConsultationRound,
    new_deadline: datetime.date,
    reason: str,
    decision: "dict[str, Any] | Decision | None" = None,
) -> DeadlineExtension:
    """Move the deadline later; the extension, its reason and decision are kept."""
    _require_manager(access)
    _same_org(access, round)
    round = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    _require_open(round, "new_deadline")
    decision_obj = _existing_decision(access, decision, round.document)
    if decision_obj is None and decision and decision.get("body") is not None:
        if not decision.get("date"):
            raise ValidationError({"decision_date": _("Give the date of the decision.")})
        decision_obj = strategy_services.decision_create(
            access=access,
            data={
                "body": decision["body"],
                "kind": DecisionKind.EXTENSION,
                "date": decision["date"],
                "paragraph": decision.get("paragraph", ""),
                "registry_number": round.registry_number,
                "title": _("Deadline extended to %(date)s: %(title)s")
                % {"date": new_deadline.isoformat() if new_deadline else "", "title": round.title},
                "text": reason,
                "document": round.document,
                "version": round.version,
            },
        )
    extension = model_create(
        model=DeadlineExtension,
        actor=access.user,
        data={
            "organisation": round.organisation,
            "round": round,
            "previous_deadline": round.deadline,
            "new_deadline": new_deadline,
            "reason": (reason or "").strip(),
            "decision": decision_obj,
        },
        event="consultation.deadline_extended",
    )
    model_update(
        instance=round, actor=access.user, data={"deadline": new_deadline}, fields=("deadline",)
    )
    return extension


@transaction.atomic
def consultation_round_close(
    *,
    access: Access,
    round: ConsultationRound,
    note: str = "",
    closed_at: datetime.datetime | None = None,
) -> ConsultationRound:
    """Close the round explicitly; no responses are accepted afterwards and submitted ones
    become readable to the organisation's readers. `closed_at` records a closing that
    happened earlier (default: now)."""
    _require_manager(access)
    _same_org(access, round)
    round = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    if not round_can_transition(round.status, RoundStatus.CLOSED):
        raise ValidationError({"status": _("The consultation round is already closed.")})
    return model_update(
        instance=round,
        actor=access.user,
        data={
            "status": RoundStatus.CLOSED,
            "closed_at": closed_at or timezone.now(),
            "closed_by": access.user if getattr(access.user, "is_authenticated", False) else None,
            "close_note": note,
        },
        fields=("status", "closed_at", "closed_by", "close_note"),
        action="transition",
        message=note,
        event="consultation.round_closed",
    )


@transaction.atomic
def consultation_round_revise(
    *, access: Access, round: ConsultationRound, label: str = "", note: str = ""
) -> DocumentVersion:
    """Freeze the revised working copy as the round's revised version (the summary compares
    the consulted version with it)."""
    _require_manager(access)
    _same_org(access, round)
    round = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    if round.adoption_decision_id is not None:
        raise ValidationError({"status": _("The adoption decision is already recorded.")})
    version = strategy_services.version_freeze(
        access=access, document=round.document, label=label, note=note
    )
    model_update(
        instance=round,
        actor=access.user,
        data={"revised_version": version},
        fields=("revised_version",),
        event="consultation.round_revised",
    )
    return version


@transaction.atomic
def consultation_round_adopt(
    *,
    access: Access,
    round: ConsultationRound,
    decision: dict[str, Any],
    distribution: list[Body] | None = None,
):
    """Record the adoption/approval decision on the revised version and move the document to
    "adopted". Needs a closed round with a revised version."""
    _require_manager(access)
    _same_org(access, round, decision.get("body"), *(distribution or []))
    round = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.CLOSED:
        raise ValidationError({"status": _("Close the consultation round first.")})
    if round.revised_version_id is None:
        raise ValidationError({"revised_version": _("Freeze the revised version first.")})
    if round.adoption_decision_id is not None:
        raise ValidationError({"status": _("The adoption decision is already recorded.")})
    kind = decision.get("kind") or DecisionKind.ADOPTION
    if kind not in (DecisionKind.ADOPTION, DecisionKind.APPROVAL):
        raise ValidationError({"kind": _("Choose adoption or approval.")})
    decision_obj = strategy_services.decision_create(
        access=access,
        data={
            "body": decision.get("body"),
            "kind": kind,
            "date": decision.get("date"),
            "paragraph": decision.get("paragraph", ""),
            "registry_number": decision.get("registry_number") or round.registry_number,
            "title": decision.get("title") or round.document.title,
            "text": decision.get("text", ""),
            "document": round.document,
            "version": round.revised_version,
        },
        m2m={"distribution": distribution or []},
    )
    model_update(
        instance=round,
        actor=access.user,
        data={"adoption_decision": decision_obj},
        fields=("adoption_decision",),
        event="consultation.round_adopted",
    )
    strategy_services.document_transition(
        access=access,
        document=round.document,
        status=DocumentStatus.ADOPTED,
        message=str(decision_obj),
    )
    return decision_obj


# Secret links --------------------------------------------------------------------------------


@transaction.atomic
def secret_link_create(*, access: Access, consultee: Consultee) -> tuple[SecretLink, str]:
    """A new personal link for a consultee; returns (link, raw token). The raw token is shown
    once and never stored or logged."""
    _require_manager(access)
    _same_org(access, consultee)
    _require_open(consultee.round)
    raw, token_hash = token_issue(SecretLink.PREFIX)
    link = SecretLink(
        organisation=consultee.organisation,
        consultee=consultee,
        token_hash=token_hash,
        created_by=access.user if getattr(access.user, "is_authenticated", False) else None,
    )
    link.full_clean()
    link.save()
    audit_record(
        actor=access.user,
        instance=link,
        action="create",
        changes={"consultee": [None, str(consultee)]},
        event="consultation.link_issued",
    )
    return link, raw


@transaction.atomic
def secret_link_revoke(*, access: Access, link: SecretLink) -> SecretLink:
    """Make a link unusable at once."""
    _require_manager(access)
    _same_org(access, link)
    token_revoke(link, actor=access.user, event="consultation.link_revoked")
    return link


class LinkRefused(Exception):
    """A secret link that does not open: unknown, revoked, expired or the round closed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def secret_link_authenticate(*, organisation, raw: str) -> SecretLink:
    """The usable link behind a raw token, or `LinkRefused` with a reason
    ("unknown", "revoked", "expired", "closed")."""
    link = secret_link_find(
        SecretLink.objects.for_org(organisation).select_related(
            "consultee__round", "consultee__body", "organisation"
        ),
        raw=raw,
    )
    if link is None:
        raise LinkRefused("unknown")
    link_check(link)
    token_touch(link)
    return link


def secret_link_find(queryset, *, raw: str | None) -> SecretLink | None:
    """The link of `queryset` behind a raw token, unchecked (see `link_check`), or None."""
    return token_candidates(
        queryset, raw=raw, prefix=SecretLink.PREFIX, hash_field="token_hash", max_length=100
    ).first()


def link_check(link: SecretLink) -> None:
    """Raise `LinkRefused` unless the link may still be used."""
    if link.revoked_at is not None:
        raise LinkRefused("revoked")
    round_ = link.consultee.round
    if timezone.now() > round_.link_expires_at:
        raise LinkRefused("expired")
    if round_.status != RoundStatus.OPEN:
        raise LinkRefused("closed")


# Responses -----------------------------------------------------------------------------------


def _require_responder(responder: Responder, consultee: Consultee) -> None:
    if responder.access is not None and responder.access.organisation is not None:
        responder.access.require_same_org(consultee)
    if not responder.can_respond_for(consultee):
        raise PermissionDenied(_("You may not respond for this body."))
    if responder.link is not None:
        try:
            link_check(responder.link)
        except LinkRefused as exc:
            raise PermissionDenied(_("The link is no longer valid.")) from exc


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


def _via_message(responder: Responder) -> str:
    return _("via secret link") if responder.link is not None else ""


def _require_draft(response: Response) -> None:
    if not response.is_draft:
        raise ValidationError(_("The response has been submitted and can no longer be changed."))


@transaction.atomic
def response_submit(
    *, responder: Responder, response: Response, received_at: datetime.datetime | None = None
) -> Response:
    """Submit a draft. Late submissions (after the current deadline) are accepted and flagged.
    A correction replaces the previous submission, which is kept as superseded.

    `received_at`: a strategist registering a response that arrived on paper or by e-mail
    gives the day it arrived; lateness is judged by that day."""
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
    return model_update(
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


# Comments ------------------------------------------------------------------------------------


def _anchor(response: Response, item_uid: str) -> dict[str, str]:
    """Type and label of the item `item_uid` in the consulted version ("" = whole document)."""
    if not item_uid:
        return {"item_uid": "", "item_type": "", "item_label": ""}
    for item in upgrade(response.consultee.round.version.snapshot)["items"]:
        if item["uid"] == item_uid and item["type"] in ANCHOR_TYPES:
            return {
                "item_uid": item_uid,
                "item_type": item["type"],
                "item_label": item["label"][:500],
            }
    raise ValidationError({"item_uid": _("Choose an item of the consulted version.")})


@transaction.atomic
def comment_add(*, responder: Responder, response: Response, data: dict[str, Any]) -> Comment:
    """Add a comment (kind, text, optional proposed wording) anchored to an item of the
    consulted version or to the whole document."""
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    order = (response.comments.aggregate(n=Max("order"))["n"] or 0) + 1
    return model_create(
        model=Comment,
        actor=responder.user,
        data={
            "organisation": response.organisation,
            "response": response,
            "order": order,
            "kind": data.get("kind", ""),
            "text": (data.get("text") or "").strip(),
            "proposed_wording": (data.get("proposed_wording") or "").strip(),
            **_anchor(response, data.get("item_uid") or ""),
        },
        message=_via_message(responder),
    )


@transaction.atomic
def comment_update(*, responder: Responder, comment: Comment, data: dict[str, Any]) -> Comment:
    """Change a comment of a draft."""
    response = comment.response
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    fields = {k: v for k, v in data.items() if k in ("kind", "text", "proposed_wording")}
    if "item_uid" in data:
        fields.update(_anchor(response, data.get("item_uid") or ""))
    return model_update(
        instance=comment,
        actor=responder.user,
        data=fields,
        fields=fields.keys(),
        message=_via_message(responder),
    )


@transaction.atomic
def comment_delete(*, responder: Responder, comment: Comment) -> None:
    response = comment.response
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    model_delete(instance=comment, actor=responder.user, message=_via_message(responder))


# Attachments ---------------------------------------------------------------------------------


def attachment_max_bytes() -> int:
    return int(getattr(settings, "MALBILD_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def detect_file_type(upload) -> str | None:
    """ "pdf", "docx" or "odt" judged by content (never by name or browser type), else None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size < 1_000_000 and DOCX_MAIN in archive.read(info):
                    return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


@transaction.atomic
def attachment_add(*, responder: Responder, response: Response, upload: UploadedFile) -> Attachment:
    """Attach a PDF, DOCX or ODT file, checked by size and content; stored under a generated
    name. A rejected file is not stored."""
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    limit = attachment_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {
                    "size": f"{upload.size / 1_048_576:.1f}",
                    "limit": f"{limit / 1_048_576:.0f}",
                }
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    file_type = detect_file_type(upload)
    if file_type is None:
        raise ValidationError(
            {"file": _("Only PDF, Word (DOCX) and OpenDocument text (ODT) files are accepted.")}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    original = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    attachment = Attachment(
        organisation=response.organisation,
        response=response,
        original_name=original[:255] or f"attachment.{file_type}",
        file_type=file_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        created_by=responder.user if getattr(responder.user, "is_authenticated", False) else None,
    )
    attachment.file.save("upload", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.full_clean()
        attachment.save()
        audit_record(
            actor=responder.user,
            instance=attachment,
            action="create",
            changes={
                "original_name": [None, attachment.original_name],
                "size": [None, upload.size],
            },
            message=_via_message(responder),
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, responder: Responder, attachment: Attachment) -> None:
    """Remove an attachment from a draft; the file goes when no submission refers to it."""
    response = attachment.response
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    name = attachment.file.name
    storage = attachment.file.storage
    model_delete(instance=attachment, actor=responder.user, message=_via_message(responder))
    if not Attachment.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


# Dispositions --------------------------------------------------------------------------------


@transaction.atomic
def disposition_set(
    *,
    access: Access,
    comment: Comment,
    kind: str,
    motivation: str,
    changed_item_uids: list[str] | None = None,
) -> Disposition:
    """Record or change how a submitted comment was handled, optionally linked to the items
    of the working copy (or revised version) that were changed because of it."""
    _require_manager(access)
    _same_org(access, comment)
    response = Response.objects.select_related(
        "consultee__round__version", "consultee__round__revised_version"
    ).get(pk=comment.response_id)
    if response.status != ResponseStatus.SUBMITTED:
        raise ValidationError(_("Only comments of a submitted response can be handled."))
    uids = [str(u) for u in (changed_item_uids or []) if u]
    if uids:
        round_ = response.consultee.round
        known = {i["uid"] for i in upgrade(round_.version.snapshot)["items"]}
        target = (
            upgrade(round_.revised_version.snapshot)
            if round_.revised_version_id
            else document_snapshot(round_.document)
        )
        known |= {i["uid"] for i in target["items"]}
        if any(u not in known for u in uids):
            raise ValidationError(
                {"changed_item_uids": _("Choose items of the document's versions.")}
            )
    data = {"kind": kind, "motivation": (motivation or "").strip(), "changed_item_uids": uids}
    existing = Disposition.objects.filter(comment=comment).first()
    if existing is not None:
        return model_update(
            instance=existing,
            actor=access.user,
            data=data,
            fields=data.keys(),
            event="consultation.comment_disposed",
        )
    return model_create(
        model=Disposition,
        actor=access.user,
        data={"organisation": comment.organisation, "comment": comment, **data},
        event="consultation.comment_disposed",
    )
