"""API of cases (ärenden) and their events: motions, assignments, proposals for a decision
and the decisions taken in the case (read: any role; write: strategists and admins, checked
by cases/services.py).

Cases are addressed by their uid or, as an alias, their integer id; events by id. Answers with
one object carry `lock_version` and its ETag; PATCH, DELETE and the transition take `If-Match`
(stale → 409 with the current object, docs/adr/0007-optimistic-locking.md). A case's detail
has its timeline: every event in date order.
"""

import datetime as dt
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, PatchDict, Path, Query, Router, Schema

from malbild.api.utils import (
    InputSchema,
    M2MField,
    Pagination,
    created,
    deleted,
    ids,
    if_match,
    may_edit_documents,
    org_access,
    paginate,
    representation,
    resolve_relations,
)
from malbild.core.access import Access
from malbild.organisation.models import Body
from malbild.strategy.models import Decision, SteeringDocument

from . import selectors, services
from .models import Assignment, Case, CaseDecision, Motion, Proposal
from .workflow import case_next_statuses

router = Router()

P = "/organisations/{org}"
OUTCOMES = "approved, partly_approved, rejected, answered, referred_back, tabled, noted or other"


def _case_ref():
    return Path(..., description="The uid or, as an alias, the integer id of the case")


# Schemas -------------------------------------------------------------------------------------


class CaseIn(InputSchema):
    registry_number: str = Field(..., description="Registry number (Dnr), unique")
    title: str
    description: str = ""
    responsible_body: int | None = Field(None, description="Id of the responsible body")
    documents: list[int] = Field([], description="Ids of the steering documents it led to")


class CasePatch(CaseIn):
    documents: M2MField = Field([], description="Ids of documents, or {add, remove}")


class CaseOut(Schema):
    id: int
    uid: UUID
    lock_version: int = Field(..., description="Edit version (the ETag; send it as If-Match)")
    registry_number: str
    title: str
    description: str
    status: str = Field(..., description="open, decided or closed")
    status_display: str
    next_statuses: list[str]
    responsible_body: int | None
    documents: list[int]

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_next_statuses(obj) -> list[str]:
        return case_next_statuses(obj.status)

    @staticmethod
    def resolve_responsible_body(obj) -> int | None:
        return obj.responsible_body_id

    @staticmethod
    def resolve_documents(obj) -> list[int]:
        return ids(obj.documents)


class CaseMotionIn(InputSchema):
    title: str
    author: str = Field(..., description="Who submitted it (name)")
    party: str = Field("", description="Party, e.g. M")
    date: dt.date
    request: str = Field(..., description="What the motion asks for (yrkande)")
    text: str = ""


class CaseMotionOut(Schema):
    id: int
    lock_version: int
    case: int
    title: str
    author: str
    party: str
    date: dt.date
    request: str
    text: str

    @staticmethod
    def resolve_case(obj) -> int:
        return obj.case_id


class CaseAssignmentIn(InputSchema):
    date: dt.date = Field(..., description="When it was given")
    decision: int | None = Field(None, description="Id of the decision that gave it")
    assigned_to: int = Field(..., description="Id of the body it is given to")
    description: str = Field(..., description="What is to be done")
    due_date: dt.date | None = None
    status: str = Field("given", description="given, ongoing, reported or withdrawn")
    reported_on: dt.date | None = Field(None, description="When it was reported back")
    report: str = ""


class CaseAssignmentOut(Schema):
    id: int
    lock_version: int
    case: int
    date: dt.date
    decision: int | None
    assigned_to: int
    description: str
    due_date: dt.date | None
    status: str
    status_display: str
    reported_on: dt.date | None
    report: str

    @staticmethod
    def resolve_case(obj) -> int:
        return obj.case_id

    @staticmethod
    def resolve_decision(obj) -> int | None:
        return obj.decision_id

    @staticmethod
    def resolve_assigned_to(obj) -> int:
        return obj.assigned_to_id

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


class CaseProposalIn(InputSchema):
    date: dt.date
    from_body: int = Field(..., description="Id of the proposing body")
    to_body: int = Field(..., description="Id of the body it proposes to")
    paragraph: str = Field("", description="Minute paragraph, e.g. § 332")
    proposed_outcome: str = Field(..., description=OUTCOMES)
    text: str = Field(..., description="The proposal (att-satser)")


