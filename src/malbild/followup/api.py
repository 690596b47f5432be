"""API of the follow-up cycle under /organisations/{org}/followup: periods, contributions
(activity reports with budget outcomes, indicator values) with their approval, assessments
(computed statuses, overrides), self-assessment answers and the annual report as JSON with
links to its files.

Reads: any role in the organisation. Writes go through followup/services/, which check
permissions (editors only for their bodies → 403) and validate (→ 422).
"""

import datetime
from contextlib import nullcontext
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from malbild.api.utils import (
    InputSchema,
    Pagination,
    if_match,
    org_access,
    paginate,
    representation,
)
from malbild.reports.cells import as_text
from malbild.strategy.selectors import document_get

from . import selectors, services
from .api_concern import router as concern_router
from .api_kolada import router as kolada_router
from .api_realisation import RealisedBenefitIn, benefits_input
from .api_realisation import router as realisation_router
from .models import ActivityReport, FollowUpPeriod, IndicatorValue, Question, QuestionSet
from .report import build_report, period_facts

router = Router()
# The municipality-wide view (api_concern.py) is part of the follow-up API.
router.add_router("", concern_router, tags=["follow-up"])
# The Kolada sync (api_kolada.py) too.
router.add_router("", kolada_router, tags=["follow-up"])
# Benefit realisation (api_realisation.py) too.
router.add_router("", realisation_router, tags=["follow-up"])

P = "/organisations/{org}/followup/periods"


class PeriodIn(InputSchema):
    document: int = Field(..., description="Id of the steering document followed up")
    kind: str = Field("yearly", description="yearly, four_monthly, interim or monthly")
    label: str = Field(..., description="e.g. 2019 or Tertial 1 2020")
    start: datetime.date
    end: datetime.date
    deadline: datetime.date = Field(..., description="Deadline for contributions")
    question_set: int | None = Field(None, description="Id of the self-assessment")
    include_descendants: bool = Field(
        False,
        description="Also follow up every plan below the document (each item reported once)",
    )
    analysis: str = Field(
        "", description="Analysis and conclusions for the annual report (Markdown)"
    )


class PeriodPatch(InputSchema):
    """The fields to change (omitted fields stay as they are)."""

    kind: str | None = None
    label: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    deadline: datetime.date | None = None
    question_set: int | None = Field(None, description="Id of the self-assessment")
    include_descendants: bool | None = Field(
        None, description="Also follow up every plan below the document"
    )
    analysis: str | None = Field(
        None,
        description="Analysis and conclusions (Markdown); only while the period is open, "
        "closing freezes it",
    )


@representation(FollowUpPeriod)
class PeriodOut(Schema):
    id: int
    document: int
    kind: str
    label: str
    start: datetime.date
    end: datetime.date
    deadline: datetime.date
    status: str
    closed_at: datetime.datetime | None
    question_set: int | None
    include_descendants: bool
    analysis: str = Field(description="Analysis and conclusions for the annual report (Markdown)")
    lock_version: int

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id

    @staticmethod
    def resolve_question_set(obj) -> int | None:
        return obj.question_set_id


class ActivityReportIn(InputSchema):
    status: str = Field(..., description="planned, ongoing, done, postponed or cancelled")
    progress: int = Field(0, description="Progress in percent, 0–100")
    comment: str = ""
    forecast: Decimal | None = Field(None, description="Forecast for the year (SEK)")
    outcomes: dict[int, Decimal] = Field(
        default_factory=dict, description="Budget line id → outcome in the period (SEK)"
    )
    benefits: list[RealisedBenefitIn] = Field(
        default_factory=list,
        description="Realised benefits per benefit line of the activity's benefit calculation "
        "(yearly periods; every line is needed to submit, lines saved before count)",
    )
    submit: bool = Field(False, description="Submit for approval (otherwise saved as draft)")


class IndicatorValueIn(InputSchema):
    value: Decimal | None = None
    text: str = Field("", description="Text assessment (qualitative indicators)")
    measured_on: datetime.date
    comment: str = ""
    source: str = ""
    submit: bool = False


