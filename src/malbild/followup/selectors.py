"""Reads of follow-up periods and contributions, scoped to the organisation; and the period's
data (frozen snapshot for a closed period, live otherwise) with amendments applied."""

import datetime
from urllib.parse import quote

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from malbild.accounts.constants import Role
from malbild.accounts.models import Membership
from malbild.actionplan.models import Activity
from malbild.core.access import Access
from malbild.core.todo import TodoItem
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, Goal, Indicator, SteeringDocument

from . import data as period_data_module
from . import realisation, scope
from .constants import ContributionState, PeriodStatus
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
from .scope import coverage, coverage_in, load_forest
from .snapshot import upgrade as upgrade_snapshot


def period_list(*, access: Access, document=None):
    """Periods of the organisation, newest first, with their contribution counts; without
    the frozen snapshot (megabytes a closed period, never shown in a list)."""
    # A correlated count per period (the unique (period, activity) index), not a join and a
    # GROUP BY over every selected column, which grew with the number of contributions.
    submitted = (
        ActivityReport.objects.filter(period_id=OuterRef("pk"), state__in=["submitted", "approved"])
        .order_by()
        .values("period_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = (
        FollowUpPeriod.objects.for_access(access)
        .defer("snapshot")
        .select_related("document")
        .annotate(reports_submitted=Coalesce(Subquery(submitted), 0))
    )
    if document is not None:
        qs = qs.filter(document=document)
    return qs.order_by("-end", "document__title", "id")


def period_get(*, access: Access, pk: int, with_snapshot: bool = True) -> FollowUpPeriod:
    """The period `pk` of the organisation (404 otherwise). `with_snapshot=False` leaves the
    frozen snapshot in the database (loaded when first read) and annotates `has_snapshot`:
    for pages served from the cache (`page_cache`), which never need it once cached."""
    qs = FollowUpPeriod.objects.for_access(access).select_related(
        "document", "organisation", "question_set"
    )
    if not with_snapshot:
        qs = qs.defer("snapshot").annotate(
            has_snapshot=ExpressionWrapper(Q(snapshot__isnull=False), output_field=BooleanField())
        )
    return get_object_or_404(qs, pk=pk)


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
        .prefetch_related("outcomes__budget_line", "realised_benefits__line")
        .first()
    )


def activity_benefit_lines(*, period: FollowUpPeriod, activity) -> list:
    """The benefit lines whose realisation `period` asks of `activity`: those of its benefit
    calculation's chosen alternative, in a yearly period (followup.realisation); else none."""
    if not realisation.asks_for_benefits(period):
        return []
    return realisation.benefit_lines([activity.pk]).get(activity.pk, [])


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


# To-do list (docs/guide/todo.md) -----------------------------------------------------------

# Within one deadline: what was returned for correction first, then drafts, then the rest.
_STATE_RANK = {
    ContributionState.RETURNED: 0,
    ContributionState.DRAFT: 1,
    ContributionState.MISSING: 2,
}


def todo_list(*, access: Access, today: datetime.date) -> list[TodoItem]:
    """What waits for the user in follow-up: for an editor, each activity report and
    indicator value of their bodies still to write or correct in an open period (where the
    reporting rule puts it, followup.scope); for a strategist or administrator, the open
    periods with submitted contributions to review and those past their deadline. A fixed
    number of queries whatever the number of periods, items and contributions."""
    periods = (
        list(
            FollowUpPeriod.objects.for_access(access)
            .select_related("document")
            .defer("snapshot", "analysis")
            .order_by("deadline", "id")
        )
        if (access.editor_body_ids or access.can_edit_documents)
        else []
    )
    open_periods = [p for p in periods if p.status == PeriodStatus.OPEN]
    if not open_periods:
        return []
    items = []
    if access.editor_body_ids:
        items += _todo_contributions(access, periods, open_periods)
    if access.can_edit_documents:
        items += _todo_handling(access, open_periods, today)
    return items


def _context(period) -> str:
    return gettext("Follow-up %(period)s, %(document)s") % {
        "period": period.label,
        "document": period.document.title,
    }