class CaseProposalOut(Schema):
    id: int
    lock_version: int
    case: int
    date: dt.date
    from_body: int
    to_body: int
    paragraph: str
    proposed_outcome: str
    proposed_outcome_display: str
    text: str

    @staticmethod
    def resolve_case(obj) -> int:
        return obj.case_id

    @staticmethod
    def resolve_from_body(obj) -> int:
        return obj.from_body_id

    @staticmethod
    def resolve_to_body(obj) -> int:
        return obj.to_body_id

    @staticmethod
    def resolve_proposed_outcome_display(obj) -> str:
        return str(obj.get_proposed_outcome_display())


class CaseDecisionIn(InputSchema):
    decision: int = Field(..., description="Id of a recorded decision (POST /decisions)")
    outcome: str = Field(..., description=OUTCOMES)


class CaseDecisionPatch(InputSchema):
    outcome: str = Field(..., description=OUTCOMES)


class CaseDecisionOut(Schema):
    id: int
    lock_version: int
    case: int
    decision: int
    decision_reference: str = Field(..., description="Body, date and §")
    decision_title: str
    date: dt.date
    document: int | None = Field(..., description="Id of the document the decision concerns")
    outcome: str
    outcome_display: str

    @staticmethod
    def resolve_case(obj) -> int:
        return obj.case_id

    @staticmethod
    def resolve_decision(obj) -> int:
        return obj.decision_id

    @staticmethod
    def resolve_decision_reference(obj) -> str:
        return obj.decision.reference

    @staticmethod
    def resolve_decision_title(obj) -> str:
        return obj.decision.title

    @staticmethod
    def resolve_date(obj) -> dt.date:
        return obj.decision.date

    @staticmethod
    def resolve_document(obj) -> int | None:
        return obj.decision.document_id

    @staticmethod
    def resolve_outcome_display(obj) -> str:
        return str(obj.get_outcome_display())


class CaseTimelineEntryOut(Schema):
    date: dt.date
    kind: str = Field(
        ..., description="motion, assignment, assignment_reported, proposal or decision"
    )
    kind_display: str
    id: int = Field(..., description="Id of the motion, assignment, proposal or case decision")


@representation(Case)
class CaseDetailOut(CaseOut):
    motions: list[CaseMotionOut]
    assignments: list[CaseAssignmentOut]
    proposals: list[CaseProposalOut]
    decisions: list[CaseDecisionOut]
    timeline: list[CaseTimelineEntryOut]

    @staticmethod
    def resolve_motions(obj) -> list:
        return list(obj.motions.all())

    @staticmethod
    def resolve_assignments(obj) -> list:
        return list(obj.assignments.all())

    @staticmethod
    def resolve_proposals(obj) -> list:
        return list(obj.proposals.all())

    @staticmethod
    def resolve_decisions(obj) -> list:
        return list(obj.case_decisions.all())

    @staticmethod
    def resolve_timeline(obj) -> list[dict]:
        return [
            {"date": e.date, "kind": str(e.kind), "kind_display": e.kind_label, "id": e.obj.pk}
            for e in selectors.case_timeline(obj)
        ]


class CaseTransitionIn(InputSchema):
    status: str = Field(..., description="The new status")
    message: str = Field("", description="Why (kept in the history)")


class CaseFilters(InputSchema):
    status: str | None = Field(None, description="open, decided or closed")
    q: str | None = Field(None, description="Text in the registry number or title")
    document: int | None = Field(None, description="Only cases linked to this document")


for schema, model in (
    (CaseMotionOut, Motion),
    (CaseAssignmentOut, Assignment),
    (CaseProposalOut, Proposal),
    (CaseDecisionOut, CaseDecision),
):
    representation(model)(schema)


# Cases ----------------------------------------------------------------------------------------


def _case_relations(access: Access) -> tuple[dict, dict]:
    return (
        {"responsible_body": Body.objects.for_access(access)},
        {"documents": SteeringDocument.objects.for_access(access)},
    )


def _detail(access: Access, ref) -> Case:
    return selectors.case_detail(access=access, ref=ref)


@router.get(P + "/cases", response=list[CaseOut], summary="List cases")
@paginate(Pagination)
def case_list(request, org: str, filters: Query[CaseFilters]):
    access = org_access(request, org)
    qs = selectors.case_list(access=access, status=filters.status, q=filters.q)
    if filters.document:
        qs = qs.filter(documents=filters.document)
    return qs