@representation(ActivityReport)
@representation(IndicatorValue)
class ContributionOut(Schema):
    id: int
    state: str
    review_comment: str
    lock_version: int


# The period data (followup.data: collect + assess) as the API shows it -------------------------
# Keys that only some items carry (`submitted_at` of a contribution that exists, `amendments` of
# an amended item, `amended` of an amended override) have defaults and are left out when absent
# (the operations use `exclude_unset=True`), so the JSON is exactly the period data.

#: A target of an indicator: `[year, value or null, text]` (value a decimal as a string).
TargetOut = list[int | str | None]


class AmendmentOut(Schema):
    id: int
    target: str = Field(..., description="activity, indicator, goal or focus_area")
    target_uid: str
    field: str
    old_value: str
    new_value: str
    reason: str
    date: str = Field(..., description="ISO date")
    by: str = Field(..., description="Username of who made it")


class FollowUpOverrideOut(Schema):
    status: str
    reason: str
    amended: bool = Field(False, description="Present (true) when set by an amendment")


class _ContributionStateOut(Schema):
    state: str = Field(..., description="missing, draft, submitted, returned or approved")
    review_comment: str
    submitted_at: str | None = Field(
        None, description="ISO time; absent when there is no contribution"
    )
    amendments: list[AmendmentOut] = Field(
        default_factory=list, description="Amendments after closing (absent when none)"
    )


class ReportedInOut(Schema):
    id: int = Field(..., description="Id of the period the item is reported in")
    label: str
    document_id: int = Field(..., description="Id of that period's document")
    document: str = Field(..., description="Title of that period's document")


class RollupBasisOut(Schema):
    indicators: dict[str, int] = Field(..., description="Indicator status → number")
    activities: dict[str, int] = Field(..., description="Activity assessment → number")
    activities_behind: int = Field(
        ..., description="Ongoing activities at risk because they lag behind their time"
    )


class FollowUpBudgetLineOut(Schema):
    uid: str
    year: int
    kind: str
    planned: str | None = Field(..., description="Decimal as a string (SEK)")
    spent: str | None = Field(..., description="Outcome in the period (SEK)")
    spent_to_date: str | None = Field(..., description="Outcome up to this period (SEK)")
    source: str = Field(..., description="Financing source")


class FollowUpActivityOut(_ContributionStateOut):
    id: int
    uid: str
    number: str
    title: str
    responsible_body: str
    responsible_body_id: int | None
    responsible_body_uid: str | None
    document_id: int | None = Field(..., description="Id of the activity's document")
    reported_in: ReportedInOut | None = Field(
        ..., description="The other period of the same span it is reported in (read-only here)"
    )
    start_year: int | None
    end_year: int | None
    focus_area_ids: list[int]
    primary_focus_area_id: int | None = Field(
        None, description="The focus area whose totals count its budget (one of focus_area_ids)"
    )
    goal_ids: list[int]
    status: str = Field(..., description="The reported status (the plan's if none reported)")
    progress: int | None
    comment: str
    forecast: str | None = Field(..., description="Decimal as a string (SEK)")
    budget: list[FollowUpBudgetLineOut]
    expected_progress: int | None = Field(
        ..., description="Elapsed share (%) of the activity's years at the period's end"
    )
    behind: int | None = Field(
        ..., description="Percentage points the progress lags behind the expected (ongoing)"
    )
    assessment: str = Field(..., description="Computed status of the activity")


class SeriesPointOut(Schema):
    period: str
    year: int
    value: str | None


