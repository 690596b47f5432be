"""Reads of cases, scoped to one organisation and prefetched: the list and the detail page
(with its timeline) run a fixed number of queries whatever the number of cases and events."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from malbild.core.access import Access
from malbild.core.models import AuditEntry
from malbild.core.todo import TodoItem
from malbild.strategy.models import Decision, SteeringDocument

from .constants import AssignmentStatus, CaseStatus, EventKind
from .models import Assignment, Case, CaseDecision, Motion, Proposal


def case_list(*, access: Access, status: str | None = None, q: str | None = None):
    """The organisation's cases with their responsible body and documents, newest first."""
    qs = (
        Case.objects.for_access(access)
        .select_related("responsible_body")
        .prefetch_related(
            Prefetch("documents", queryset=SteeringDocument.objects.order_by("title", "pk"))
        )
    )
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(registry_number__icontains=q))
    return qs.order_by("-created_at", "-id")


def _detail_prefetches() -> list:
    decisions = CaseDecision.objects.select_related("decision__body", "decision__document")
    return [
        Prefetch("documents", queryset=SteeringDocument.objects.order_by("title", "pk")),
        Prefetch("motions", queryset=Motion.objects.order_by("date", "id")),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("assigned_to", "decision__body").order_by(
                "date", "id"
            ),
        ),
        Prefetch(
            "proposals",
            queryset=Proposal.objects.select_related("from_body", "to_body").order_by("date", "id"),
        ),
        Prefetch("case_decisions", queryset=decisions.order_by("decision__date", "id")),
    ]


def case_get(*, access: Access, ref) -> Case:
    """One case by its public reference (uid, or the integer id), or 404."""
    return get_object_or_404(
        Case.objects.for_access(access).select_related("responsible_body").by_ref(ref)
    )


def case_detail(*, access: Access, ref) -> Case:
    """One case with everything in it prefetched, or 404."""
    return get_object_or_404(
        Case.objects.for_access(access)
        .select_related("responsible_body")
        .prefetch_related(*_detail_prefetches())
        .by_ref(ref)
    )


def event_get(*, access: Access, model, pk) -> Any:
    """A motion, assignment, proposal or decision link of the organisation by id, or 404."""
    related = {
        Motion: ["case"],
        Assignment: ["case", "assigned_to", "decision__body"],
        Proposal: ["case", "from_body", "to_body"],
        CaseDecision: ["case", "decision__body", "decision__document"],
    }[model]
    return get_object_or_404(model.objects.for_access(access).select_related(*related), pk=pk)


def event_list(*, access: Access, model, case: Case | None = None):
    """Motions, assignments, proposals or decision links of the organisation (of one case)."""
    related = {
        Motion: [],
        Assignment: ["assigned_to", "decision__body"],
        Proposal: ["from_body", "to_body"],
        CaseDecision: ["decision__body", "decision__document"],
    }[model]
    qs = model.objects.for_access(access)
    if related:
        qs = qs.select_related(*related)
    if case is not None:
        qs = qs.filter(case=case)
    order = ["decision__date", "id"] if model is CaseDecision else ["date", "id"]
    return qs.order_by(*order)


def decision_choices(*, access: Access, case: Case | None = None):
    """Recorded decisions that may be added to a case: not in another case."""
    qs = Decision.objects.for_access(access).select_related("body")
    taken = CaseDecision.objects.for_access(access)
    if case is not None:
        taken = taken.exclude(case=case)
    return qs.exclude(pk__in=taken.values("decision_id")).order_by("-date", "-id")


@dataclass
class TimelineEntry:
    """One dated entry of a case's timeline."""

    date: date
    kind: str
    kind_label: str
    obj: Any
    order: int