@router.post(P + "/cases", response={201: CaseDetailOut}, summary="Open a case (strategist)")
def case_create(request, org: str, payload: CaseIn):
    access = org_access(request, org)
    one, many = _case_relations(access)
    data, m2m = resolve_relations(
        payload.dict(), access=access, need=may_edit_documents, one=one, many=many
    )
    case = services.case_create(access=access, data={**data, **m2m})
    return created(_detail(access, case.pk))


@router.get(
    P + "/cases/{case_id}",
    response=CaseDetailOut,
    summary="Get a case with its events and timeline",
)
def case_get(request, org: str, case_id: str = _case_ref()):
    return _detail(org_access(request, org), case_id)


@router.patch(P + "/cases/{case_id}", response=CaseDetailOut, summary="Change a case (strategist)")
def case_update(request, org: str, payload: PatchDict[CasePatch], case_id: str = _case_ref()):
    access = org_access(request, org)
    case = selectors.case_get(access=access, ref=case_id)
    one, many = _case_relations(access)
    data, m2m = resolve_relations(
        payload, access=access, need=may_edit_documents, one=one, many=many
    )
    with if_match(request, case):
        services.case_update(access=access, case=case, data={**data, **m2m})
    return _detail(access, case.pk)


@router.delete(
    P + "/cases/{case_id}",
    response={204: None},
    summary="Delete a case with its events (strategist)",
    description="The decisions in it stay in the register of decisions.",
)
def case_delete(request, org: str, case_id: str = _case_ref()):
    access = org_access(request, org)
    case = selectors.case_get(access=access, ref=case_id)
    with if_match(request, case):
        return deleted(services.case_delete, access=access, case=case)


@router.post(
    P + "/cases/{case_id}/transition",
    response=CaseDetailOut,
    summary="Change a case's status (strategist)",
    description="open → decided → closed, and back to open; a disallowed change is a 422 on "
    "`status`.",
)
def case_transition(request, org: str, payload: CaseTransitionIn, case_id: str = _case_ref()):
    access = org_access(request, org)
    case = selectors.case_get(access=access, ref=case_id)
    with if_match(request, case):
        services.case_transition(
            access=access, case=case, status=payload.status, message=payload.message
        )
    return _detail(access, case.pk)


# Motions, assignments, proposals -----------------------------------------------------------------


def _body_relations(access: Access, *names: str) -> dict:
    return dict.fromkeys(names, Body.objects.for_access(access))


EVENT_RELATIONS = {
    Motion: lambda access: {},
    Assignment: lambda access: {
        **_body_relations(access, "assigned_to"),
        "decision": Decision.objects.for_access(access),
    },
    Proposal: lambda access: _body_relations(access, "from_body", "to_body"),
}


def _event_endpoints(model, plural: str, what: str, schema_in, schema_out, create) -> None:
    """List, add (under a case), get, change and delete of one kind of event."""

    def event_list(request, org: str, case_id: str = _case_ref()):
        access = org_access(request, org)
        case = selectors.case_get(access=access, ref=case_id)
        return selectors.event_list(access=access, model=model, case=case)

    def event_create(request, org: str, payload: schema_in, case_id: str = _case_ref()):
        access = org_access(request, org)
        case = selectors.case_get(access=access, ref=case_id)
        data, _m2m = resolve_relations(
            payload.dict(),
            access=access,
            need=may_edit_documents,
            one=EVENT_RELATIONS[model](access),
        )
        obj = create(access=access, case=case, data=data)
        return created(selectors.event_get(access=access, model=model, pk=obj.pk))

    def event_get(request, org: str, item_id: int):
        return selectors.event_get(access=org_access(request, org), model=model, pk=item_id)

    def event_update(request, org: str, item_id: int, payload: PatchDict[schema_in]):
        access = org_access(request, org)
        obj = selectors.event_get(access=access, model=model, pk=item_id)
        data, _m2m = resolve_relations(
            payload, access=access, need=may_edit_documents, one=EVENT_RELATIONS[model](access)
        )
        with if_match(request, obj):
            services.event_update(access=access, event=obj, data=data)
        return selectors.event_get(access=access, model=model, pk=item_id)

    def event_delete(request, org: str, item_id: int):
        access = org_access(request, org)
        obj = selectors.event_get(access=access, model=model, pk=item_id)
        with if_match(request, obj):
            return deleted(services.event_delete, access=access, event=obj)

    name = model._meta.model_name
    for func, verb in (
        (event_list, "list"),
        (event_create, "create"),
        (event_get, "get"),
        (event_update, "update"),
        (event_delete, "delete"),
    ):
        func.__name__ = func.__qualname__ = f"{name}_{verb}"
    router.get(
        P + f"/cases/{{case_id}}/{plural}",
        response=list[schema_out],
        summary=f"List the {what}s of a case",
    )(paginate(Pagination)(event_list))
    router.post(
        P + f"/cases/{{case_id}}/{plural}",
        response={201: schema_out},
        summary=f"Add a {what} to a case (strategist)",
    )(event_create)
    router.get(P + f"/{plural}/{{item_id}}", response=schema_out, summary=f"Get a {what}")(
        event_get
    )
    router.patch(
        P + f"/{plural}/{{item_id}}", response=schema_out, summary=f"Change a {what} (strategist)"
    )(event_update)
    router.delete(
        P + f"/{plural}/{{item_id}}", response={204: None}, summary=f"Delete a {what} (strategist)"
    )(event_delete)