class FollowUpIndicatorOut(_ContributionStateOut):
    id: int
    uid: str
    name: str
    unit: str
    direction: str
    kind: str
    baseline_value: str | None
    baseline_year: int | None
    targets: list[TargetOut] = Field(..., description="Each `[year, value or null, text]`")
    responsible_body: str
    responsible_body_id: int | None
    responsible_body_uid: str | None
    document_id: int | None = Field(..., description="Id of the indicator's document")
    reported_in: ReportedInOut | None = Field(
        ..., description="The other period of the same span it is reported in (read-only here)"
    )
    focus_area_ids: list[int]
    goal_ids: list[int]
    value: str | None = Field(..., description="Reported value (decimal as a string)")
    text: str
    measured_on: str | None
    comment: str
    source: str
    series: list[SeriesPointOut]
    override: FollowUpOverrideOut | None
    expected: str | None = Field(..., description="Expected value for the year")
    target: TargetOut | None = Field(..., description="The next target `[year, value, text]`")
    computed_status: str
    status: str = Field(..., description="The override's status, else the computed one")


class IndicatorStatusOut(Schema):
    id: int
    uid: str
    name: str
    value: str | None
    expected: str | None
    target: TargetOut | None = Field(..., description="The next target `[year, value, text]`")
    computed_status: str
    status: str
    override: FollowUpOverrideOut | None


class BodyCountsOut(Schema):
    name: str = Field(..., description="Name of the responsible body")
    status_counts: dict[str, int] = Field(..., description="Activity status → number")
    missing: int
    draft: int
    submitted: int
    returned: int
    approved: int


class ContributionsOut(Schema):
    activities: list[FollowUpActivityOut]
    indicators: list[FollowUpIndicatorOut]
    bodies: list[BodyCountsOut]


class FollowUpGoalOut(Schema):
    id: int
    uid: str
    title: str
    override: FollowUpOverrideOut | None
    computed_status: str
    status: str
    basis: RollupBasisOut = Field(..., description="What the roll-up counted")
    amendments: list[AmendmentOut] = Field(
        default_factory=list, description="Amendments after closing (absent when none)"
    )


class FollowUpFocusAreaOut(Schema):
    id: int
    uid: str
    number: str
    title: str
    goal_text: str
    goals: list[FollowUpGoalOut]
    override: FollowUpOverrideOut | None
    indicator_uids: list[str]
    activity_uids: list[str]
    computed_status: str
    status: str
    basis: RollupBasisOut = Field(..., description="What the roll-up counted")
    document_id: int | None = Field(..., description="Id of the document it belongs to")
    activity_status_counts: dict[str, int] = Field(..., description="Activity status → number")
    amendments: list[AmendmentOut] = Field(
        default_factory=list, description="Amendments after closing (absent when none)"
    )


class KeyFiguresOut(Schema):
    activities: int
    activities_done: int
    activities_ongoing: int
    indicators: int
    indicators_on_track: int
    indicators_at_risk: int
    indicators_off_track: int
    indicators_no_data: int
    contributions: int
    contributions_reported: int
    budget_planned: str = Field(
        ...,
        description="The whole plan's budget, every year and activity (SEK, decimal as a "
        "string); the same as budget_plan",
    )
    budget_spent: str = Field(
        ..., description="Every outcome reported up to this period (SEK, decimal as a string)"
    )
    year: int = Field(..., description="The period's year")
    budget_year: str = Field(
        ...,
        description="The year's budget: every activity of the plan, lines of `year` only (SEK)",
    )
    outcome_year: str = Field(
        ..., description="Outcome reported up to this period on the lines of `year` (SEK)"
    )
    outcome_year_percent: str | None = Field(
        ..., description="outcome_year as a whole percentage of budget_year; null without budget"
    )
    budget_plan: str = Field(..., description="The whole plan period's budget (SEK)")
    plan_first_year: int = Field(..., description="First year of the plan period")
    plan_last_year: int = Field(..., description="Last year of the plan period")
    budget_to_date: str = Field(..., description="Budget of the years up to and including `year`")
    outcome_to_date: str = Field(
        ..., description="Outcome reported on the lines of the years up to and including `year`"
    )
    outcome_to_date_percent: str | None = Field(
        ..., description="outcome_to_date as a whole percentage of budget_to_date"
    )
    budget_complete: bool = Field(
        ...,
        description="false for a period closed before the whole plan's budget was frozen: the "
        "budget figures then cover only the activities of the period",
    )


