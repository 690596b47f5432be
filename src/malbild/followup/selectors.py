"""Reads of follow-up periods and contributions, scoped to the organisation; and the period's
data (frozen snapshot for a closed period, live otherwise) with amendments applied."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from malbild.core.access import Access

from . import data as period_data_module
from .models import (
    ActivityReport,
    Amendment,
    FollowUpPeriod,
    IndicatorValue,
    Question,
    QuestionSet,
    StatusOverride,
)


def period_list(*, access: Access, document=None):
    """Periods of the organisation, newest first, with their contribution counts."""
    qs = (
        FollowUpPeriod.objects.filter(organisation=access.organisation)
        .select_related("document")
        .annotate(
            reports_submitted=Count(
                "activity_reports",
                filter=Q(activity_reports__state__in=["submitted", "approved"]),
                distinct=True,
            )
        )
    )
    if document is not None:
        qs = qs.filter(document=document)
    return qs.order_by("-end", "document__title", "id")


def period_get(*, access: Access, pk: int) -> FollowUpPeriod:
    return get_object_or_404(
        FollowUpPeriod.objects.select_related("document", "organisation", "question_set"),
        pk=pk,
        organisation=access.organisation,
    )


def amendment_list(*, period: FollowUpPeriod) -> list[dict]:
    """The period's amendments as plain dicts, in the order they were made."""
    return [
        {
            "id": a.pk,
            "target": a.target,
            "target_uid": str(a.target_uid),
            "field": a.field,
            "old_value": a.old_value,
            "new_value": a.new_value,
            "reason": a.reason,
            "date": a.created_at.date().isoformat(),
            "by": a.created_by.get_username() if a.created_by_id else "",
        }
        for a in Amendment.objects.filter(period=period).select_related("created_by").order_by("id")
    ]


def period_raw(*, period: FollowUpPeriod) -> dict:
    """The frozen snapshot of a closed period, or the live facts of an open one."""
    if period.is_closed and period.snapshot:
        return period.snapshot
    return period_data_module.collect(period)


def period_data(*, period: FollowUpPeriod) -> dict:
    """Everything shown about the period: statuses, roll-ups, budget, self-assessment."""
    data = period_data_module.assess(period_raw(period=period), amendment_list(period=period))
    data["period"]["status"] = period.status
    data["period"]["closed_at"] = period.closed_at.isoformat() if period.closed_at else None
    return data


def activity_report_get(*, period: FollowUpPeriod, activity_id: int) -> ActivityReport | None:
    return (
        ActivityReport.objects.filter(period=period, activity_id=activity_id)
        .prefetch_related("outcomes")
        .first()
    )


def activity_in_period(*, period: FollowUpPeriod, pk: int):
    return get_object_or_404(
        period_data_module.period_activities(period).prefetch_related("budget_lines"), pk=pk
    )


def indicator_in_period(*, period: FollowUpPeriod, pk: int):
    fa_doc = period_data_module.focus_area_document(period.document)
    return get_object_or_404(period_data_module.period_indicators(period, fa_doc), pk=pk)


def indicator_value_get(*, period: FollowUpPeriod, indicator_id: int) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(period=period, indicator_id=indicator_id).first()


def override_get(*, period: FollowUpPeriod, indicator_id: int) -> StatusOverride | None:
    return StatusOverride.objects.filter(period=period, indicator_id=indicator_id).first()


def question_set_list(*, access: Access):
    return QuestionSet.objects.filter(organisation=access.organisation).order_by("name", "id")


def question_set_get(*, access: Access, pk: int) -> QuestionSet:
    return get_object_or_404(QuestionSet, pk=pk, organisation=access.organisation)


def question_list(*, question_set: QuestionSet):
    return (
        Question.objects.filter(section__question_set=question_set)
        .select_related("section")
        .order_by("section__order", "section_id", "order", "id")
    )


def question_get(*, access: Access, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section__question_set"),
        pk=pk,
        organisation=access.organisation,
    )