_event_endpoints(Motion, "motions", "motion", CaseMotionIn, CaseMotionOut, services.motion_create)
_event_endpoints(
    Assignment,
    "assignments",
    "assignment",
    CaseAssignmentIn,
    CaseAssignmentOut,
    services.assignment_create,
)
_event_endpoints(
    Proposal,
    "proposals",
    "proposal for a decision",
    CaseProposalIn,
    CaseProposalOut,
    services.proposal_create,
)


# Decisions in a case ------------------------------------------------------------------------------


@router.get(
    P + "/cases/{case_id}/decisions",
    response=list[CaseDecisionOut],
    summary="List the decisions of a case with their outcome",
)
@paginate(Pagination)
def case_decision_list(request, org: str, case_id: str = _case_ref()):
    access = org_access(request, org)
    case = selectors.case_get(access=access, ref=case_id)
    return selectors.event_list(access=access, model=CaseDecision, case=case)


@router.post(
    P + "/cases/{case_id}/decisions",
    response={201: CaseDecisionOut},
    summary="Add a recorded decision to a case, with its outcome (strategist)",
    description="Record the decision first (POST /decisions); the document it concerns joins "
    "the case's documents. A decision belongs to one case at most (422 on `decision`).",
)
def case_decision_create(request, org: str, payload: CaseDecisionIn, case_id: str = _case_ref()):
    access = org_access(request, org)
    case = selectors.case_get(access=access, ref=case_id)
    data, _m2m = resolve_relations(
        payload.dict(),
        access=access,
        need=may_edit_documents,
        one={"decision": Decision.objects.for_access(access)},
    )
    link = services.case_decision_add(
        access=access, case=case, decision=data["decision"], outcome=data["outcome"]
    )
    return created(selectors.event_get(access=access, model=CaseDecision, pk=link.pk))


@router.get(
    P + "/case-decisions/{item_id}", response=CaseDecisionOut, summary="Get a decision in a case"
)
def case_decision_get(request, org: str, item_id: int):
    return selectors.event_get(access=org_access(request, org), model=CaseDecision, pk=item_id)


@router.patch(
    P + "/case-decisions/{item_id}",
    response=CaseDecisionOut,
    summary="Change the outcome of a decision in a case (strategist)",
)
def case_decision_update(request, org: str, item_id: int, payload: CaseDecisionPatch):
    access = org_access(request, org)
    link = selectors.event_get(access=access, model=CaseDecision, pk=item_id)
    resolve_relations({}, access=access, need=may_edit_documents)
    with if_match(request, link):
        services.case_decision_update(access=access, link=link, data=payload.dict())
    return get_object_or_404(selectors.event_list(access=access, model=CaseDecision), pk=item_id)


@router.delete(
    P + "/case-decisions/{item_id}",
    response={204: None},
    summary="Take a decision out of a case (strategist)",
    description="The decision stays in the register of decisions.",
)
def case_decision_delete(request, org: str, item_id: int):
    access = org_access(request, org)
    link = selectors.event_get(access=access, model=CaseDecision, pk=item_id)
    with if_match(request, link):
        return deleted(services.case_decision_remove, access=access, link=link)