class BudgetPerFocusAreaOut(Schema):
    focus_area_id: int | None = Field(
        ..., description="The primary focus area; null for the activities without one"
    )
    title: str = Field(..., description="Number and title of the focus area (empty for none)")
    year_planned: str = Field(..., description="Budget of the period's year (SEK)")
    planned: str = Field(..., description="Budget of the whole plan period (SEK)")


class AssessmentsOut(Schema):
    focus_areas: list[FollowUpFocusAreaOut]
    indicators: list[IndicatorStatusOut]
    key_figures: KeyFiguresOut
    budget_per_focus_area: list[BudgetPerFocusAreaOut] = Field(
        ...,
        description="The plan's budget per primary focus area (each activity counted once, in "
        "its primary area), then the activities without one; the rows add up to budget_plan",
    )


class ApplyStatusOut(Schema):
    activity: int = Field(..., description="Id of the activity")
    status: str = Field(..., description="The activity's status now")


class _AssessedOut(Schema):
    status: str | None = Field(..., description="The assessed status; null when removed")
    reason: str
    amendment: int | None = Field(..., description="Id of the amendment (closed period)")


class IndicatorAssessedOut(_AssessedOut):
    indicator: int


class GoalAssessedOut(_AssessedOut):
    goal: int


class FocusAreaAssessedOut(_AssessedOut):
    focus_area: int


class ReminderItemOut(Schema):
    kind: str = Field(..., description="activity or indicator")
    id: int
    name: str
    state: str


class ReminderEditorOut(Schema):
    username: str
    name: str
    email: str


class ReminderOut(Schema):
    body: str
    body_id: int | None
    items: list[ReminderItemOut]
    editors: list[ReminderEditorOut]
    subject: str
    text: str
    mailto: str = Field(..., description="mailto: link with the addresses, subject and text")


class SelfAssessmentAnswerOut(Schema):
    id: int = Field(..., description="Id of the question")
    text: str
    answer: str | None = Field(..., description="fully, partly or not; null when unanswered")
    comment: str
    previous: str | None = Field(..., description="The answer in the previous period")


class SelfAssessmentSectionOut(Schema):
    id: int
    title: str
    questions: list[SelfAssessmentAnswerOut]
    summary: dict[str, int] = Field(..., description="Answer → number, this period")
    previous_summary: dict[str, int] = Field(..., description="Answer → number, previous period")


class SelfAssessmentOut(Schema):
    name: str
    previous_period: str | None = Field(..., description="Label of the previous period")
    sections: list[SelfAssessmentSectionOut]


class AnswersSavedOut(Schema):
    answers: int = Field(..., description="Number of answers saved")


class ReportCoverOut(Schema):
    organisation: str
    document: str
    period: str
    kind: str
    span: str
    date: str
    closed: bool


class ReportSectionOut(Schema):
    id: str
    heading: str
    level: int
    blocks: list[dict[str, Any]] = Field(
        ...,
        description="Open-ended: the section's blocks, each with a `type` — paragraph "
        "(`text`), table (`table`), chart (`chart`: spec, `alt`, `table`) or amendment "
        "(`text`) — and that type's content",
    )


class ReportFilesOut(Schema):
    pdf: str
    docx: str
    xlsx: str


class ReportOut(Schema):
    title: str
    subject: str = Field("", description="The title of the document the report follows up")
    cover: ReportCoverOut
    sections: list[ReportSectionOut]
    tables: list[dict[str, Any]] = Field(
        ...,
        description="Open-ended: every table of the report in order (one XLSX sheet each)",
    )
    files: ReportFilesOut = Field(..., description="Download links of the report files")


class ReviewIn(InputSchema):
    action: str = Field(..., description="approve or return")
    comment: str = ""
    apply_status: bool = Field(
        False,
        description="When approving an activity report whose status differs from the "
        "activity's: also move the activity to the reported status (allowed transitions only)",
    )


class OverrideIn(InputSchema):
    status: str = Field("", description="on_track, at_risk, off_track, no_data; empty removes")
    reason: str = ""


