"""Writes of the assessment: status overrides of indicators, goals and focus areas in an
open period, and amendments of a closed period's frozen data (an assessment of a closed
period becomes an amendment of the field "override")."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from malbild.actionplan.constants import ActivityStatus
from malbild.core.access import Access
from malbild.core.services import model_create, model_delete, model_update

from .. import data as period_data
from ..constants import AmendmentTarget, Status
from ..models import (
    Amendment,
    FollowUpPeriod,
    StatusOverride,
)
from ..snapshot import upgrade as upgrade_snapshot
from ._common import _lock_open, _require_strategist

OVERRIDE_FIELDS = {
    AmendmentTarget.INDICATOR: "indicator",
    AmendmentTarget.GOAL: "goal",
    AmendmentTarget.FOCUS_AREA: "focus_area",
}


def _check_override_item(access: Access, period: FollowUpPeriod, target: str, item) -> None:
    """The item must be an indicator, goal or focus area followed up in `period`."""
    if target not in OVERRIDE_FIELDS:
        raise ValidationError({"target": _("Choose an indicator, goal or focus area.")})
    access.require_same_org(item)
    fa_doc = period_data.focus_area_document(period.document)
    if target == AmendmentTarget.FOCUS_AREA and item.document_id != fa_doc.pk:
        raise ValidationError({"target": _("The item is not part of this period.")})
    if target == AmendmentTarget.GOAL and item.focus_area.document_id != fa_doc.pk:
        raise ValidationError({"target": _("The item is not part of this period.")})


@transaction.atomic
def status_override_set(
    *,
    access: Access,
    period: FollowUpPeriod,
    status: str,
    reason: str,
    indicator=None,
    goal=None,
    focus_area=None,
) -> StatusOverride | None:
    """Replace the computed status of an indicator, or the roll-up of a goal or focus area,
    with a judgement and its written reason; an empty `status` removes the override. The
    computed status is kept and shown beside it. Only for open periods (see `status_assess`)."""
    _require_strategist(access)
    given = [
        (target, item)
        for target, item in (
            (AmendmentTarget.INDICATOR, indicator),
            (AmendmentTarget.GOAL, goal),
            (AmendmentTarget.FOCUS_AREA, focus_area),
        )
        if item is not None
    ]
    if len(given) != 1:
        raise ValidationError({"target": _("Choose an indicator, goal or focus area.")})
    target, item = given[0]
    access.require_same_org(period)
    period = _lock_open(period)
    _check_override_item(access, period, target, item)
    key = {OVERRIDE_FIELDS[target]: item}
    current = StatusOverride.objects.select_for_update().filter(period=period, **key).first()
    if not status:
        if current is not None:
            model_delete(instance=current, actor=access.user, event="followup.override_removed")
        return None
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the override.")})
    data = {"status": status, "reason": reason.strip()}
    if current is None:
        return model_create(
            model=StatusOverride,
            actor=access.user,
            data={**data, **key, "period": period, "organisation": period.organisation},
            event="followup.status_overridden",
        )
    return model_update(
        instance=current,
        actor=access.user,
        data=data,
        fields=data.keys(),
        event="followup.status_overridden",
    )


@transaction.atomic
def status_assess(
    *, access: Access, period: FollowUpPeriod, target: str, item, status: str, reason: str
):
    """Assess the status of an indicator, goal or focus area (`target`): in an open period
    this sets (or, with an empty status, removes) the override; in a closed period the frozen
    data is not changed, so the assessment is recorded as an audited amendment of the field
    "override" and shown as such."""
    _require_strategist(access)
    if target not in OVERRIDE_FIELDS:
        raise ValidationError({"target": _("Choose an indicator, goal or focus area.")})
    access.require_same_org(period)
    fresh = FollowUpPeriod.objects.select_related("document").get(pk=period.pk)
    if not fresh.is_closed:
        return status_override_set(
            access=access,
            period=fresh,
            status=status,
            reason=reason,
            **{OVERRIDE_FIELDS[target]: item},
        )
    _check_override_item(access, fresh, target, item)
    if not status:
        raise ValidationError(
            {"status": _("The period is closed: choose the status the amendment sets.")}
        )
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the override.")})
    return amendment_create(
        access=access,
        period=fresh,
        target=target,
        target_uid=str(item.uid),
        field="override",
        new_value=status,
        reason=reason,
    )


AMENDABLE = {
    AmendmentTarget.ACTIVITY: {"status", "progress", "comment"},
    AmendmentTarget.INDICATOR: {"value", "text", "comment", "override"},
    AmendmentTarget.GOAL: {"override"},
    AmendmentTarget.FOCUS_AREA: {"override"},
}


def _snapshot_items(data: dict, target: str) -> list[dict]:
    """The items of one kind in a snapshot (goals are nested in their focus areas)."""
    if target == AmendmentTarget.ACTIVITY:
        return data["activities"]
    if target == AmendmentTarget.INDICATOR:
        return data["indicators"]
    if target == AmendmentTarget.FOCUS_AREA:
        return data["focus_areas"]
    return [g for fa in data["focus_areas"] for g in fa["goals"]]


@transaction.atomic
def amendment_create(
    *,
    access: Access,
    period: FollowUpPeriod,
    target: str,
    target_uid: str,
    field: str,
    new_value: str,
    reason: str,
) -> Amendment:
    """Correct one field of a closed period's frozen data. The snapshot stays as it was; the
    amendment is applied on top and shown as such in the report and on the dashboard."""

    _require_strategist(access)
    access.require_same_org(period)
    period = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise ValidationError(_("Only a closed period is amended; change the contribution."))
    if field not in AMENDABLE.get(target, set()):
        raise ValidationError({"field": _("This field cannot be amended.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the amendment.")})
    frozen = upgrade_snapshot(period.snapshot)
    items = _snapshot_items(frozen, target)
    item = next((i for i in items if i["uid"] == str(target_uid)), None)
    if item is None:
        raise ValidationError({"target_uid": _("The item is not part of this period.")})
    new_value = (new_value or "").strip()
    if field == "status" and new_value not in ActivityStatus.values:
        raise ValidationError({"new_value": _("Choose an activity status.")})
    if field == "override" and new_value not in Status.values:
        raise ValidationError({"new_value": _("Choose a status.")})
    if field == "progress" and not (new_value.isdigit() and 0 <= int(new_value) <= 100):
        raise ValidationError({"new_value": _("Progress is a percentage from 0 to 100.")})
    if field == "value":
        try:
            Decimal(new_value)
        except InvalidOperation as exc:
            raise ValidationError({"new_value": _("Enter a number.")}) from exc
    current = period_data.apply_amendments(
        frozen,
        [
            {
                "target": a.target,
                "target_uid": str(a.target_uid),
                "field": a.field,
                "new_value": a.new_value,
                "reason": a.reason,
            }
            for a in period.amendments.order_by("id")
        ],
    )
    current_items = _snapshot_items(current, target)
    old = next(i for i in current_items if i["uid"] == str(target_uid)).get(field)
    if isinstance(old, dict):
        old = old.get("status", "")
    return model_create(
        model=Amendment,
        actor=access.user,
        data={
            "period": period,
            "organisation": period.organisation,
            "target": target,
            "target_uid": target_uid,
            "field": field,
            "old_value": "" if old is None else str(old),
            "new_value": new_value,
            "reason": reason.strip(),
        },
        message=reason.strip(),
        event="followup.period_amended",
    )
