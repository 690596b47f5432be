"""The e-mail of follow-up periods, sent through the outbox (malbild.notifications) by the
services where each event happens, inside their transaction, and by `malbild send_reminders`:

- `followup.period_opened`: a period is opened → each responsible body's editors, listing
  what the body must report and by when;
- `followup.reminder`: MALBILD_FOLLOWUP_REMINDER_DAYS (5) days before the deadline → the
  editors of each body with contributions still missing, in draft or returned;
- `followup.overdue` (escalation, first step): the day after the deadline → those editors;
- `followup.escalated` (second step): MALBILD_FOLLOWUP_ESCALATION_DAYS (7) days after the
  deadline → the organisation's strategists and administrators, listing the bodies late;
- `followup.returned` (with the reviewer's comment) and `followup.approved`: a contribution
  was reviewed → the editors of its responsible body, linked to the contribution's page.

Reminders and escalations are sent once per body and deadline (a later deadline starts
them over); what is pending is `selectors.reminders`'s list, the same the period's reminder
page shows."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from malbild.accounts.constants import Role
from malbild.accounts.recipients import strategists, users_for_bodies
from malbild.notifications.kinds import register_kind
from malbild.notifications.services import absolute_url, mark_once, notify_all
from malbild.organisation.models import Organisation

from . import selectors
from .constants import PeriodStatus
from .models import ActivityReport, FollowUpPeriod

KINDS = {
    "followup.period_opened": _("A follow-up period was opened"),
    "followup.reminder": _("Reminder of a follow-up deadline"),
    "followup.overdue": _("Follow-up contributions are overdue"),
    "followup.escalated": _("Bodies late with their follow-up"),
    "followup.returned": _("A report was returned for correction"),
    "followup.approved": _("A report was approved"),
}


def register() -> None:
    for key, label in KINDS.items():
        register_kind(key, label=label, template=f"followup/mail/{key.split('.', 1)[1]}")


def reminder_days() -> int:
    return int(getattr(settings, "MALBILD_FOLLOWUP_REMINDER_DAYS", 5))


def escalation_days() -> int:
    return int(getattr(settings, "MALBILD_FOLLOWUP_ESCALATION_DAYS", 7))


def _period_path(period: FollowUpPeriod) -> str:
    return reverse(
        "followup:period-detail", kwargs={"org": period.organisation.slug, "pk": period.pk}
    )


STATE_LABELS = {
    "missing": _("missing"),
    "draft": _("draft, not submitted"),
    "returned": _("returned for correction"),
}


def _items(entry: dict) -> list[dict]:
    """What one body must report: kind, label, state and the review comment."""
    items = []
    for x in entry["items"]:
        is_activity = "title" in x
        items.append(
            {
                "kind": _("Activity") if is_activity else _("Indicator"),
                "label": f"{x['number']} {x['title']}".strip() if is_activity else x["name"],
                "state": STATE_LABELS[x["state"]],
                "comment": x.get("review_comment") or "",
            }
        )
    return items


def _pending(period: FollowUpPeriod) -> list[dict]:
    """Per body with something pending (reported here, not in another period of the span):
    its name, editors and items (`selectors.reminders`)."""
    data = selectors.period_data(period=period)
    return selectors.reminders(
        period=period, data=data, period_url=absolute_url(_period_path(period))
    )


def _to_editors(kind: str, period: FollowUpPeriod, entries: list[dict], **extra) -> list:
    messages = []
    for entry in entries:
        messages += notify_all(
            kind=kind,
            recipients=entry["editors"],
            organisation=period.organisation,
            context={
                "period": period,
                "document": period.document,
                "deadline": period.deadline,
                "body_name": entry["body"],
                "items": _items(entry),
                **extra,
            },
            path=_period_path(period),
        )
    return messages


def period_opened(period: FollowUpPeriod) -> list:
    """Each body's editors: what they must report in the new period and by when."""
    return _to_editors("followup.period_opened", period, _pending(period))


def _contribution_path(contribution) -> str:
    period = contribution.period
    if isinstance(contribution, ActivityReport):
        name, item = "followup:activity-report", contribution.activity_id
    else:
        name, item = "followup:indicator-value", contribution.indicator_id
    return reverse(name, kwargs={"org": period.organisation.slug, "pk": period.pk, "item": item})


def reviewed(contribution, action: str) -> list:
    """The editors of the contribution's responsible body: returned (with the comment) or
    approved, linked to the contribution's page."""
    period = contribution.period
    item = contribution.activity if isinstance(contribution, ActivityReport) else None
    if item is None:
        item = contribution.indicator
    body_id = item.responsible_body_id
    editors = users_for_bodies(
        organisation=period.organisation_id, role=Role.EDITOR, body_ids=[body_id]
    ).get(body_id, [])
    is_activity = isinstance(contribution, ActivityReport)
    return notify_all(
        kind="followup.returned" if action == "return" else "followup.approved",
        recipients=editors,
        organisation=period.organisation,
        context={
            "period": period,
            "document": period.document,
            "deadline": period.deadline,
            "item_kind": _("Activity") if is_activity else _("Indicator"),
            "item_label": f"{item.number} {item.title}".strip() if is_activity else item.name,
            "comment": contribution.review_comment,
        },
        path=_contribution_path(contribution),
    )


def send_reminders(today: datetime.date) -> int:
    """Every open period: the reminder before the deadline, the overdue notice to the
    editors the day after it, the escalation to the strategists and administrators
    `escalation_days()` after it — each once per body (escalation: per period) and deadline.
    Returns the number of messages queued."""
    count = 0
    for organisation in Organisation.objects.order_by("pk"):
        periods = (
            FollowUpPeriod.objects.for_org(organisation)
            .filter(status=PeriodStatus.OPEN)
            .select_related("organisation", "document")
            .defer("snapshot")
            .order_by("pk")
        )
        for period in periods:
            count += period_reminders(period, today)
    return count


def period_reminders(period: FollowUpPeriod, today: datetime.date) -> int:
    """The reminders and escalations of one period that are due on `today` (each once)."""
    deadline = period.deadline
    days = reminder_days()
    in_reminder = days and deadline - datetime.timedelta(days=days) <= today <= deadline
    overdue = today > deadline
    escalate = today >= deadline + datetime.timedelta(days=escalation_days())
    if not (in_reminder or overdue):
        return 0
    count = 0
    with transaction.atomic():
        pending = _pending(period)
        key = f"{period.pk}:{{body}}:{deadline}"

        def once(step: str, entries: list[dict]) -> list[dict]:
            return [
                e
                for e in entries
                if e["editors"]
                and mark_once(f"followup.{step}:" + key.format(body=e["body_id"] or 0))
            ]

        if in_reminder:
            count += len(_to_editors("followup.reminder", period, once("reminder", pending)))
        if overdue:
            count += len(_to_editors("followup.overdue", period, once("overdue", pending)))
        if escalate and pending and mark_once(f"followup.escalated:{period.pk}:{deadline}"):
            count += len(
                notify_all(
                    kind="followup.escalated",
                    recipients=strategists(organisation=period.organisation_id),
                    organisation=period.organisation,
                    context={
                        "period": period,
                        "document": period.document,
                        "deadline": period.deadline,
                        "bodies": [{"name": e["body"], "count": len(e["items"])} for e in pending],
                    },
                    path=_period_path(period),
                )
            )
    return count
