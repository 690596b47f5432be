"""Reads of follow-up periods and contributions, scoped to the organisation; and the period's
data (frozen snapshot for a closed period, live otherwise) with amendments applied."""

from urllib.parse import quote

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from malbild.accounts.constants import Role
from malbild.accounts.models import Membership
from malbild.core.access import Access
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, Goal

from . import data as period_data_module
from . import scope
from .models import (
    ActivityReport,
    Amendment,
    FollowUpPeriod,
    IndicatorValue,
    Question,
    QuestionSection,
    QuestionSet,
    StatusOverride,
)
from .scope import coverage
from .snapshot import upgrade as upgrade_snapshot


def period_list(*, access: Access, document=None):
    """Periods of the organisation, newest first, with their contribution counts; without
    the frozen snapshot (megabytes a closed period, never shown in a list)."""
    qs = (
        FollowUpPeriod.objects.for_access(access)
        .defer("snapshot")
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
        FollowUpPeriod.objects.for_access(access).select_related(
            "document", "organisation", "question_set"
        ),
        pk=pk,
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
        return upgrade_snapshot(period.snapshot)
    return period_data_module.collect(period)


def period_data(
    *, period: FollowUpPeriod, document_id: int | None = None, raw: dict | None = None
) -> dict | None:
    """Everything shown about the period: statuses, roll-ups, budget, self-assessment. With
    `document_id`, only that one of the documents the period follows up (None when it does
    not follow it up). `raw` is `period_raw(period=period)` when the caller has it."""
    raw = raw if raw is not None else period_raw(period=period)
    if document_id is not None and document_id != raw["document"]["id"]:
        raw = period_data_module.restrict(raw, document_id)
        if raw is None:
            return None
    data = period_data_module.assess(raw, amendment_list(period=period))
    data["period"]["status"] = period.status
    data["period"]["closed_at"] = period.closed_at.isoformat() if period.closed_at else None
    return data


def activity_report_get(*, period: FollowUpPeriod, activity_id: int) -> ActivityReport | None:
    return (
        ActivityReport.objects.filter(period=period, activity_id=activity_id)
        .prefetch_related("outcomes__budget_line")
        .first()
    )


def activity_in_period(*, period: FollowUpPeriod, pk: int):
    """An activity the period follows up (of its document, or of one below it when the period
    includes descendants), with its budget lines; else 404."""
    docs = coverage(period).scope.activity_documents
    return get_object_or_404(
        period_data_module.period_activities(period, documents=docs).prefetch_related(
            "budget_lines"
        ),
        pk=pk,
    )


def indicator_in_period(*, period: FollowUpPeriod, pk: int):
    """An indicator the period follows up (also those of the document its focus areas come
    from), with its targets; else 404."""
    docs = coverage(period).scope.indicator_documents
    return get_object_or_404(
        period_data_module.period_indicators(period, documents=docs).prefetch_related("targets"),
        pk=pk,
    )


def reporting_period(*, period: FollowUpPeriod, kind: str, item) -> FollowUpPeriod | None:
    """The period of `period`'s span that `item` is reported in (followup.scope's rule)."""
    return scope.reporting_period(period, kind, item)


def indicator_value_get(*, period: FollowUpPeriod, indicator_id: int) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(period=period, indicator_id=indicator_id).first()


def override_get(
    *,
    period: FollowUpPeriod,
    indicator_id: int | None = None,
    goal_id: int | None = None,
    focus_area_id: int | None = None,
) -> StatusOverride | None:
    """The override of one indicator, goal or focus area in an open period."""
    if indicator_id is not None:
        key = {"indicator_id": indicator_id}
    elif goal_id is not None:
        key = {"goal_id": goal_id}
    else:
        key = {"focus_area_id": focus_area_id}
    return StatusOverride.objects.filter(period=period, **key).first()


def focus_area_in_period(*, period: FollowUpPeriod, pk: int):
    """A focus area followed up in the period (of a document it follows up, or inherited from
    the nearest ancestor with focus areas), else 404."""

    docs = coverage(period).scope.focus_area_documents
    return get_object_or_404(FocusArea, pk=pk, document_id__in=list(docs))


def goal_in_period(*, period: FollowUpPeriod, pk: int):
    """A goal of a focus area followed up in the period, else 404."""

    docs = coverage(period).scope.focus_area_documents
    return get_object_or_404(
        Goal.objects.select_related("focus_area"), pk=pk, focus_area__document_id__in=list(docs)
    )


PENDING_STATES = ("missing", "draft", "returned")


def reminders(*, period: FollowUpPeriod, data: dict, period_url: str) -> list[dict]:
    """Per body with contributions still missing, in draft or returned: the body's editors
    (users with the editor role for it) and a ready e-mail text listing what is missing, with
    a `mailto:` link. Nothing is sent by the server. Two queries besides `data`."""
    from django.utils.translation import gettext as _

    pending: dict[int | None, list[dict]] = {}
    for x in data["activities"] + data["indicators"]:
        # An item reported in another period of the span is reminded of there, not here.
        if x["state"] in PENDING_STATES and not x.get("reported_in"):
            pending.setdefault(x["responsible_body_id"], []).append(x)
    body_ids = [b for b in pending if b is not None]
    bodies = {b.pk: b for b in Body.objects.for_org(period.organisation_id).filter(pk__in=body_ids)}
    editors: dict[int, list] = {}
    rows = (
        Membership.bodies.through.objects.filter(
            membership__organisation_id=period.organisation_id,
            membership__role=Role.EDITOR,
            membership__user__is_active=True,
            body_id__in=body_ids,
        )
        .select_related("membership__user")
        .order_by("membership__user__username", "id")
    )
    for row in rows:
        editors.setdefault(row.body_id, []).append(row.membership.user)
    state_label = {
        "missing": _("missing"),
        "draft": _("draft, not submitted"),
        "returned": _("returned for correction"),
    }
    result = []
    for body_id in sorted(
        pending, key=lambda b: (b is None, bodies[b].name if b in bodies else "", b or 0)
    ):
        items = pending[body_id]
        body = bodies.get(body_id)
        name = body.name if body else _("No body")
        lines = []
        for x in items:
            label = f"{x['number']} {x['title']}".strip() if "title" in x else x["name"]
            kind = _("Activity") if "title" in x else _("Indicator")
            line = f"- {kind}: {label} ({state_label[x['state']]})"
            if x["state"] == "returned" and x.get("review_comment"):
                line += "\n  " + _("Comment from the review: %(c)s") % {"c": x["review_comment"]}
            lines.append(line)
        subject = _("Follow-up %(period)s: contributions still to report for %(body)s") % {
            "period": period.label,
            "body": name,
        }
        body_text = "\n".join(
            [
                _("Hello,"),
                "",
                _(
                    "The follow-up %(period)s of “%(document)s” is waiting for these "
                    "contributions from %(body)s. The deadline is %(deadline)s."
                )
                % {
                    "period": period.label,
                    "document": period.document.title,
                    "body": name,
                    "deadline": period.deadline.isoformat(),
                },
                "",
                *lines,
                "",
                _("Report them here: %(url)s") % {"url": period_url},
                "",
                _("Thank you!"),
            ]
        )
        people = editors.get(body_id, [])
        addresses = [u.email for u in people if u.email]
        mailto = "mailto:" + quote(",".join(addresses), safe="@,")
        # RFC 6068: line breaks in the body are CRLF.
        crlf_body = body_text.replace("\n", "\r\n")
        mailto += f"?subject={quote(subject, safe='')}&body={quote(crlf_body, safe='')}"
        result.append(
            {
                "body_id": body_id,
                "body": name,
                "items": items,
                "editors": people,
                "addresses": addresses,
                "subject": subject,
                "text": body_text,
                "mailto": mailto,
            }
        )
    return result


def question_set_list(*, access: Access):
    return QuestionSet.objects.for_access(access).order_by("name", "id")


def question_set_get(*, access: Access, pk: int) -> QuestionSet:
    return get_object_or_404(QuestionSet.objects.for_access(access), pk=pk)


def section_list(*, question_set: QuestionSet):
    """The sections of a self-assessment in order, each with its questions in order and how
    many answers each question has (a question with answers cannot be removed)."""
    return (
        QuestionSection.objects.filter(question_set=question_set)
        .order_by("order", "id")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.annotate(answer_count=Count("answers")).order_by(
                    "order", "id"
                ),
            )
        )
    )


def section_get(*, access: Access, pk: int) -> QuestionSection:
    return get_object_or_404(
        QuestionSection.objects.for_access(access).select_related("question_set"),
        pk=pk,
    )


def question_list(*, question_set: QuestionSet):
    return (
        Question.objects.filter(section__question_set=question_set)
        .select_related("section")
        .order_by("section__order", "section_id", "order", "id")
    )


def question_get(*, access: Access, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.for_access(access).select_related("section__question_set"),
        pk=pk,
    )