class AnswerIn(InputSchema):
    question: int
    answer: str = Field(..., description="fully, partly or not")
    comment: str = ""


def _if_match_existing(request, obj):
    """`if_match` for a PUT that creates the row when there is none yet (then no version)."""
    return if_match(request, obj) if obj is not None else nullcontext()


def _period(request, org: str, pk: int):
    access = org_access(request, org)
    return access, selectors.period_get(access=access, pk=pk)


@router.get(P, response=list[PeriodOut], summary="List follow-up periods")
@paginate(Pagination)
def period_list(request, org: str):
    access = org_access(request, org)
    return selectors.period_list(access=access)


@router.post(P, response={201: PeriodOut}, summary="Open a follow-up period")
def period_create(request, org: str, payload: PeriodIn):

    access = org_access(request, org)
    data = payload.dict()
    document = document_get(access=access, pk=data.pop("document"))
    qs_id = data.pop("question_set")
    if qs_id is not None:
        data["question_set"] = get_object_or_404(QuestionSet.objects.for_access(access), pk=qs_id)
    return Status(201, services.period_create(access=access, document=document, data=data))


@router.get(P + "/{pk}", response=PeriodOut, summary="One follow-up period")
def period_detail(request, org: str, pk: int):
    return _period(request, org, pk)[1]


@router.patch(P + "/{pk}", response=PeriodOut, summary="Change an open follow-up period")
def period_update(request, org: str, pk: int, payload: PeriodPatch):
    access, period = _period(request, org, pk)
    data = payload.dict(exclude_unset=True)
    for key in ("include_descendants", "analysis"):
        if key in data and data[key] is None:
            data.pop(key)
    if data.get("question_set") is not None:
        data["question_set"] = get_object_or_404(
            QuestionSet.objects.for_access(access), pk=data["question_set"]
        )
    with if_match(request, period):
        return services.period_update(access=access, period=period, data=data)


@router.post(P + "/{pk}/close", response=PeriodOut, summary="Close the period, freezing its data")
def period_close(request, org: str, pk: int):
    access, period = _period(request, org, pk)
    with if_match(request, period):
        return services.period_close(access=access, period=period)


@router.get(
    P + "/{pk}/contributions",
    response=ContributionsOut,
    exclude_unset=True,
    summary="Contributions and states",
)
def contribution_list(request, org: str, pk: int):
    """Per activity and indicator: the reported figures and the approval state; per body the
    number of missing, draft, submitted, returned and approved contributions."""
    _access, period = _period(request, org, pk)
    data = selectors.period_data(period=period)
    return {
        "activities": data["activities"],
        "indicators": data["indicators"],
        "bodies": data["bodies"],
    }


@router.get(
    P + "/{pk}/contributions/activities",
    response=list[FollowUpActivityOut],
    exclude_unset=True,
    summary="Contributions per activity, a page at a time",
)
@paginate(Pagination)
def contribution_activity_list(request, org: str, pk: int):
    """The activities of `…/contributions`, paginated like the other lists (`limit`,
    `offset`, `count`): the list that grows with the plan."""
    _access, period = _period(request, org, pk)
    return selectors.period_data(period=period)["activities"]


@router.get(
    P + "/{pk}/contributions/indicators",
    response=list[FollowUpIndicatorOut],
    exclude_unset=True,
    summary="Contributions per indicator, a page at a time",
)
@paginate(Pagination)
def contribution_indicator_list(request, org: str, pk: int):
    """The indicators of `…/contributions`, paginated like the other lists."""
    _access, period = _period(request, org, pk)
    return selectors.period_data(period=period)["indicators"]


@router.put(
    P + "/{pk}/activities/{activity_id}", response=ContributionOut, summary="Report on an activity"
)
def activity_report_put(request, org: str, pk: int, activity_id: int, payload: ActivityReportIn):
    access, period = _period(request, org, pk)
    activity = selectors.activity_in_period(period=period, pk=activity_id)
    data = payload.dict()
    report = selectors.activity_report_get(period=period, activity_id=activity.pk)
    with _if_match_existing(request, report):
        return services.activity_report_save(
            access=access,
            period=period,
            activity=activity,
            data={k: data[k] for k in ("status", "progress", "comment", "forecast")},
            outcomes=data["outcomes"],
            benefits=benefits_input(payload.benefits),
            submit=data["submit"],
        )