_KIND_ORDER = {
    EventKind.MOTION: 0,
    EventKind.ASSIGNMENT: 1,
    EventKind.ASSIGNMENT_REPORTED: 2,
    EventKind.PROPOSAL: 3,
    EventKind.DECISION: 4,
}


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every event of a (prefetched, `case_detail`) case in date order: motions, assignments
    given, assignments reported back, proposals and decisions; on one day in that order."""
    labels = dict(EventKind.choices)
    rows: list[tuple[date, str, Any]] = []
    rows += [(m.date, EventKind.MOTION, m) for m in case.motions.all()]
    for a in case.assignments.all():
        rows.append((a.date, EventKind.ASSIGNMENT, a))
        if a.reported_on:
            rows.append((a.reported_on, EventKind.ASSIGNMENT_REPORTED, a))
    rows += [(p.date, EventKind.PROPOSAL, p) for p in case.proposals.all()]
    rows += [(d.decision.date, EventKind.DECISION, d) for d in case.case_decisions.all()]
    rows.sort(key=lambda r: (r[0], _KIND_ORDER[r[1]], r[2].pk))
    return [
        TimelineEntry(date=d, kind=k, kind_label=str(labels[k]), obj=o, order=n)
        for n, (d, k, o) in enumerate(rows)
    ]


def case_history(*, case: Case, limit: int = 100):
    """Audit entries about the case and the events now in it (a prefetched case), newest
    first."""
    q = Q(model="cases.case", object_id=str(case.pk))
    for name, model in (
        ("motions", "cases.motion"),
        ("assignments", "cases.assignment"),
        ("proposals", "cases.proposal"),
        ("case_decisions", "cases.casedecision"),
    ):
        pks = [str(o.pk) for o in getattr(case, name).all()]
        if pks:
            q |= Q(model=model, object_id__in=pks)
    return AuditEntry.objects.filter(q).select_related("actor")[:limit]


def todo_list(*, access: Access, today: date) -> list[TodoItem]:
    """The cases part of the to-do list (docs/guide/todo.md): assignments past their due date
    (`_todo_assignments`) and decisions to register (`_todo_decisions`). At most three
    queries whatever the number of cases."""
    return _todo_assignments(access, today) + _todo_decisions(access)


def _todo_assignments(access: Access, today: date) -> list[TodoItem]:
    """Assignments of open cases that are past their due date and neither reported back nor
    withdrawn: for those who keep the cases (strategists and administrators) every one,
    linked to the assignment's form where its report is recorded; for an editor those given
    to their bodies, linked to the case (the report is made to the body that gave it). One
    query."""
    if access.can_edit_documents:
        scope = Q()
    elif access.editor_body_ids:
        scope = Q(assigned_to_id__in=access.editor_body_ids)
    else:
        return []
    assignments = (
        Assignment.objects.for_access(access)
        .filter(
            scope,
            case__status=CaseStatus.OPEN,
            due_date__lt=today,
            status__in=[AssignmentStatus.GIVEN, AssignmentStatus.ONGOING],
        )
        .select_related("case", "assigned_to")
        .order_by("due_date", "case_id", "id")
    )
    org = access.organisation.slug
    items = []
    for a in assignments:
        if access.can_edit_documents:
            url = reverse("cases:assignment-update", kwargs={"org": org, "pk": a.pk})
        else:
            url = reverse("cases:case-detail", kwargs={"org": org, "pk": a.case.uid})
        items.append(
            TodoItem(
                kind="cases.assignment",
                kind_label=gettext("Assignment to report back"),
                title=a.case.title,
                body=a.assigned_to.name,
                context=a.case.registry_number,
                deadline=a.due_date,
                status=gettext("%(status)s, not reported back: %(description)s")
                % {
                    "status": a.get_status_display(),
                    "description": Truncator(a.description).chars(120),
                },
                url=url,
            )
        )
    return items


def _todo_decisions(access: Access) -> list[TodoItem]:
    """Decisions to register, for those who keep the cases (strategists and administrators):
    in an open case, a proposal for a decision to a body that has not yet decided on it — no
    decision of that body dated on or after the proposal is recorded in the case. Two
    queries whatever the number of cases."""
    if not access.can_edit_documents:
        return []
    proposals = list(
        Proposal.objects.for_access(access)
        .filter(case__status=CaseStatus.OPEN)
        .select_related("case", "from_body", "to_body")
        .order_by("case_id", "date", "id")
    )
    if not proposals:
        return []
    decided: dict[int, list] = {}
    for case_id, body_id, day in (
        CaseDecision.objects.for_access(access)
        .filter(case_id__in={p.case_id for p in proposals})
        .values_list("case_id", "decision__body_id", "decision__date")
    ):
        decided.setdefault(case_id, []).append((body_id, day))
    items = []
    for p in proposals:
        if any(b == p.to_body_id and d >= p.date for b, d in decided.get(p.case_id, [])):
            continue
        items.append(
            TodoItem(
                kind="cases.decision",
                kind_label=gettext("Decision to register"),
                title=p.case.title,
                body=p.to_body.name,
                context=p.case.registry_number,
                deadline=None,
                status=gettext("Proposal of %(body)s, %(date)s: the decision is not recorded")
                % {"body": p.from_body.name, "date": p.date.isoformat()},
                url=reverse(
                    "cases:case-decision-create",
                    kwargs={"org": access.organisation.slug, "case": p.case.uid},
                ),
            )
        )
    return items
