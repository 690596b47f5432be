"""Writes of contributions: activity reports with budget outcomes and indicator values
(saved as drafts or submitted by the responsible body's editors), their review by a
strategist (approve or return), and applying an approved report's status to the activity."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.actionplan.services import activity_transition
from malbild.actionplan.workflow import activity_can_transition
from malbild.core.access import Access
from malbild.core.services import model_create, model_update
from malbild.strategy.measures import check_measure_value

from .. import notices
from ..constants import ContributionState, ValueOrigin
from ..models import (
    ActivityReport,
    BudgetOutcome,
    FollowUpPeriod,
    IndicatorValue,
    RealisedBenefit,
)
from ..realisation import asks_for_benefits, benefit_lines, line_label
from ..workflow import reporter_next_state, review_next_state
from ._common import _lock_open, _require_reported_here, _require_strategist

SUBMITTED_EVENT = "followup.contribution_submitted"


def _contribution_state(current: str | None, action: str) -> str:
    state = reporter_next_state(current or ContributionState.MISSING, action)
    if state is None:
        if current == ContributionState.APPROVED:
            raise ValidationError(
                _("An approved contribution cannot be changed; ask a strategist to return it.")
            )
        raise ValidationError(_("This action is not allowed now."))
    return state


def _stored_decimal(model, name: str, value):
    """`value` as the database stores it (12 → Decimal("12.0000")), so an unchanged number
    is not written again as a change."""
    if value in (None, ""):
        return None
    places = model._meta.get_field(name).decimal_places
    try:
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return value  # the model's validation names the field


def _parse_amount(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({field: _("Enter a number.")}) from exc
    if amount < 0:
        raise ValidationError({field: _("The outcome cannot be negative.")})
    return amount


@transaction.atomic
def activity_report_save(
    *,
    access: Access,
    period: FollowUpPeriod,
    activity,
    data: dict[str, Any],
    outcomes: dict[int, Any] | None = None,
    benefits: dict[int, dict[str, Any]] | None = None,
    submit: bool = False,
) -> ActivityReport:
    """Save (as draft) or submit the report on `activity` for `period`: status, progress,
    comment, forecast, the outcome per budget line of the period's year (`outcomes`: budget
    line id → SEK; a line of another year is refused) and, in a yearly period, the realised
    benefits of the activity's benefit calculation (`benefits`: benefit line id → `value`,
    `description`, `method`; see `_save_benefits`). Only in the period the activity is
    reported in (followup.scope)."""
    access.require_same_org(period)
    access.require_same_org(activity)
    if not access.can_edit_for_body(activity.responsible_body_id):
        raise PermissionDenied(_("You may only report on activities of your bodies."))
    period = _lock_open(period)
    _require_reported_here(period, "activity", activity)
    report = (
        ActivityReport.objects.select_for_update().filter(period=period, activity=activity).first()
    )
    state = _contribution_state(report.state if report else None, "submit" if submit else "save")
    fields = {k: data[k] for k in ("status", "progress", "comment", "forecast") if k in data}
    if "forecast" in fields:
        fields["forecast"] = _stored_decimal(ActivityReport, "forecast", fields["forecast"])
    if not fields.get("status"):
        raise ValidationError({"status": _("Choose the activity's status.")})
    values = {**fields, "state": state}
    if submit:
        values["submitted_at"] = timezone.now()
    if report is None:
        report = model_create(
            model=ActivityReport,
            actor=access.user,
            data={
                **values,
                "period": period,
                "activity": activity,
                "organisation": period.organisation,
            },
            event=SUBMITTED_EVENT if submit else "",
        )
    else:
        report = model_update(
            instance=report,
            actor=access.user,
            data=values,
            fields=values.keys(),
            action="transition" if submit else "update",
            event=SUBMITTED_EVENT if submit else "",
        )
    lines = {line.pk: line for line in activity.budget_lines.all()}
    existing = {o.budget_line_id: o for o in report.outcomes.all()}
    for line_id, raw in (outcomes or {}).items():
        line = lines.get(int(line_id))
        if line is None:
            raise ValidationError({"outcomes": _("Unknown budget line.")})
        if line.year != period.year:
            raise ValidationError(
                {
                    "outcomes": _(
                        "The period %(period)s asks for the outcome of %(year)s only; the "
                        "budget line of %(line_year)s is reported in its own year."
                    )
                    % {"period": period.label, "year": period.year, "line_year": line.year}
                }
            )
        amount = _parse_amount(raw, f"outcome_{line.pk}")
        current = existing.get(line.pk)
        if amount is None:
            continue
        if current is None:
            model_create(
                model=BudgetOutcome,
                actor=access.user,
                data={
                    "report": report,
                    "budget_line": line,
                    "spent": amount,
                    "organisation": period.organisation,
                },
            )
        elif current.spent != amount:
            model_update(
                instance=current, actor=access.user, data={"spent": amount}, fields=("spent",)
            )
    _save_benefits(
        access=access, period=period, report=report, benefits=benefits or {}, submit=submit
    )
    return report


def _benefit_input(line, raw: dict[str, Any]) -> dict[str, Any]:
    """One line's realised benefit from the input, checked: a value (SEK, not negative) only
    for a monetised line, a description for one that is not."""
    prefix = f"benefit_{line.pk}"
    value = raw.get("value")
    if value in (None, ""):
        value = None
    elif not line.monetised:
        raise ValidationError(
            {
                f"{prefix}_value": _(
                    "“%(line)s” is not monetised: describe the realised benefit instead of "
                    "giving an amount."
                )
                % {"line": line_label(line)}
            }
        )
    else:
        try:
            value = Decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError({f"{prefix}_value": _("Enter a number.")}) from exc
        if value < 0:
            raise ValidationError({f"{prefix}_value": _("A realised benefit cannot be negative.")})
        value = _stored_decimal(RealisedBenefit, "value", value)
    return {
        "value": value,
        "description": (raw.get("description") or "").strip(),
        "method": (raw.get("method") or "").strip(),
    }


def _missing_benefits(lines, given: dict[int, dict]) -> dict[str, str]:
    """What a submitted report still lacks of its benefit part, per field: every benefit line
    needs its realised value (monetised) or description, and how it was measured."""
    errors = {}
    for line in lines:
        entry = given.get(line.pk) or {}
        prefix = f"benefit_{line.pk}"
        if line.monetised and entry.get("value") is None:
            errors[f"{prefix}_value"] = _(
                "Enter the realised value of “%(line)s” in SEK (0 if none was realised)."
            ) % {"line": line_label(line)}
        if not line.monetised and not entry.get("description"):
            errors[f"{prefix}_description"] = _("Describe the realised benefit of “%(line)s”.") % {
                "line": line_label(line)
            }
        if not entry.get("method"):
            errors[f"{prefix}_method"] = _("Say how the benefit of “%(line)s” was measured.") % {
                "line": line_label(line)
            }
    return errors


def _save_benefits(
    *, access: Access, period: FollowUpPeriod, report: ActivityReport, benefits: dict, submit: bool
) -> None:
    """The benefit part of an activity report: the realised value or description and the
    method per benefit line of the activity's chosen alternative (only yearly periods ask).
    A line of another calculation is refused; submitting needs every line answered, the
    lines already saved counting as answered. Audited per line like the budget outcomes."""
    lines = benefit_lines([report.activity_id]).get(report.activity_id, [])
    if benefits and not asks_for_benefits(period):
        raise ValidationError(
            {"benefits": _("Realised benefits are reported in the yearly follow-up periods.")}
        )
    if not asks_for_benefits(period):
        return
    known = {line.pk: line for line in lines}
    existing = {r.line_id: r for r in report.realised_benefits.all()}
    given = {
        line_id: {"value": r.value, "description": r.description, "method": r.method}
        for line_id, r in existing.items()
    }
    for line_id, raw in benefits.items():
        try:
            line = known.get(int(line_id))
        except (TypeError, ValueError):
            line = None
        if line is None:
            raise ValidationError(
                {"benefits": _("Unknown benefit: not a benefit of the activity's calculation.")}
            )
        given[line.pk] = _benefit_input(line, raw or {})
    if submit:
        missing = _missing_benefits(lines, given)
        if missing:
            raise ValidationError(missing)
    for line_id, values in given.items():
        if line_id not in known:
            continue  # a line removed from the calculation: its realisation stays as it was
        current = existing.get(line_id)
        if current is None:
            if values["value"] is None and not values["description"] and not values["method"]:
                continue
            model_create(
                model=RealisedBenefit,
                actor=access.user,
                data={
                    **values,
                    "report": report,
                    "line": known[line_id],
                    "organisation": period.organisation,
                },
            )
        else:
            changed = [k for k, v in values.items() if getattr(current, k) != v]
            if changed:
                model_update(
                    instance=current,
                    actor=access.user,
                    data={k: values[k] for k in changed},
                    fields=changed,
                )


@transaction.atomic
def indicator_value_save(
    *,
    access: Access,
    period: FollowUpPeriod,
    indicator,
    data: dict[str, Any],
    submit: bool = False,
) -> IndicatorValue:
    """Save or submit the measured value (or text assessment) of `indicator` for `period`
    (only in the period the indicator is reported in, followup.scope)."""
    access.require_same_org(period)
    access.require_same_org(indicator)
    if not access.can_edit_for_body(indicator.responsible_body_id):
        raise PermissionDenied(_("You may only report on indicators of your bodies."))
    period = _lock_open(period)
    _require_reported_here(period, "indicator", indicator)
    if indicator.kind == "qualitative" and data.get("value") is not None:
        raise ValidationError({"value": _("A qualitative indicator is assessed in text.")})
    # A count whole and not negative, a share 0–100 … (strategy/measures.py).
    check_measure_value(indicator=indicator, value=data.get("value"))
    value = (
        IndicatorValue.objects.select_for_update()
        .filter(period=period, indicator=indicator)
        .first()
    )
    state = _contribution_state(value.state if value else None, "submit" if submit else "save")
    fields = {
        k: data[k] for k in ("value", "text", "measured_on", "comment", "source") if k in data
    }
    if "value" in fields:
        fields["value"] = _stored_decimal(IndicatorValue, "value", fields["value"])
    # A person's value (the sync of Kolada values never overwrites it, followup/kolada.py).
    values = {**fields, "state": state, "origin": ValueOrigin.MANUAL, "fetched_at": None}
    if submit:
        values["submitted_at"] = timezone.now()
    if value is None:
        return model_create(
            model=IndicatorValue,
            actor=access.user,
            data={
                **values,
                "period": period,
                "indicator": indicator,
                "organisation": period.organisation,
            },
            event=SUBMITTED_EVENT if submit else "",
        )
    return model_update(
        instance=value,
        actor=access.user,
        data=values,
        fields=values.keys(),
        action="transition" if submit else "update",
        event=SUBMITTED_EVENT if submit else "",
    )


def status_apply_offer(report: ActivityReport | None, activity) -> str | None:
    """The reported status a strategist may apply to the activity in the plan: only when it
    differs from the activity's current status and the activity workflow allows the step."""

    if report is None or not report.status or report.status == activity.status:
        return None
    if not activity_can_transition(activity.status, report.status):
        return None
    return report.status