@router.put(
    P + "/{pk}/indicators/{indicator_id}",
    response=ContributionOut,
    summary="Report an indicator value",
)
def indicator_value_put(request, org: str, pk: int, indicator_id: int, payload: IndicatorValueIn):
    access, period = _period(request, org, pk)
    indicator = selectors.indicator_in_period(period=period, pk=indicator_id)
    data = payload.dict()
    submit = data.pop("submit")
    value = selectors.indicator_value_get(period=period, indicator_id=indicator.pk)
    with _if_match_existing(request, value):
        return services.indicator_value_save(
            access=access, period=period, indicator=indicator, data=data, submit=submit
        )


@router.post(
    P + "/{pk}/{kind}/{item_id}/review", response=ContributionOut, summary="Approve or return"
)
def contribution_review(request, org: str, pk: int, kind: str, item_id: int, payload: ReviewIn):
    """`kind` is `activities` or `indicators`; `item_id` the activity's or indicator's id."""
    access, period = _period(request, org, pk)
    if kind == "activities":
        contribution = get_object_or_404(ActivityReport, period=period, activity_id=item_id)
    else:
        contribution = get_object_or_404(IndicatorValue, period=period, indicator_id=item_id)
    with if_match(request, contribution):
        return services.contribution_review(
            access=access,
            contribution=contribution,
            action=payload.action,
            comment=payload.comment,
            apply_status=payload.apply_status,
        )


@router.post(
    P + "/{pk}/activities/{activity_id}/apply-status",
    response=ApplyStatusOut,
    summary="Apply an approved report's status to the activity",
)
def report_status_apply(request, org: str, pk: int, activity_id: int):
    """Move the activity in the plan to the status of its approved report for the period,
    along the allowed activity transitions (422 otherwise)."""
    access, period = _period(request, org, pk)
    report = get_object_or_404(ActivityReport, period=period, activity_id=activity_id)
    report = services.report_status_apply(access=access, report=report)
    return {"activity": activity_id, "status": report.activity.status}


@router.get(P + "/{pk}/reminders", response=list[ReminderOut], summary="Reminders per body")
def reminder_list(request, org: str, pk: int):
    """For strategists: per body with missing, draft or returned contributions, its editors
    and a ready e-mail text (subject, text, mailto link). No e-mail is sent."""
    from django.core.exceptions import PermissionDenied

    access, period = _period(request, org, pk)
    if not access.can_edit_documents:
        raise PermissionDenied
    if period.is_closed:
        return []
    url = request.build_absolute_uri(
        reverse("followup:period-detail", kwargs={"org": org, "pk": period.pk})
    )
    data = selectors.period_data(period=period)
    return [
        {
            "body": r["body"],
            "body_id": r["body_id"],
            "items": [
                {
                    "kind": "activity" if "title" in x else "indicator",
                    "id": x["id"],
                    "name": f"{x['number']} {x['title']}".strip() if "title" in x else x["name"],
                    "state": x["state"],
                }
                for x in r["items"]
            ],
            "editors": [
                {"username": u.username, "name": u.get_full_name(), "email": u.email}
                for u in r["editors"]
            ],
            "subject": r["subject"],
            "text": r["text"],
            "mailto": r["mailto"],
        }
        for r in selectors.reminders(period=period, data=data, period_url=url)
    ]


_INDICATOR_STATUS_KEYS = (
    "id",
    "uid",
    "name",
    "value",
    "expected",
    "target",
    "computed_status",
    "status",
    "override",
)


