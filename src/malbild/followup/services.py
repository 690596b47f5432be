"""Writes of the follow-up cycle: periods (open, close with a frozen snapshot), contributions
(activity reports with budget outcomes, indicator values) and their approval, status
overrides, amendments after closing, and the self-assessment. Every function is keyword-only,
atomic and audited. Strategists and admins manage periods and review; editors report only
for activities and indicators whose responsible body is theirs."""

import copy
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.actionplan.constants import ActivityStatus
from malbild.actionplan.services import activity_transition
from malbild.actionplan.workflow import activity_can_transition
from malbild.core.access import Access
from malbild.core.audit import audit_record
from malbild.core.services import model_create, model_delete, model_update

from . import data as period_data
from .constants import AmendmentTarget, Answer, ContributionState, PeriodStatus, Status
from .models import (
    ActivityReport,
    Amendment,
    BudgetOutcome,
    FollowUpPeriod,
    IndicatorValue,
    Question,
    QuestionSection,
    QuestionSet,
    SelfAssessmentAnswer,
    StatusOverride,
)
from .skl import SKL_TEMPLATE, SKL_TEMPLATE_NAME
from .snapshot import upgrade as upgrade_snapshot
from .workflow import reporter_next_state, review_next_state

PERIOD_FIELDS = {"kind", "label", "start", "end", "deadline", "question_set"}
SUBMITTED_EVENT = "followup.contribution_submitted"


def _require_strategist(access: Access) -> None:
    if not access.can_edit_documents:
        raise PermissionDenied(_("Only strategists and administrators manage follow-up."))


def _require_open(period: FollowUpPeriod) -> None:
    if period.is_closed:
        raise ValidationError(_("The period is closed; corrections are made as amendments."))


def _lock_open(period: FollowUpPeriod) -> FollowUpPeriod:
    """The period re-read under a row lock, so that no write races its closing."""
    fresh = (
        FollowUpPeriod.objects.select_for_update()
        .select_related("document", "organisation")
        .get(pk=period.pk)
    )
    _require_open(fresh)
    return fresh


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


@transaction.atomic
def period_create(*, access: Access, document, data: dict[str, Any]) -> FollowUpPeriod:
    """Open a follow-up period for `document` (one period per span and kind)."""
    _require_strategist(access)
    access.require_same_org(document)
    clean = {k: v for k, v in data.items() if k in PERIOD_FIELDS}
    _require_own_question_set(access, clean.get("question_set"))
    probe = FollowUpPeriod(document=document, **clean)
    _check_overlap(probe)
    return model_create(
        model=FollowUpPeriod,
        actor=access.user,
        data={**clean, "document": document, "organisation": document.organisation},
        event="followup.period_opened",
    )


@transaction.atomic
def period_update(*, access: Access, period: FollowUpPeriod, data: dict[str, Any]):
    """Change an open period's label, dates, deadline or self-assessment."""
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
    return model_update(
        instance=period,
        actor=access.user,
        data=clean,
        fields=PERIOD_FIELDS,
        event="followup.period_updated",
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
    snapshot = period_data.collect(period)
    return model_update(
        instance=period,
        actor=access.user,
        data={"status": PeriodStatus.CLOSED, "closed_at": timezone.now(), "snapshot": snapshot},
        fields=("status", "closed_at", "snapshot"),
        action="transition",
        event="followup.period_closed",
        message=_("Period closed and its data frozen."),
    )


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
    submit: bool = False,
) -> ActivityReport:
    """Save (as draft) or submit the report on `activity` for `period`: status, progress,
    comment, forecast and the outcome per budget line (`outcomes`: budget line id → SEK)."""
    access.require_same_org(period)
    access.require_same_org(activity)
    if activity.document_id != period.document_id:
        raise Http404
    if not access.can_edit_for_body(activity.responsible_body_id):
        raise PermissionDenied(_("You may only report on activities of your bodies."))
    period = _lock_open(period)
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
    return report


@transaction.atomic
def indicator_value_save(
    *,
    access: Access,
    period: FollowUpPeriod,
    indicator,
    data: dict[str, Any],
    submit: bool = False,
) -> IndicatorValue:
    """Save or submit the measured value (or text assessment) of `indicator` for `period`."""
    access.require_same_org(period)
    access.require_same_org(indicator)
    if not access.can_edit_for_body(indicator.responsible_body_id):
        raise PermissionDenied(_("You may only report on indicators of your bodies."))
    period = _lock_open(period)
    if indicator.kind == "qualitative" and data.get("value") is not None:
        raise ValidationError({"value": _("A qualitative indicator is assessed in text.")})
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
    values = {**fields, "state": state}
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
    applied without that explicit choice."""
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


@transaction.atomic
def question_set_create_from_template(*, access: Access, name: str = "") -> QuestionSet:
    """Copy the built-in SKL e-government self-assessment into the organisation."""
    _require_strategist(access)
    org = access.organisation
    qs = model_create(
        model=QuestionSet,
        actor=access.user,
        data={"organisation": org, "name": name or SKL_TEMPLATE_NAME},
        event="followup.question_set_copied",
    )
    for s_order, (title, questions) in enumerate(SKL_TEMPLATE, start=1):
        section = model_create(
            model=QuestionSection,
            actor=access.user,
            data={"organisation": org, "question_set": qs, "order": s_order, "title": title},
        )
        for q_order, text in enumerate(questions, start=1):
            model_create(
                model=Question,
                actor=access.user,
                data={"organisation": org, "section": section, "order": q_order, "text": text},
            )
    return qs


def _question_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if len(text) > 500:
        raise ValidationError({"text": _("A question has at most 500 characters.")})
    return text


@transaction.atomic
def question_update(*, access: Access, question: Question, text: str) -> Question:
    """Edit a question's wording."""
    _require_strategist(access)
    access.require_same_org(question)
    return model_update(
        instance=question,
        actor=access.user,
        data={"text": _question_text(text)},
        fields=("text",),
        event="followup.question_updated",
    )


