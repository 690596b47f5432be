"""Checks the consultation services share: who may manage rounds, whether a round is still
open, the tenancy check for objects handed in, and a decision given either as an already
recorded `Decision` or as form data (body, date, paragraph).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.strategy.models import Decision

from ..constants import RoundStatus
from ..models import ConsultationRound
from ..permissions import can_manage_rounds


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
