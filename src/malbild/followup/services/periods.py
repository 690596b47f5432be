"""Writes of follow-up periods: open (one per span and kind), change while open, and close
with a frozen snapshot of the period data (`data.collect`)."""

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.services import model_create, model_update

from .. import data as period_data
from .. import notices
from ..constants import PeriodStatus
from ..models import (
    ActivityReport,
    FollowUpPeriod,
    IndicatorValue,
)
from ..scope import load_tree
from ..snapshot import encode as encode_snapshot
from ._common import _lock_open, _require_open, _require_strategist

PERIOD_FIELDS = {
    "kind",
    "label",
    "start",
    "end",
    "deadline",
    "question_set",
    "include_descendants",
    "analysis",
}


def _require_own_question_set(access: Access, question_set) -> None:
    """A self-assessment of another organisation is not found (404)."""
    if question_set is not None:
        access.require_same_org(question_set)


def _check_overlap(period: FollowUpPeriod) -> None:
    clash = FollowUpPeriod.objects.filter(
        document_id=period.document_id,
        kind=period.kind,
        start__lte=period.end,
        end__gte=period.start,
    ).exclude(pk=period.pk)
    if period.start and period.end and clash.exists():
        raise ValidationError(
            {"start": _("Another period of the same kind already covers part of this span.")}
        )


def _check_narrowing(stored: FollowUpPeriod, probe: FollowUpPeriod) -> None:
    """A period that includes the documents below may stop doing so only while it holds no
    contribution for an item of those documents (it would be left without its period)."""
    if not stored.include_descendants or probe.include_descendants:
        return
    tree = load_tree(stored.document)
    own = {stored.document_id, tree.focus_area_document(stored.document_id)}
    below = (
        ActivityReport.objects.filter(period=stored)
        .exclude(activity__document_id=stored.document_id)
        .exists()
        or IndicatorValue.objects.filter(period=stored)
        .exclude(indicator__document_id__in=own)
        .exists()
    )
    if below:
        raise ValidationError(
            {
                "include_descendants": _(
                    "Contributions have been reported in this period for the documents below; "
                    "they would be left without a period."
                )
            }
        )


@transaction.atomic
def period_create(*, access: Access, document, data: dict[str, Any]) -> FollowUpPeriod:
    """Open a follow-up period for `document` (one period per span and kind); with
    `include_descendants` it also follows up every plan below the document. Each responsible
    body's editors are told by e-mail what to report and by when."""
    _require_strategist(access)
    access.require_same_org(document)
    clean = {k: v for k, v in data.items() if k in PERIOD_FIELDS}
    _require_own_question_set(access, clean.get("question_set"))
    probe = FollowUpPeriod(document=document, **clean)
    _check_overlap(probe)
    period = model_create(
        model=FollowUpPeriod,
        actor=access.user,
        data={**clean, "document": document, "organisation": document.organisation},
        event="followup.period_opened",
    )
    notices.period_opened(period)
    return period


@transaction.atomic
def period_update(*, access: Access, period: FollowUpPeriod, data: dict[str, Any]):
    """Change an open period's label, dates, deadline, self-assessment or whether it includes
    the documents below (not narrowed while it holds their contributions)."""
    _require_strategist(access)
    access.require_same_org(period)
    stored = _lock_open(period)
    clean = {k: v for k, v in data.items() if k in PERIOD_FIELDS}
    _require_own_question_set(access, clean.get("question_set"))
    # The overlap is checked on a copy: the caller's instance stays as it was if refused.
    probe = copy.copy(stored)
    for key, value in clean.items():
        setattr(probe, key, value)
    _check_overlap(probe)
    _check_narrowing(stored, probe)
    return model_update(
        instance=period,
        actor=access.user,
        data=clean,
        fields=PERIOD_FIELDS,
        event="followup.period_updated",
    )


@transaction.atomic
def period_analysis_update(*, access: Access, period: FollowUpPeriod, analysis: str):
    """Save the strategist's analysis and conclusions (Markdown) of an open period. Closing
    the period freezes it with the data: a closed period's analysis is not changed."""
    _require_strategist(access)
    access.require_same_org(period)
    _lock_open(period)
    return model_update(
        instance=period,
        actor=access.user,
        data={"analysis": (analysis or "").strip()},
        fields=("analysis",),
        event="followup.analysis_saved",
    )


@transaction.atomic
def period_close(*, access: Access, period: FollowUpPeriod) -> FollowUpPeriod:
    """Close the period and freeze its data: from now on the report and the dashboard show
    the snapshot taken here (plus explicit amendments)."""
    _require_strategist(access)
    access.require_same_org(period)
    period = (
        FollowUpPeriod.objects.select_for_update()
        .select_related("document", "organisation")
        .get(pk=period.pk)
    )
    _require_open(period)
    # Stored compact (format 4, docs/adr/0024); readers get format 3 back from `upgrade`.
    snapshot = encode_snapshot(period_data.collect(period))
    return model_update(
        instance=period,
        actor=access.user,
        data={"status": PeriodStatus.CLOSED, "closed_at": timezone.now(), "snapshot": snapshot},
        fields=("status", "closed_at", "snapshot"),
        action="transition",
        event="followup.period_closed",
        message=_("Period closed and its data frozen."),
    )
