"""API of decisions: list, record, get, change and delete."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, PatchDict, Query, Schema

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

from .. import selectors, services
from ..models import Decision, DocumentVersion, SteeringDocument
from ._common import P, StrategyRouter

router = StrategyRouter()


class DecisionIn(InputSchema):
    body: int = Field(..., description="Id of the deciding body")
    kind: str = Field("other", description="consultation, extension, approval, adoption, other")
    date: dt.date
    paragraph: str = Field("", description="Minute paragraph, e.g. § 52")
    registry_number: str = Field("", description="Registry number (Dnr)")
    title: str
    text: str = ""
    document: int | None = None
    version: int | None = Field(None, description="Id of the document version it concerns")
    distribution: list[int] = Field([], description="Ids of the bodies it is sent to")


class DecisionPatch(DecisionIn):
    distribution: M2MField = Field(
        [], description="Ids of the bodies it is sent to, or {add, remove}"
    )


@representation(Decision)
class DecisionOut(Schema):
    id: int
    lock_version: int
    body: int
    kind: str
    date: dt.date
    paragraph: str
    registry_number: str
    title: str
    text: str
    document: int | None
    version: int | None
    version_number: int | None
    distribution: list[int]
    reference: str

    @staticmethod
    def resolve_body(obj) -> int:
        return obj.body_id

    @staticmethod
    def resolve_document(obj) -> int | None:
        return obj.document_id

    @staticmethod
    def resolve_version(obj) -> int | None:
        return obj.version_id

    @staticmethod
    def resolve_version_number(obj) -> int | None:
        return obj.version.number if obj.version_id else None

    @staticmethod
    def resolve_distribution(obj) -> list[int]:
        return ids(obj.distribution)


class DecisionFilters(InputSchema):
    document: int | None = None
    body: int | None = Field(None, description="Only decisions of this body")


# Endpoints ----------------------------------------------------------------------------------------


def _decisions(access: Access):
    return selectors.decision_list(access=access)


def _decision_relations(access: Access) -> tuple[dict, dict]:
    one = {
        "body": Body.objects.for_access(access),
        "document": SteeringDocument.objects.for_access(access),
        "version": DocumentVersion.objects.for_access(access).select_related("document"),
    }
    return one, {"distribution": Body.objects.for_access(access)}


@router.get(P + "/decisions", response=list[DecisionOut], summary="List decisions")
@paginate(Pagination)
def decision_list(request, org: str, filters: Query[DecisionFilters]):
    access = org_access(request, org)
    qs = _decisions(access)
    if filters.document:
        qs = qs.filter(document_id=filters.document)
    if filters.body:
        qs = qs.filter(body_id=filters.body)
    return qs.order_by("-date", "-id")


@router.post(
    P + "/decisions", response={201: DecisionOut}, summary="Record a decision (strategist)"
)
def decision_create(request, org: str, payload: DecisionIn):
    access = org_access(request, org)
    one, many = _decision_relations(access)
    data, m2m = resolve_relations(
        payload.dict(), access=access, need=may_edit_documents, one=one, many=many
    )
    decision = services.decision_create(access=access, data=data, m2m=m2m)
    return created(get_object_or_404(_decisions(access), pk=decision.pk))


@router.get(P + "/decisions/{item_id}", response=DecisionOut, summary="Get a decision")
def decision_get(request, org: str, item_id: int):
    access = org_access(request, org)
    return get_object_or_404(_decisions(access), pk=item_id)


@router.patch(
    P + "/decisions/{item_id}", response=DecisionOut, summary="Change a decision (strategist)"
)
def decision_update(request, org: str, item_id: int, payload: PatchDict[DecisionPatch]):
    access = org_access(request, org)
    decision = get_object_or_404(Decision.objects.for_access(access), pk=item_id)
    one, many = _decision_relations(access)
    data, m2m = resolve_relations(
        payload, access=access, need=may_edit_documents, one=one, many=many
    )
    with if_match(request, decision):
        services.decision_update(access=access, decision=decision, data=data, m2m=m2m)
    return get_object_or_404(_decisions(access), pk=item_id)


@router.delete(
    P + "/decisions/{item_id}",
    response={204: None},
    summary="Delete a decision (strategist)",
)
def decision_delete(request, org: str, item_id: int):
    access = org_access(request, org)
    decision = get_object_or_404(Decision.objects.for_access(access), pk=item_id)
    with if_match(request, decision):
        return deleted(services.decision_delete, access=access, decision=decision)
