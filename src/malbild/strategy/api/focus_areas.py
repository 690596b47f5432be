"""API of focus areas and their goals: list, add, get, change and delete."""

from uuid import UUID

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

from .. import selectors, services
from ..models import FocusArea, Goal, OverallGoal
from ._common import P, StrategyRouter, _one, _org_document, _ref, _scope

router = StrategyRouter()


class FocusAreaIn(InputSchema):
    order: int = 0
    number: str = Field("", description="e.g. 5.3")
    title: str
    goal_text: str = ""
    description: str = ""
    overall_goals: list[int] = Field([], description="Ids of overall goals it serves")


class FocusAreaPatch(FocusAreaIn):
    overall_goals: M2MField = Field(
        [], description="Ids of overall goals it serves, or {add, remove}"
    )


@representation(FocusArea)
class FocusAreaOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    document: int
    order: int
    number: str
    title: str
    goal_text: str
    description: str
    overall_goals: list[int]

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id

    @staticmethod
    def resolve_overall_goals(obj) -> list[int]:
        return ids(obj.overall_goals)


class GoalIn(InputSchema):
    order: int = 0
    title: str
    description: str = ""


@representation(Goal)
class GoalOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    focus_area: int
    document: int
    order: int
    title: str
    description: str

    @staticmethod
    def resolve_focus_area(obj) -> int:
        return obj.focus_area_id

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.focus_area.document_id


class ItemFilters(InputSchema):
    document: int | None = Field(None, description="Only items of this document")


class GoalFilters(InputSchema):
    document: int | None = None
    focus_area: int | None = None


# Endpoints ----------------------------------------------------------------------------------------


def _focus_areas(access: Access):
    return selectors.focus_area_list(access=access).prefetch_related("overall_goals")


@router.get(P + "/focus-areas", response=list[FocusAreaOut], summary="List focus areas")
@paginate(Pagination)
def focus_area_list(request, org: str, filters: Query[ItemFilters]):
    access = org_access(request, org)
    qs = _focus_areas(access)
    if filters.document:
        qs = qs.filter(document_id=filters.document)
    return qs.order_by("document_id", "order", "id")


@router.post(
    P + "/documents/{document_id}/focus-areas",
    response={201: FocusAreaOut},
    summary="Add a focus area (strategist)",
)
def focus_area_create(request, org: str, payload: FocusAreaIn, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    data, m2m = resolve_relations(
        payload.dict(),
        access=access,
        need=may_edit_documents,
        many={"overall_goals": OverallGoal.objects.for_access(access)},
    )
    return created(services.focus_area_create(access=access, document=document, data=data, m2m=m2m))


@router.get(P + "/focus-areas/{item_id}", response=FocusAreaOut, summary="Get a focus area")
def focus_area_get(request, org: str, item_id: str = _ref("item")):
    return _one(request, org, _focus_areas, item_id)[1]


@router.patch(
    P + "/focus-areas/{item_id}",
    response=FocusAreaOut,
    summary="Change a focus area (strategist)",
)
def focus_area_update(
    request, org: str, payload: PatchDict[FocusAreaPatch], item_id: str = _ref("item")
):
    access, focus_area = _one(request, org, _scope(FocusArea), item_id)
    data, m2m = resolve_relations(
        payload,
        access=access,
        need=may_edit_documents,
        many={"overall_goals": OverallGoal.objects.for_access(access)},
    )
    with if_match(request, focus_area):
        services.item_update(access=access, instance=focus_area, data=data, m2m=m2m)
    return get_object_or_404(_focus_areas(access), pk=focus_area.pk)


@router.delete(
    P + "/focus-areas/{item_id}",
    response={204: None},
    summary="Delete a focus area and its goals (strategist)",
)
def focus_area_delete(request, org: str, item_id: str = _ref("item")):
    access, focus_area = _one(request, org, _scope(FocusArea), item_id)
    with if_match(request, focus_area):
        return deleted(services.document_item_delete, access=access, instance=focus_area)


def _goals(access: Access):
    return Goal.objects.for_access(access).select_related("focus_area")


@router.get(P + "/goals", response=list[GoalOut], summary="List goals")
@paginate(Pagination)
def goal_list(request, org: str, filters: Query[GoalFilters]):
    access = org_access(request, org)
    qs = _goals(access)
    if filters.document:
        qs = qs.filter(focus_area__document_id=filters.document)
    if filters.focus_area:
        qs = qs.filter(focus_area_id=filters.focus_area)
    return qs.order_by(
        "focus_area__document_id", "focus_area__order", "focus_area_id", "order", "id"
    )


@router.post(
    P + "/focus-areas/{item_id}/goals",
    response={201: GoalOut},
    summary="Add a goal to a focus area (strategist)",
)
def goal_create(
    request,
    org: str,
    payload: GoalIn,
    item_id: str = _ref("focus area"),
):
    access, focus_area = _one(request, org, _scope(FocusArea), item_id)
    return created(services.goal_create(access=access, focus_area=focus_area, data=payload.dict()))


@router.get(P + "/goals/{item_id}", response=GoalOut, summary="Get a goal")
def goal_get(request, org: str, item_id: str = _ref("item")):
    return _one(request, org, _goals, item_id)[1]


@router.patch(P + "/goals/{item_id}", response=GoalOut, summary="Change a goal (strategist)")
def goal_update(request, org: str, payload: PatchDict[GoalIn], item_id: str = _ref("item")):
    access, goal = _one(request, org, _goals, item_id)
    with if_match(request, goal):
        return services.item_update(access=access, instance=goal, data=payload)


@router.delete(P + "/goals/{item_id}", response={204: None}, summary="Delete a goal (strategist)")
def goal_delete(request, org: str, item_id: str = _ref("item")):
    access, goal = _one(request, org, _goals, item_id)
    with if_match(request, goal):
        return deleted(services.document_item_delete, access=access, instance=goal)