@transaction.atomic
def question_create(*, access: Access, section: QuestionSection, text: str) -> Question:
    """Add a question at the end of a section."""
    _require_strategist(access)
    access.require_same_org(section)
    text = _question_text(text)
    last = section.questions.order_by("-order").values_list("order", flat=True).first() or 0
    return model_create(
        model=Question,
        actor=access.user,
        data={
            "organisation": section.organisation,
            "section": section,
            "order": last + 1,
            "text": text,
        },
    )


@transaction.atomic
def question_delete(*, access: Access, question: Question) -> None:
    """Remove a question that has not been answered in any period; answered questions stay,
    so that earlier periods keep their answers."""
    _require_strategist(access)
    access.require_same_org(question)
    question = Question.objects.select_for_update().get(pk=question.pk)
    answered = question.answers.count()
    if answered:
        raise ValidationError(
            _(
                "The question has been answered in %(n)s period(s) and cannot be removed; "
                "edit its wording instead."
            )
            % {"n": answered}
        )
    model_delete(instance=question, actor=access.user)


@transaction.atomic
def question_move(*, access: Access, question: Question, direction: str) -> Question:
    """Move a question one step up or down within its section. The section's questions are
    renumbered 1, 2, 3 … in their shown order; only the changed orders are written."""
    _require_strategist(access)
    access.require_same_org(question)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a question up or down.")})
    siblings = list(
        Question.objects.select_for_update()
        .filter(section_id=question.section_id)
        .order_by("order", "id")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        raise ValidationError(
            {
                "direction": _("The question is already first in its section.")
                if direction == "up"
                else _("The question is already last in its section.")
            }
        )
    siblings[index], siblings[other] = siblings[other], siblings[index]
    moved = question
    for order, q in enumerate(siblings, start=1):
        if q.order != order:
            # The moved question itself is saved from the caller's copy, so an edit made
            # from a stale version of it is refused.
            q = model_update(
                instance=question if q.pk == question.pk else q,
                actor=access.user,
                data={"order": order},
                fields=("order",),
                event="followup.question_moved",
            )
        if q.pk == question.pk:
            moved = q
    return moved


@transaction.atomic
def section_create(*, access: Access, question_set: QuestionSet, title: str) -> QuestionSection:
    """Add a section at the end of a self-assessment."""
    _require_strategist(access)
    access.require_same_org(question_set)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the section a title.")})
    if len(title) > 300:
        raise ValidationError({"title": _("A title has at most 300 characters.")})
    last = question_set.sections.order_by("-order").values_list("order", flat=True).first() or 0
    return model_create(
        model=QuestionSection,
        actor=access.user,
        data={
            "organisation": question_set.organisation,
            "question_set": question_set,
            "order": last + 1,
            "title": title,
        },
    )


@transaction.atomic
def self_assessment_save(
    *, access: Access, period: FollowUpPeriod, answers: dict[int, tuple[str, str]]
) -> int:
    """Answer the period's self-assessment (question id → (answer, comment)); the
    organisation answers as a whole, so strategists do. Returns the number of answers."""
    _require_strategist(access)
    access.require_same_org(period)
    period = _lock_open(period)
    if period.question_set_id is None:
        raise ValidationError({"question_set": _("The period has no self-assessment.")})
    questions = {
        q.pk: q for q in Question.objects.filter(section__question_set_id=period.question_set_id)
    }
    existing = {a.question_id: a for a in SelfAssessmentAnswer.objects.filter(period=period)}
    count = 0
    for qid, (answer, comment) in answers.items():
        question = questions.get(int(qid))
        if question is None:
            raise ValidationError({"answers": _("Unknown question.")})
        if not answer:
            continue
        if answer not in Answer.values:
            raise ValidationError({f"answer_{qid}": _("Choose an answer.")})
        current = existing.get(question.pk)
        data = {"answer": answer, "comment": (comment or "").strip()}
        if current is None:
            model_create(
                model=SelfAssessmentAnswer,
                actor=access.user,
                data={
                    **data,
                    "period": period,
                    "question": question,
                    "organisation": period.organisation,
                },
            )
        elif current.answer != data["answer"] or current.comment != data["comment"]:
            model_update(instance=current, actor=access.user, data=data, fields=data.keys())
        count += 1
    audit_record(
        actor=access.user,
        instance=period,
        action="update",
        message=_("Self-assessment answered (%(n)s answers).") % {"n": count},
        event="followup.self_assessment_saved",
    )
    return count
