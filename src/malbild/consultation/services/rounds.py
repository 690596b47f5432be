"""Writes of the consultation round itself: opening it on a frozen version (with the decision
to send it out), extending the deadline, closing it, freezing the revised version and
recording the adoption decision; the strategist's assessment and proposed decision of the
summary.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.services import model_create, model_update
from malbild.organisation.models import Body
from malbild.strategy import services as strategy_services
from malbild.strategy.constants import DecisionKind, DocumentStatus
from malbild.strategy.models import Decision, DocumentVersion

from .. import notices
from ..constants import RoundStatus
from ..models import ConsultationRound, Consultee, DeadlineExtension
from ..workflow import round_can_transition
from ._common import _existing_decision, _require_manager, _require_open, _same_org, _today


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
    reminder_days: int | None = None,
) -> ConsultationRound:
    """Send a frozen version out for consultation to `bodies` and move the document to
    "in consultation". `decision` (body, date, paragraph) records the decision to send it.
    Each consultee's respondents are invited by e-mail when the transaction commits;
    `reminder_days` (default 5) before the deadline those who have not answered are reminded."""
    _require_manager(access)
    _same_org(access, version)
    document = version.document
    bodies = _checked_consultees(access, document, bodies)
    decision_obj = _sending_decision(
        access,
        decision,
        version=version,
        title=title,
        registry_number=registry_number,
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
            **({"reminder_days": reminder_days} if reminder_days is not None else {}),
        },
        event="consultation.round_opened",
    )
    notices.invite(round_, _add_consultees(access, round_, bodies))
    if document.status == DocumentStatus.DRAFT:
        strategy_services.document_transition(
            access=access,
            document=document,
            status=DocumentStatus.IN_CONSULTATION,
            message=_("Sent for consultation: %(title)s") % {"title": title},
        )
    return round_


def _checked_consultees(access: Access, document, bodies: list[Body]) -> list[Body]:
    """Step of opening: the document may be sent out (a draft without an open round) and
    there is at least one consultee; returns the bodies without repetitions."""
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
    return bodies


def _sending_decision(
    access: Access,
    decision: "dict[str, Any] | Decision | None",
    *,
    version: DocumentVersion,
    title: str,
    registry_number: str,
) -> Decision | None:
    """Step of opening: the decision to send `version` out, an already recorded one or a new
    one from `decision` (body, date, paragraph); either way it then refers to the version."""
    document = version.document
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
    return decision_obj


def _add_consultees(
    access: Access, round_: ConsultationRound, bodies: list[Body]
) -> list[Consultee]:
    """Step of opening: one consultee per body."""
    return [
        model_create(
            model=Consultee,
            actor=access.user,
            data={"organisation": access.organisation, "round": round_, "body": body},
        )
        for body in bodies
    ]


@transaction.atomic
def consultation_round_extend(
    *,
    access: Access,
    round: ConsultationRound,
    new_deadline: datetime.date,
    reason: str,
    decision: "dict[str, Any] | Decision | None" = None,
) -> DeadlineExtension:
    """Move the deadline later; the extension, its reason and decision are kept. Consultees
    that have not answered are told the new date by e-mail."""
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
    previous = round.deadline
    model_update(
        instance=round, actor=access.user, data={"deadline": new_deadline}, fields=("deadline",)
    )
    notices.extended(round, previous)
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


#: What `consultation_round_conclusions_update` may write (docs/adr/0007-optimistic-locking.md).
CONCLUSION_FIELDS = ("assessment", "proposal")


@transaction.atomic
def consultation_round_conclusions_update(
    *,
    access: Access,
    round: ConsultationRound,
    assessment: str | None = None,
    proposal: str | None = None,
) -> ConsultationRound:
    """Write the strategist's own words of the summary: the assessment (bedömning) and the
    proposed decision (förslag till beslut), both Markdown; None leaves a text as it is.
    Allowed until the adoption decision is recorded — after that they are part of what was
    decided on and stay as they were."""
    _require_manager(access)
    _same_org(access, round)
    locked = ConsultationRound.objects.select_for_update().get(pk=round.pk)
    if not locked.conclusions_editable:
        raise ValidationError(
            _(
                "The adoption decision is recorded; the assessment and the proposed decision "
                "can no longer be changed."
            )
        )
    data = {
        key: (value or "").strip()
        for key, value in (("assessment", assessment), ("proposal", proposal))
        if value is not None
    }
    return model_update(
        instance=round,
        actor=access.user,
        data=data,
        fields=CONCLUSION_FIELDS,
        event="consultation.conclusions_updated",
    )
