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
from malbild.core.services import M2MChange, model_create, model_delete, model_update
from malbild.strategy.services import _same_document_m2m

from .constants import BudgetKind
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


def _served_ids(activity: Activity | None, m2m: dict | None) -> set[int]:
    """The ids of the focus areas the activity serves once `m2m` is applied: the new list, the
    current ones with an `M2MChange` applied, or the current ones."""
    current = set()
    if activity is not None and activity.pk:
        current = set(activity.focus_areas.values_list("pk", flat=True))
    change = (m2m or {}).get("focus_areas")
    if change is None:
        return current
    if isinstance(change, M2MChange):
        return (current | {fa.pk for fa in change.add}) - {fa.pk for fa in change.remove}
    return {fa.pk for fa in change}


def _check_primary_focus_area(
    activity: Activity | None, data: dict[str, Any], m2m: dict | None
) -> None:
    """A primary focus area chosen explicitly must be one the activity serves (after the
    write); left empty, the first served area is taken (`_normalise_primary_focus_area`)."""
    primary = data.get("primary_focus_area")
    if primary is None:
        return
    if primary.pk not in _served_ids(activity, m2m):
        raise ValidationError(
            {
                "primary_focus_area": _(
                    "Choose as primary focus area one of the focus areas the activity serves."
                )
            }
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
    _check_primary_focus_area(None, data, m2m)
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
    _check_primary_focus_area(activity, data, m2m)
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


def budget_years(activity: Activity) -> tuple[int | None, int | None]:
    """The years a budget line of `activity` may have without a confirmation: the activity's
    start and end years, each falling back to its plan's first and last year (None: open)."""
    document = activity.document
    return (
        activity.start_year or document.period_start,
        activity.end_year or document.period_end,
    )


def _check_budget_line(
    activity: Activity, values: dict[str, Any], *, line: BudgetLine | None, confirmed: bool
) -> None:
    """A year outside the activity's (or the plan's) years needs `confirmed`; the same year,
    kind and financing source twice on one activity is refused (the amounts would be two lines
    the reader cannot tell apart, and one of them is usually a mistake). Runs with the activity
    row locked, so two simultaneous additions cannot both pass."""
    errors: dict[str, list[str]] = {}
    year, kind = values.get("year"), values.get("kind")
    first, last = budget_years(activity)
    outside = year is not None and (
        (first is not None and year < first) or (last is not None and year > last)
    )
    # A line kept at its stored year (an amount corrected) is not asked again.
    moved = line is None or year != line.year
    if outside and moved and not confirmed:
        errors.setdefault("year", []).append(
            _(
                "The year %(year)s lies outside the activity's period %(span)s. Choose a year "
                "within it, or confirm that the year lies outside the activity's period."
            )
            % {"year": year, "span": year_span(first, last)}
        )
    source = (values.get("financing_source") or "").strip()
    duplicates = BudgetLine.objects.filter(activity=activity, year=year, kind=kind).exclude(
        pk=getattr(line, "pk", None)
    )
    if year is not None and any(
        (other.financing_source or "").strip().casefold() == source.casefold()
        for other in duplicates
    ):
        errors.setdefault("year", []).append(
            _(
                "The activity already has a line for %(year)s, %(kind)s, with the same "
                "financing source. Change that line instead of adding another."
            )
            % {
                "year": year,
                "kind": str(BudgetKind(kind).label).lower() if kind in BudgetKind.values else kind,
            }
        )
    if errors:
        raise ValidationError(errors)


def year_span(first: int | None, last: int | None) -> str:
    """ "2019–2021", "2019", "from 2019" or "until 2021"."""
    if first and last:
        return f"{first}–{last}" if first != last else str(first)
    if first:
        return _("from %(year)s") % {"year": first}
    return _("until %(year)s") % {"year": last}


def _locked_activity(activity: Activity) -> Activity:
    return (
        Activity.objects.for_org(activity.organisation_id)
        .select_for_update()
        .select_related("document")
        .get(pk=activity.pk)
    )


@transaction.atomic
def budget_line_create(
    *,
    access: Access,
    activity: Activity,
    data: dict[str, Any],
    confirm_outside_period: bool = False,
) -> BudgetLine:
    """Add a budget line (year, operating/investment, amount in SEK, financing source). A year
    outside the activity's period needs `confirm_outside_period`; a second line with the same
    year, kind and financing source is refused."""
    access.require_same_org(activity)
    activity_check_edit(access=access, activity=activity)
    locked = _locked_activity(activity)
    clean = {
        k: v
        for k, v in data.items()
        if k not in {"organisation", "uid", "activity", "confirm_outside_period"}
    }
    _check_budget_line(locked, clean, line=None, confirmed=confirm_outside_period)
    return model_create(
        model=BudgetLine,
        actor=access.user,
        data={**clean, "activity": activity, "organisation": activity.organisation},
    )


@transaction.atomic
def budget_line_update(
    *,
    access: Access,
    line: BudgetLine,
    data: dict[str, Any],
    confirm_outside_period: bool = False,
) -> BudgetLine:
    """Change a budget line; the same checks as `budget_line_create` on the resulting line."""
    access.require_same_org(line)
    activity_check_edit(access=access, activity=line.activity)
    locked = _locked_activity(line.activity)
    values = {f: getattr(line, f) for f in BUDGET_LINE_EDITABLE}
    values.update({k: v for k, v in data.items() if k in BUDGET_LINE_EDITABLE})
    _check_budget_line(locked, values, line=line, confirmed=confirm_outside_period)
    return model_update(instance=line, actor=access.user, data=data, fields=BUDGET_LINE_EDITABLE)


def budget_line_delete(*, access: Access, line: BudgetLine) -> None:
    access.require_same_org(line)
    activity_check_edit(access=access, activity=line.activity)
    model_delete(instance=line, actor=access.user)