def _apply_reported_status(*, access: Access, report: ActivityReport) -> None:

    if report.status == report.activity.status:
        raise ValidationError({"apply_status": _("The activity already has the reported status.")})
    try:
        report.activity = activity_transition(
            access=access,
            activity=report.activity,
            status=report.status,
            message=_("Status applied from the approved follow-up report %(period)s.")
            % {"period": report.period.label},
        )
    except ValidationError as exc:
        errors = exc.message_dict.get("status") if hasattr(exc, "error_dict") else None
        raise ValidationError({"apply_status": errors or exc.messages}) from exc


@transaction.atomic
def contribution_review(
    *,
    access: Access,
    contribution: ActivityReport | IndicatorValue,
    action: str,
    comment: str = "",
    apply_status: bool = False,
):
    """Approve or return (with a comment) a submitted contribution. When approving an
    activity report whose status differs from the activity's, `apply_status=True` also moves
    the activity to the reported status (along the activity workflow, audited); nothing is
    applied without that explicit choice. The editors of the item's body are told by e-mail
    (returned: with the comment)."""
    _require_strategist(access)
    access.require_same_org(contribution)
    contribution = (
        type(contribution)
        .objects.select_for_update()
        .select_related("period")
        .get(pk=contribution.pk)
    )
    _lock_open(contribution.period)
    state = review_next_state(contribution.state, action)
    if state is None:
        raise ValidationError({"action": _("Only a submitted contribution can be reviewed.")})
    if action == "return" and not comment.strip():
        raise ValidationError({"comment": _("Say what needs to be corrected.")})
    if apply_status and (action != "approve" or not isinstance(contribution, ActivityReport)):
        raise ValidationError(
            {"apply_status": _("Only an approved activity report's status can be applied.")}
        )
    result = model_update(
        instance=contribution,
        actor=access.user,
        data={
            "state": state,
            "review_comment": comment.strip(),
            "reviewed_at": timezone.now(),
            "reviewed_by": access.user if getattr(access.user, "is_authenticated", False) else None,
        },
        fields=("state", "review_comment", "reviewed_at", "reviewed_by"),
        action="transition",
        event={
            "approve": "followup.contribution_approved",
            "return": "followup.contribution_returned",
        }.get(action, ""),
        message=comment.strip(),
    )
    if apply_status:
        _apply_reported_status(access=access, report=result)
    notices.reviewed(result, action)
    return result


@transaction.atomic
def report_status_apply(*, access: Access, report: ActivityReport) -> ActivityReport:
    """Apply an approved activity report's status to the activity in the plan (the explicit
    choice offered after approval), along the allowed activity transitions."""
    _require_strategist(access)
    access.require_same_org(report)
    report = (
        ActivityReport.objects.select_for_update()
        .select_related("period", "activity")
        .get(pk=report.pk)
    )
    if report.state != ContributionState.APPROVED:
        raise ValidationError(
            {"apply_status": _("Only an approved activity report's status can be applied.")}
        )
    _apply_reported_status(access=access, report=report)
    return report