@router.get(
    P + "/{pk}/assessments",
    response=AssessmentsOut,
    exclude_unset=True,
    summary="Statuses and roll-ups",
)
def assessment_list(request, org: str, pk: int):
    _access, period = _period(request, org, pk)
    data = selectors.period_data(period=period)
    return {
        "focus_areas": data["focus_areas"],
        "indicators": [{k: i[k] for k in _INDICATOR_STATUS_KEYS} for i in data["indicators"]],
        "key_figures": data["key_figures"],
        "budget_per_focus_area": data["budget_overview"]["focus_areas"],
    }


@router.get(
    P + "/{pk}/assessments/indicators",
    response=list[IndicatorStatusOut],
    exclude_unset=True,
    summary="Indicator statuses, a page at a time",
)
@paginate(Pagination)
def assessment_indicator_list(request, org: str, pk: int):
    """The indicators of `…/assessments`, paginated like the other lists."""
    _access, period = _period(request, org, pk)
    return [
        {k: i[k] for k in _INDICATOR_STATUS_KEYS}
        for i in selectors.period_data(period=period)["indicators"]
    ]


def _assess(request, org, pk, target, item_id, payload) -> dict:
    access, period = _period(request, org, pk)
    lookup = {
        "indicator": selectors.indicator_in_period,
        "goal": selectors.goal_in_period,
        "focus_area": selectors.focus_area_in_period,
    }[target]
    item = lookup(period=period, pk=item_id)
    result = services.status_assess(
        access=access,
        period=period,
        target=target,
        item=item,
        status=payload.status,
        reason=payload.reason,
    )
    return {
        target: item.pk,
        "status": payload.status or None,
        "reason": payload.reason.strip(),
        "amendment": result.pk if period.is_closed else None,
    }


@router.put(
    P + "/{pk}/assessments/{indicator_id}",
    response=IndicatorAssessedOut,
    summary="Override an indicator's status",
)
def assessment_override(request, org: str, pk: int, indicator_id: int, payload: OverrideIn):
    """Set (or with an empty status remove) the assessed status of an indicator. In a closed
    period the assessment is recorded as an amendment (its id is returned)."""
    return _assess(request, org, pk, "indicator", indicator_id, payload)


@router.put(
    P + "/{pk}/assessments/goals/{goal_id}",
    response=GoalAssessedOut,
    summary="Override a goal's roll-up status",
)
def goal_assessment_override(request, org: str, pk: int, goal_id: int, payload: OverrideIn):
    return _assess(request, org, pk, "goal", goal_id, payload)


@router.put(
    P + "/{pk}/assessments/focus-areas/{focus_area_id}",
    response=FocusAreaAssessedOut,
    summary="Override a focus area's roll-up status",
)
def focus_area_assessment_override(
    request, org: str, pk: int, focus_area_id: int, payload: OverrideIn
):
    return _assess(request, org, pk, "focus_area", focus_area_id, payload)


@router.get(
    P + "/{pk}/self-assessment",
    response=SelfAssessmentOut | None,
    summary="Self-assessment answers (null when the period has none)",
)
def self_assessment_get(request, org: str, pk: int):
    _access, period = _period(request, org, pk)
    return selectors.period_data(period=period)["self_assessment"]


@router.put(
    P + "/{pk}/self-assessment", response=AnswersSavedOut, summary="Answer the self-assessment"
)
def self_assessment_put(request, org: str, pk: int, payload: list[AnswerIn]):
    access, period = _period(request, org, pk)
    answers = {a.question: (a.answer, a.comment) for a in payload}
    return {"answers": services.self_assessment_save(access=access, period=period, answers=answers)}


@router.get(P + "/{pk}/report", response=ReportOut, summary="The annual report as JSON")
def report_get(
    request,
    org: str,
    pk: int,
    document: int | None = Query(None, description="Id of one document the period follows up"),
):
    """The report structure (cover, sections with tables and chart data) and download links
    for the PDF, DOCX and XLSX files. A period following up several documents reports on all
    of them; `document` (the id of one of them) gives that document's report (404 when the
    period does not follow it up)."""
    _access, period = _period(request, org, pk)
    data = selectors.period_data(period=period, document_id=document)
    if data is None:
        raise Http404
    report = build_report(data)
    query = f"?document={document}" if document is not None else ""
    files = {
        fmt: request.build_absolute_uri(
            reverse("followup:period-report-file", kwargs={"org": org, "pk": period.pk, "fmt": fmt})
        )
        + query
        for fmt in ("pdf", "docx", "xlsx")
    }
    # Cells as the text the report shows (the API's rows have always been strings).
    return {**as_text(report), "cover": period_facts(data), "files": files}