def _todo_contributions(access: Access, periods: list, open_periods: list) -> list[TodoItem]:
    """The contributions the editor's bodies still owe (missing, draft or returned) in the
    open periods (six queries)."""
    org = access.organisation
    documents = SteeringDocument.objects.for_access(access).only("pk", "parent_id", "title")
    tree = load_forest(list(documents))
    tree.with_focus_areas.update(
        FocusArea.objects.for_access(access).values_list("document_id", flat=True).distinct()
    )
    coverages = {p.pk: coverage_in(p, tree, periods) for p in open_periods}
    activity_docs = set().union(*(c.scope.activity_documents for c in coverages.values()))
    indicator_docs = set().union(*(c.scope.indicator_documents for c in coverages.values()))
    bodies = list(access.editor_body_ids)
    activities = list(
        Activity.objects.for_access(access)
        .filter(responsible_body_id__in=bodies, document_id__in=activity_docs)
        .select_related("responsible_body", "benefit_calculation")
        .order_by("number", "title", "id")
    )
    indicators = list(
        Indicator.objects.for_access(access)
        .filter(responsible_body_id__in=bodies, document_id__in=indicator_docs)
        .select_related("responsible_body")
        .order_by("order", "id")
    )
    span_ids = {p.pk for c in coverages.values() for p in c.periods}
    reports = {
        (r["period_id"], r["activity_id"]): r
        for r in ActivityReport.objects.for_org(org)
        .filter(period_id__in=span_ids, activity__in=[a.pk for a in activities])
        .values("period_id", "activity_id", "state", "review_comment")
    }
    values = {
        (v["period_id"], v["indicator_id"]): v
        for v in IndicatorValue.objects.for_org(org)
        .filter(period_id__in=span_ids, indicator__in=[i.pk for i in indicators])
        .values("period_id", "indicator_id", "state", "review_comment")
    }
    items = []
    for period in open_periods:
        cov = coverages[period.pk]
        runs = [
            a
            for a in activities
            if a.document_id in cov.scope.activity_documents
            and (
                (
                    (a.start_year is None or a.start_year <= period.year)
                    and (a.end_year is None or a.end_year >= period.start.year)
                )
                # Followed up for its benefits too (followup.realisation, ADR 0022).
                or (
                    realisation.asks_for_benefits(period)
                    and realisation.in_benefit_horizon(a, period.year)
                )
            )
        ]
        listed = [i for i in indicators if i.document_id in cov.scope.indicator_documents]
        for kind, objects, held in (("activity", runs, reports), ("indicator", listed, values)):
            for obj in objects:
                holders = {pid for pid in span_ids if (pid, obj.pk) in held}
                if cov.reporting_period(kind, obj.document_id, holders).pk != period.pk:
                    continue  # reported in another period of the span
                row = held.get((period.pk, obj.pk))
                state = row["state"] if row else ContributionState.MISSING
                if state not in _STATE_RANK:
                    continue
                items.append(_contribution_item(access, period, kind, obj, state, row))
    return items


def _contribution_item(access, period, kind, obj, state, row) -> TodoItem:
    returned = state == ContributionState.RETURNED
    if kind == "activity":
        label = (
            gettext("Activity report to correct")
            if returned
            else gettext("Activity report to write")
        )
        title = f"{obj.number} {obj.title}".strip()
        url_name = "followup:activity-report"
    else:
        label = (
            gettext("Indicator value to correct")
            if returned
            else gettext("Indicator value to report")
        )
        title = obj.name
        url_name = "followup:indicator-value"
    if returned and row["review_comment"]:
        status = gettext("Returned for correction: %(comment)s") % {
            "comment": row["review_comment"]
        }
    else:
        status = {
            ContributionState.RETURNED: gettext("Returned for correction"),
            ContributionState.DRAFT: gettext("Draft, not submitted"),
            ContributionState.MISSING: gettext("Not reported yet"),
        }[state]
    return TodoItem(
        kind=f"followup.{kind}",
        kind_label=label,
        title=title,
        body=obj.responsible_body.name if obj.responsible_body_id else "",
        context=_context(period),
        deadline=period.deadline,
        status=status,
        url=reverse(
            url_name,
            kwargs={"org": access.organisation.slug, "pk": period.pk, "item": obj.pk},
        ),
        rank=_STATE_RANK[state],
    )


def _todo_handling(access: Access, open_periods: list, today: datetime.date) -> list[TodoItem]:
    """For strategists: open periods with submitted contributions awaiting review, and open
    periods past their deadline (two queries)."""
    ids = [p.pk for p in open_periods]
    submitted: dict[int, int] = {}
    for model in (ActivityReport, IndicatorValue):
        for row in (
            model.objects.for_access(access)
            .filter(period_id__in=ids, state=ContributionState.SUBMITTED)
            .values("period_id")
            .annotate(n=Count("id"))
            .order_by()
        ):
            submitted[row["period_id"]] = submitted.get(row["period_id"], 0) + row["n"]
    slug = access.organisation.slug
    items = []
    for period in open_periods:
        detail = reverse("followup:period-detail", kwargs={"org": slug, "pk": period.pk})
        if submitted.get(period.pk):
            n = submitted[period.pk]
            items.append(
                TodoItem(
                    kind="followup.review",
                    kind_label=gettext("Contributions to review"),
                    title=period.label,
                    body="",
                    context=_context(period),
                    deadline=period.deadline,
                    status=ngettext(
                        "%(n)d contribution submitted, awaiting approval",
                        "%(n)d contributions submitted, awaiting approval",
                        n,
                    )
                    % {"n": n},
                    url=detail,
                    rank=1,
                )
            )
        if period.deadline < today:
            items.append(
                TodoItem(
                    kind="followup.period_overdue",
                    kind_label=gettext("Follow-up period past its deadline"),
                    title=period.label,
                    body="",
                    context=_context(period),
                    deadline=period.deadline,
                    status=gettext(
                        "Still open: remind the bodies that have not reported, or close the period"
                    ),
                    url=reverse("followup:period-reminders", kwargs={"org": slug, "pk": period.pk}),
                    rank=0,
                )
            )
    return items
