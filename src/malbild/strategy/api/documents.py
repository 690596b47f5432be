"""API of steering documents: list, create, get (with sections and overall goals), change,
delete and the lifecycle transition.
"""

from uuid import UUID

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, PatchDict, Query, Schema

from malbild.api.utils import (
    InputSchema,
    Pagination,
    created,
    deleted,
    if_match,
    may_edit_documents,
    org_access,
    paginate,
    representation,
    resolve_relations,
)
from malbild.core.access import Access
from malbild.organisation.models import Body

from .. import selectors, services
from ..constants import DocumentStatus
from ..models import OverallGoal, Section, SteeringDocument
from ..workflow import document_next_statuses
from ._common import P, StrategyRouter, _org_document, _ref
from .parts import OverallGoalOut, SectionOut

router = StrategyRouter()


class DocumentIn(InputSchema):
    kind: str = Field(..., description="vision, digital_agenda, action_plan or sub_plan")
    title: str
    summary: str = ""
    period_start: int | None = Field(None, description="First year of the period")
    period_end: int | None = Field(None, description="Last year of the period")
    parent: int | None = Field(None, description="Id of the document this one belongs to")
    owning_body: int | None = Field(None, description="Id of the owning body")
    process_owner: str = ""
    registry_number: str = Field("", description="Registry number (Dnr)")


class DocumentOut(Schema):
    id: int
    uid: UUID
    lock_version: int = Field(..., description="Edit version (the ETag; send it as If-Match)")
    kind: str
    title: str
    summary: str
    period_start: int | None
    period_end: int | None
    parent: int | None
    owning_body: int | None
    process_owner: str
    status: str = Field(
        ..., description="draft, in_consultation, adopted, revision (under revision) or archived"
    )
    status_display: str
    next_statuses: list[str] = Field(..., description="Statuses it may move to now")
    registry_number: str
    under_revision: bool = Field(
        ...,
        description="An adopted document being edited: the adopted version stays in force",
    )
    adopted_version: int | None = Field(
        ...,
        description="Number of the frozen version in force (the one adopted); null while "
        "none is frozen (an adopted document not yet edited: its working copy is in force)",
    )

    @staticmethod
    def resolve_under_revision(obj) -> bool:
        return obj.status == DocumentStatus.REVISION

    @staticmethod
    def resolve_adopted_version(obj) -> int | None:
        if hasattr(obj, "adopted_version_number"):
            return obj.adopted_version_number
        return obj.adopted_version.number if obj.adopted_version_id else None

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_owning_body(obj) -> int | None:
        return obj.owning_body_id

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_next_statuses(obj) -> list[str]:
        return document_next_statuses(obj.status)


@representation(SteeringDocument)
class DocumentDetailOut(DocumentOut):
    sections: list[SectionOut]
    overall_goals: list[OverallGoalOut]

    @staticmethod
    def resolve_sections(obj) -> list:
        return list(obj.sections.all())

    @staticmethod
    def resolve_overall_goals(obj) -> list:
        return list(obj.overall_goals.all())


class DocumentTransitionIn(InputSchema):
    status: str = Field(..., description="The new status")
    message: str = Field("", description="Why (kept in the history)")


class DocumentFilters(InputSchema):
    kind: str | None = None
    status: str | None = None
    q: str | None = Field(None, description="Text in the title")


def _document_relations(access: Access) -> dict:
    return {
        "parent": SteeringDocument.objects.for_access(access),
        "owning_body": Body.objects.for_access(access),
    }


# Endpoints ----------------------------------------------------------------------------------------


@router.get(P + "/documents", response=list[DocumentOut], summary="List steering documents")
@paginate(Pagination)
def document_list(request, org: str, filters: Query[DocumentFilters]):
    access = org_access(request, org)
    qs = selectors.document_list(access=access)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(title__icontains=filters.q)
    # The answer names the parent and owning body by id: no joined rows to compile and convert.
    return (
        qs.select_related(None)
        .annotate(adopted_version_number=F("adopted_version__number"))
        .order_by("title", "pk")
    )


@router.post(
    P + "/documents",
    response={201: DocumentDetailOut},
    summary="Create a steering document (strategist)",
    description="A new document starts as a draft.",
)
def document_create(request, org: str, payload: DocumentIn):
    access = org_access(request, org)
    data, _m2m = resolve_relations(
        payload.dict(), access=access, need=may_edit_documents, one=_document_relations(access)
    )
    document = services.document_create(access=access, data=data)
    return created(document)


def _document_detail(access: Access, document_ref) -> SteeringDocument:
    return get_object_or_404(
        SteeringDocument.objects.for_access(access)
        .by_ref(document_ref)
        .annotate(adopted_version_number=F("adopted_version__number"))
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("order", "id")),
            Prefetch("overall_goals", queryset=OverallGoal.objects.order_by("order", "id")),
        )
    )


@router.get(
    P + "/documents/{document_id}",
    response=DocumentDetailOut,
    summary="Get a steering document with its sections and overall goals",
)
def document_get(request, org: str, document_id: str = _ref("document")):
    access = org_access(request, org)
    return _document_detail(access, document_id)


@router.patch(
    P + "/documents/{document_id}",
    response=DocumentDetailOut,
    summary="Change a steering document (strategist)",
    description="The status changes only through the transition endpoint.",
)
def document_update(
    request, org: str, payload: PatchDict[DocumentIn], document_id: str = _ref("document")
):
    access, document = _org_document(request, org, document_id)
    data, _m2m = resolve_relations(
        payload, access=access, need=may_edit_documents, one=_document_relations(access)
    )
    with if_match(request, document):
        services.document_update(access=access, document=document, data=data)
    return _document_detail(access, document.pk)


@router.delete(
    P + "/documents/{document_id}",
    response={204: None},
    summary="Delete a steering document (strategist)",
    description="Refused (422) while other documents or decisions refer to it.",
)
def document_delete(request, org: str, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    with if_match(request, document):
        return deleted(services.document_item_delete, access=access, instance=document)


@router.post(
    P + "/documents/{document_id}/transition",
    response=DocumentOut,
    summary="Move a document along its lifecycle (strategist)",
    description="draft → in_consultation → adopted → archived, adopted → revision → adopted "
    "(see `next_statuses`; the first change of an adopted document starts its revision by "
    "itself); a disallowed change is a 422 on `status`.",
)
def document_transition(
    request, org: str, payload: DocumentTransitionIn, document_id: str = _ref("document")
):
    access, document = _org_document(request, org, document_id)
    with if_match(request, document):
        return services.document_transition(
            access=access, document=document, status=payload.status, message=payload.message
        )