Q = "/organisations/{org}/followup"


@representation(Question)
class QuestionOut(Schema):
    id: int
    order: int
    text: str
    lock_version: int
    answers: int = Field(0, description="Number of answers (a question with answers stays)")

    @staticmethod
    def resolve_answers(obj) -> int:
        return getattr(obj, "answer_count", 0)


class QuestionSectionOut(Schema):
    id: int
    order: int
    title: str
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return list(obj.questions.all())


class QuestionSetOut(Schema):
    id: int
    name: str
    description: str


class QuestionSetDetailOut(QuestionSetOut):
    sections: list[QuestionSectionOut]


class QuestionSectionIn(InputSchema):
    title: str


class QuestionIn(InputSchema):
    text: str


class MoveIn(InputSchema):
    direction: str = Field(..., description="up or down")


@router.get(Q + "/question-sets", response=list[QuestionSetOut], summary="Self-assessments")
def question_set_list(request, org: str):
    access = org_access(request, org)
    return list(selectors.question_set_list(access=access))


def _question_set_detail(question_set):
    return {
        "id": question_set.pk,
        "name": question_set.name,
        "description": question_set.description,
        "sections": list(selectors.section_list(question_set=question_set)),
    }


@router.get(
    Q + "/question-sets/{pk}",
    response=QuestionSetDetailOut,
    summary="A self-assessment with its sections and questions",
)
def question_set_detail(request, org: str, pk: int):
    access = org_access(request, org)
    return _question_set_detail(selectors.question_set_get(access=access, pk=pk))


@router.post(
    Q + "/question-sets/{pk}/sections",
    response={201: QuestionSectionOut},
    summary="Add a section to a self-assessment",
)
def section_create(request, org: str, pk: int, payload: QuestionSectionIn):
    access = org_access(request, org)
    question_set = selectors.question_set_get(access=access, pk=pk)
    section = services.section_create(access=access, question_set=question_set, title=payload.title)
    return Status(201, section)


@router.post(
    Q + "/sections/{pk}/questions",
    response={201: QuestionOut},
    summary="Add a question at the end of a section",
)
def question_create(request, org: str, pk: int, payload: QuestionIn):
    access = org_access(request, org)
    section = selectors.section_get(access=access, pk=pk)
    return Status(201, services.question_create(access=access, section=section, text=payload.text))


@router.put(Q + "/questions/{pk}", response=QuestionOut, summary="Edit a question's wording")
def question_update(request, org: str, pk: int, payload: QuestionIn):
    access = org_access(request, org)
    question = selectors.question_get(access=access, pk=pk)
    with if_match(request, question):
        return services.question_update(access=access, question=question, text=payload.text)


@router.delete(
    Q + "/questions/{pk}",
    response={204: None},
    summary="Remove a question (refused with 422 if it has answers)",
)
def question_delete(request, org: str, pk: int):
    access = org_access(request, org)
    question = selectors.question_get(access=access, pk=pk)
    with if_match(request, question):
        services.question_delete(access=access, question=question)
    return Status(204, None)


@router.post(
    Q + "/questions/{pk}/move",
    response=QuestionSetDetailOut,
    summary="Move a question up or down in its section",
)
def question_move(request, org: str, pk: int, payload: MoveIn):
    """Returns the whole self-assessment in its new order."""
    access = org_access(request, org)
    question = selectors.question_get(access=access, pk=pk)
    with if_match(request, question):
        services.question_move(access=access, question=question, direction=payload.direction)
    return _question_set_detail(question.section.question_set)
