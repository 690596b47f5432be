"""API of the follow-up cycle under /organisations/{org}/followup: periods, contributions
(activity reports with budget outcomes, indicator values) with their approval, assessments
(computed statuses, overrides), self-assessment answers and the annual report as JSON with
links to its files.

Reads: any role in the organisation. Writes go through followup/services.py, which checks
permissions (editors only for their bodies → 403) and validates (→ 422).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from malbild.api.utils import Pagination, org_access, paginate

from . import selectors, services
from .models import ActivityReport, IndicatorValue, QuestionSet

router = Router()

P = "/organisations/{org}/followup/periods"


class PeriodIn(Schema):
    document: int = Field(..., description="Id of the steering document followed up")
    kind: str = Field("yearly", description="yearly, four_monthly, interim or monthly")
    label: str = Field(..., description="e.g. 2019 or Tertial 1 2020")
    start: datetime.date
    end: datetime.date
    deadline: datetime.date = Field(..., description="Deadline for contributions")
    question_set: int | None = Field(None, description="Id of the self-assessment")


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

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id

    @staticmethod
    def resolve_question_set(obj) -> int | None:
        return obj.question_set_id


class ActivityReportIn(Schema):
    status: str = Field(..., description="planned, ongoing, done, postponed or cancelled")
    progress: int = Field(0, description="Progress in percent, 0–100")
    comment: str = ""
    forecast: Decimal | None = Field(None, description="Forecast for the year (SEK)")
    outcomes: dict[int, Decimal] = Field(
        default_factory=dict, description="Budget line id → outcome in the period (SEK)"
    )
    submit: bool = Field(False, description="Submit for approval (otherwise saved as draft)")


class IndicatorValueIn(Schema):
    value: Decimal | None = None
    text: str = Field("", description="Text assessment (qualitative indicators)")
    measured_on: datetime.date
    comment: str = ""
    source: str = ""
    submit: bool = False


class ContributionOut(Schema):
    id: int
    state: str
    review_comment: str


class ReviewIn(Schema):
    action: str = Field(..., description="approve or return")
    comment: str = ""


class OverrideIn(Schema):
    status: str = Field("", description="on_track, at_risk, off_track, no_data; empty removes")
    reason: str = ""


class AnswerIn(Schema):
    question: int
    answer: str = Field(..., description="fully, partly or not")
    comment: str = ""


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
    from malbild.strategy.selectors import document_get

    access = org_access(request, org)
    data = payload.dict()
    document = document_get(access=access, pk=data.pop("document"))
    qs_id = data.pop("question_set")
    if qs_id is not None:
        data["question_set"] = get_object_or_404(
            QuestionSet, pk=qs_id, organisation=access.organisation
        )
    return Status(201, services.period_create(access=access, document=document, data=data))


@router.get(P + "/{pk}", response=PeriodOut, summary="One follow-up period")
def period_detail(request, org: str, pk: int):
    return _period(request, org, pk)[1]


@router.post(P + "/{pk}/close", response=PeriodOut, summary="Close the period, freezing its data")
def period_close(request, org: str, pk: int):
    access, period = _period(request, org, pk)
    return services.period_close(access=access, period=period)


@router.get(P + "/{pk}/contributions", response=dict[str, Any], summary="Contributions and states")
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


@router.put(
    P + "/{pk}/activities/{activity_id}", response=ContributionOut, summary="Report on an activity"
)
def activity_report_put(request, org: str, pk: int, activity_id: int, payload: ActivityReportIn):
    access, period = _period(request, org, pk)
    activity = selectors.activity_in_period(period=period, pk=activity_id)
    data = payload.dict()
    return services.activity_report_save(
        access=access,
        period=period,
        activity=activity,
        data={k: data[k] for k in ("status", "progress", "comment", "forecast")},
        outcomes=data["outcomes"],
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
    return services.contribution_review(
        access=access, contribution=contribution, action=payload.action, comment=payload.comment
    )


@router.get(P + "/{pk}/assessments", response=dict[str, Any], summary="Statuses and roll-ups")
def assessment_list(request, org: str, pk: int):
    _access, period = _period(request, org, pk)
    data = selectors.period_data(period=period)
    return {
        "focus_areas": data["focus_areas"],
        "indicators": [
            {
                k: i[k]
                for k in (
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
            }
            for i in data["indicators"]
        ],
        "key_figures": data["key_figures"],
    }


@router.put(
    P + "/{pk}/assessments/{indicator_id}", response=dict[str, Any], summary="Override a status"
)
def assessment_override(request, org: str, pk: int, indicator_id: int, payload: OverrideIn):
    access, period = _period(request, org, pk)
    indicator = selectors.indicator_in_period(period=period, pk=indicator_id)
    services.status_override_set(
        access=access,
        period=period,
        indicator=indicator,
        status=payload.status,
        reason=payload.reason,
    )
    return {"indicator": indicator.pk, "status": payload.status or None, "reason": payload.reason}


@router.get(
    P + "/{pk}/self-assessment", response=dict[str, Any] | None, summary="Self-assessment answers"
)
def self_assessment_get(request, org: str, pk: int):
    _access, period = _period(request, org, pk)
    return selectors.period_data(period=period)["self_assessment"]


@router.put(
    P + "/{pk}/self-assessment", response=dict[str, int], summary="Answer the self-assessment"
)
def self_assessment_put(request, org: str, pk: int, payload: list[AnswerIn]):
    access, period = _period(request, org, pk)
    answers = {a.question: (a.answer, a.comment) for a in payload}
    return {"answers": services.self_assessment_save(access=access, period=period, answers=answers)}


@router.get(P + "/{pk}/report", response=dict[str, Any], summary="The annual report as JSON")
def report_get(request, org: str, pk: int):
    """The report structure (cover, sections with tables and chart data) and download links
    for the PDF, DOCX and XLSX files."""
    from malbild.reports import builder

    _access, period = _period(request, org, pk)
    report = builder.build_report(selectors.period_data(period=period))
    files = {
        fmt: request.build_absolute_uri(
            reverse("followup:period-report-file", kwargs={"org": org, "pk": period.pk, "fmt": fmt})
        )
        for fmt in ("pdf", "docx", "xlsx")
    }
    return {**report, "files": files}
