"""Writes to activities and their budget lines. Strategists and admins edit any activity;
editors only those whose responsible body is one of theirs. Status changes follow
actionplan/workflow.py. Another organisation's activity, line, document or body answers 404
(`Access.require_same_org`), whatever the role."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.locking import expect_version, expected_version
from malbild.core.services import model_create, model_delete, model_update
from malbild.strategy.services import _same_document_m2m

from .fields import ACTIVITY_FIELDS
from .models import Activity, BudgetLine
from .workflow import activity_can_transition

PROTECTED = {"status", "organisation", "uid", "document"}

#: What an edit may change (status only through `activity_transition`).
EDITABLE = tuple(f for f in ACTIVITY_FIELDS if f != "status")
BUDGET_LINE_EDITABLE = ("year", "kind", "amount", "financing_source")


def activity_check_edit(*, access: Access, activity: Activity) -> None:
    if not access.can_edit_for_body(activity.responsible_body_id):
        raise PermissionDenied(_("You may only edit activities your bodies are responsible for."))


def _require_same_org(access: Access, data: dict[str, Any], m2m: dict | None) -> None:
    """Http404 when a related row named in `data` or `m2m` is another organisation's."""
    for value in data.values():
        if hasattr(value, "organisation_id"):
            access.require_same_org(value)
    for objs in (m2m or {}).values():
        for obj in objs:
            access.require_same_org(obj)


def _check_body(access: Access, data: dict[str, Any]) -> None:
    body = data.get("responsible_body")
    if body is not None and not access.can_edit_for_body(body.pk):
        raise ValidationError(
            {"responsible_body": _("You may only choose a body you are editor for.")}
        )


def _normalise_primary_focus_area(activity: Activity) -> Activity:
    """Keep the primary focus area one of the areas the activity serves: the first of them
    (by the areas' order) when none is chosen or the chosen one is no longer served; none when
    the activity serves no area. A derived value, written without a new edit version."""
    served = sorted(activity.focus_areas.all(), key=lambda fa: (fa.order, fa.pk))
    served_ids = {fa.pk for fa in served}
    primary = activity.primary_focus_area_id
    if primary in served_ids or (primary is None and not served):
        return activity
    new = served[0].pk if served else None
    Activity.objects.for_org(activity.organisation_id).filter(pk=activity.pk).update(
        primary_focus_area_id=new
    )
    activity.primary_focus_area_id = new
    return activity


@transaction.atomic
def activity_create(
    *, access: Access, document, data: dict[str, Any], m2m: dict | None = None
) -> Activity:
    """Create an activity in `document`; it starts as planned unless a status is given that
    the workflow allows from planned."""
    if not access.can_edit_anything:
        raise PermissionDenied(_("You may not add activities."))
    access.require_same_org(document)
    _require_same_org(access, data, m2m)
    _check_body(access, data)
    _same_document_m2m(document, m2m)
    status = data.get("status") or "planned"
    if not activity_can_transition("planned", status):
        raise ValidationError({"status": _("A new activity cannot start in that status.")})
    clean = {k: v for k, v in data.items() if k not in PROTECTED}
    activity = model_create(
        model=Activity,
        actor=access.user,
        data={
            **clean,
            "status": status,
            "document": document,
            "organisation": document.organisation,
        },
        m2m=m2m,
    )
    return _normalise_primary_focus_area(activity)


@transaction.atomic
def activity_update(
    *, access: Access, activity: Activity, data: dict[str, Any], m2m: dict | None = None
) -> Activity:
    """Change an activity's fields (not its status: see `activity_transition`). Many-to-many
    values are lists (replace) or `M2MChange` (add/remove, the others stay)."""
    access.require_same_org(activity)
    _require_same_org(access, data, m2m)
    activity_check_edit(access=access, activity=activity)
    _check_body(access, data)
    _same_document_m2m(activity.document, m2m)
    activity = model_update(
        instance=activity, actor=access.user, data=data, m2m=m2m, fields=EDITABLE
    )
    return _normalise_primary_focus_area(activity)


@transaction.atomic
def activity_transition(
    *, access: Access, activity: Activity, status: str, message: str = ""
) -> Activity:
    """Move an activity to a new status along the allowed transitions (event
    `actionplan.activity_<status>`). The workflow is checked against the stored status; the
    change is refused (ConflictError) when the row moved on since the caller's version."""
    access.require_same_org(activity)
    version = expected_version(activity)
    current = Activity.objects.for_access(access).select_for_update().get(pk=activity.pk)
    activity_check_edit(access=access, activity=current)
    if status == current.status:
        return current
    if not activity_can_transition(current.status, status):
        raise ValidationError(
            {
                "status": _("An activity cannot go from “%(a)s” to “%(b)s”.")
                % {"a": current.get_status_display(), "b": status}
            }
        )
    with expect_version(current, version):
        return model_update(
            instance=current,
            actor=access.user,
            data={"status": status},
            fields=("status",),
            action="transition",
            event=f"actionplan.activity_{status}",
            message=message,
        )


def activity_delete(*, access: Access, activity: Activity) -> None:
    access.require_same_org(activity)
    activity_check_edit(access=access, activity=activity)
    model_delete(instance=activity, actor=access.user)


def budget_line_create(*, access: Access, activity: Activity, data: dict[str, Any]) -> BudgetLine:
    """Add a budget line (year, operating/investment, amount in SEK, financing source)."""
    access.require_same_org(activity)
    activity_check_edit(access=access, activity=activity)
    clean = {k: v for k, v in data.items() if k not in {"organisation", "uid", "activity"}}
    return model_create(
        model=BudgetLine,
        actor=access.user,
        data={**clean, "activity": activity, "organisation": activity.organisation},
    )


def budget_line_update(*, access: Access, line: BudgetLine, data: dict[str, Any]) -> BudgetLine:
    access.require_same_org(line)
    activity_check_edit(access=access, activity=line.activity)
    return model_update(instance=line, actor=access.user, data=data, fields=BUDGET_LINE_EDITABLE)


def budget_line_delete(*, access: Access, line: BudgetLine) -> None:
    access.require_same_org(line)
    activity_check_edit(access=access, activity=line.activity)
    model_delete(instance=line, actor=access.user)
