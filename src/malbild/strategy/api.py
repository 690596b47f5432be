"""API for steering documents and their tree: narrative sections, overall goals, focus areas,
goals, indicators with yearly targets; the lifecycle transition; frozen versions (list, get
with snapshot, freeze, compare); and decisions.

Reads: any role in the organisation. Writes: strategists and admins; editors also write the
indicators their bodies are responsible for (strategy/services.py checks every write).

Documents and their items are addressed by their `uid` or, as an alias, their integer id.
Answers with one object carry `lock_version` and `ETag: "<lock_version>"`; PATCH, PUT, DELETE
and the transition take `If-Match` (a stale one → 409 with the current object, see
docs/adr/0007-optimistic-locking.md). Many-to-many fields in PATCH take a list (replace) or
`{"add": [...], "remove": [...]}`.
"""

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Field, PatchDict, Path, Query, Router, Schema

from malbild.api.utils import (
    M2MField,
    M2MPatch,
    Pagination,
    created,
    deleted,
    ids,
    if_match,
    org_access,
    paginate,
    representation,
    resolve_relations,
)
from malbild.catalogue.models import CatalogueItem
from malbild.core.access import Access
from malbild.organisation.models import Body

from . import selectors, services
from .models import (
    Decision,
    DocumentVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    OverallGoal,
    Section,
    SteeringDocument,
)
from .snapshot import document_snapshot, snapshot_compare, upgrade
from .workflow import document_next_statuses

router = Router()

P = "/organisations/{org}"


# Helpers ----------------------------------------------------------------------------------------


#: Description of a path parameter that names a document or an item.
REF = "The uid or, as an alias, the integer id"


def _ref(what: str):
    """A path parameter naming `what` by its uid or id (a fresh Param per endpoint)."""
    return Path(..., description=f"{REF} of the {what}")


def _scope(model):
    """The rows of `model` in the access's organisation (a scope for `_one`)."""
    return lambda access: model.objects.for_access(access)


def _one(request, org: str, scope, ref) -> tuple[Access, Any]:
    """`(access, obj)`: the object of `scope(access)` with the public reference `ref` (uid or
    id), or Http404 (→ 404) — also for another organisation's object."""
    access = org_access(request, org)
    return access, get_object_or_404(scope(access).by_ref(ref))


def _org_document(request, org: str, document_id: str) -> tuple[Access, SteeringDocument]:
    return _one(request, org, _scope(SteeringDocument), document_id)


# Schemas ----------------------------------------------------------------------------------------


class DocumentIn(Schema):
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
    status: str = Field(..., description="draft, in_consultation, adopted or archived")
    status_display: str
    next_statuses: list[str] = Field(..., description="Statuses it may move to now")
    registry_number: str

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


class SectionIn(Schema):
    order: int = 0
    heading: str
    body: str = Field("", description="Markdown")


@representation(Section)
class SectionOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    document: int
    order: int
    heading: str
    body: str

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id


class OverallGoalIn(Schema):
    order: int = 0
    title: str
    description: str = ""


@representation(OverallGoal)
class OverallGoalOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    document: int
    order: int
    title: str
    description: str

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id


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


class TransitionIn(Schema):
    status: str = Field(..., description="The new status")
    message: str = Field("", description="Why (kept in the history)")


class FocusAreaIn(Schema):
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


class GoalIn(Schema):
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


class TargetIn(Schema):
    value: Decimal | None = Field(None, description="Numeric target")
    text: str = Field("", description="Target in words (qualitative indicators)")


@representation(IndicatorTarget)
class TargetOut(Schema):
    lock_version: int
    year: int
    value: Decimal | None
    text: str


class IndicatorIn(Schema):
    order: int = 0
    name: str
    definition: str = ""
    unit: str = Field("", description="e.g. %, number")
    direction: str = Field("increase", description="increase or decrease (which is better)")
    kind: str = Field("quantitative", description="quantitative or qualitative")
    measure_type: str = Field(
        "count", description="count, share, usage, quality, satisfaction, cost or other"
    )
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    source: str = Field("manual", description="manual, kolada or eservice")
    kolada_kpi: str = Field("", description="Kolada KPI id, e.g. N00945")
    eservice: int | None = Field(None, description="Id of the e-service (catalogue item)")
    responsible_body: int | None = Field(None, description="Id of the responsible body")
    focus_areas: list[int] = []
    goals: list[int] = []


class FocusAreasPatch(M2MPatch):
    """Focus areas to add and remove."""


class GoalsPatch(M2MPatch):
    """Goals to add and remove."""


class IndicatorPatch(IndicatorIn):
    # Each many-to-many field has its own add/remove class: with PatchDict, a schema that uses
    # one class (api.utils.M2MField) twice is left "not fully defined" by pydantic.
    focus_areas: list[int] | FocusAreasPatch = Field(
        [], description="Ids of focus areas, or {add, remove}"
    )
    goals: list[int] | GoalsPatch = Field([], description="Ids of goals, or {add, remove}")


@representation(Indicator)
class IndicatorOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    document: int
    order: int
    name: str
    definition: str
    unit: str
    direction: str
    kind: str
    measure_type: str
    baseline_value: Decimal | None
    baseline_year: int | None
    source: str
    kolada_kpi: str
    eservice: int | None
    responsible_body: int | None
    focus_areas: list[int]
    goals: list[int]
    targets: list[TargetOut]

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id

    @staticmethod
    def resolve_eservice(obj) -> int | None:
        return obj.eservice_id

    @staticmethod
    def resolve_responsible_body(obj) -> int | None:
        return obj.responsible_body_id

    @staticmethod
    def resolve_focus_areas(obj) -> list[int]:
        return ids(obj.focus_areas)

    @staticmethod
    def resolve_goals(obj) -> list[int]:
        return ids(obj.goals)

    @staticmethod
    def resolve_targets(obj) -> list:
        return sorted(obj.targets.all(), key=lambda t: t.year)


class VersionIn(Schema):
    label: str = Field("", description="e.g. “Remissversion”")
    note: str = ""


class VersionOut(Schema):
    id: int
    document: int
    number: int
    label: str
    note: str
    status_at_freeze: str
    created_at: dt.datetime
    created_by: str | None

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.username if obj.created_by_id else None


class VersionDetailOut(VersionOut):
    snapshot: dict[str, Any] = Field(
        ...,
        description="The document's whole tree as frozen, in the current snapshot format "
        "(older versions are upgraded when read): items with their stable uid, references "
        "as {uid, label}, budget lines as {uid, year, kind, amount, source}, choices as codes",
    )

    @staticmethod
    def resolve_snapshot(obj) -> dict[str, Any]:
        return upgrade(obj.snapshot)


class CompareOut(Schema):
    document: list[dict[str, Any]] = Field(..., description="Changed document fields")
    changes: list[dict[str, Any]] = Field(
        ..., description="Added, removed and changed items with field-level before/after"
    )
    labels: dict[str, str]
    counts: dict[str, int]


class DecisionIn(Schema):
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


class DocumentFilters(Schema):
    kind: str | None = None
    status: str | None = None
    q: str | None = Field(None, description="Text in the title")


class ItemFilters(Schema):
    document: int | None = Field(None, description="Only items of this document")


class GoalFilters(Schema):
    document: int | None = None
    focus_area: int | None = None


class IndicatorFilters(Schema):
    document: int | None = None
    body: int | None = Field(None, description="Only indicators of this responsible body")
    focus_area: int | None = None
    q: str | None = Field(None, description="Text in the name or definition")


class DecisionFilters(Schema):
    document: int | None = None
    body: int | None = Field(None, description="Only decisions of this body")


class CompareFilters(Schema):
    a: int = Field(..., description="The older version number")
    b: int | None = Field(None, description="The newer version number; the working copy if empty")


# Relations --------------------------------------------------------------------------------------


def _document_relations(access: Access) -> dict:
    return {
        "parent": SteeringDocument.objects.for_access(access),
        "owning_body": Body.objects.for_access(access),
    }


def _indicator_relations(access: Access) -> tuple[dict, dict]:
    one = {
        "eservice": CatalogueItem.objects.for_access(access),
        "responsible_body": Body.objects.for_access(access),
    }
    many = {
        "focus_areas": FocusArea.objects.for_access(access),
        "goals": Goal.objects.for_access(access),
    }
    return one, many


def _indicators(access: Access):
    return selectors.indicator_list(access=access)


# Documents --------------------------------------------------------------------------------------


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
    return qs.order_by("title", "pk")


@router.post(
    P + "/documents",
    response={201: DocumentDetailOut},
    summary="Create a steering document (strategist)",
    description="A new document starts as a draft.",
)
def document_create(request, org: str, payload: DocumentIn):
    access = org_access(request, org)
    data, _m2m = resolve_relations(payload.dict(), one=_document_relations(access))
    document = services.document_create(access=access, data=data)
    return created(document)


def _document_detail(access: Access, document_ref) -> SteeringDocument:
    return get_object_or_404(
        SteeringDocument.objects.for_access(access)
        .by_ref(document_ref)
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
    data, _m2m = resolve_relations(payload, one=_document_relations(access))
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
    description="draft → in_consultation → adopted → archived (see `next_statuses`); "
    "a disallowed change is a 422 on `status`.",
)
def document_transition(
    request, org: str, payload: TransitionIn, document_id: str = _ref("document")
):
    access, document = _org_document(request, org, document_id)
    with if_match(request, document):
        return services.document_transition(
            access=access, document=document, status=payload.status, message=payload.message
        )


# Sections and overall goals ---------------------------------------------------------------------


def _named(func, name: str):
    """`func` under the name its endpoint has (the OpenAPI operation id is made from it)."""
    func.__name__ = func.__qualname__ = name
    return func


def _document_part_routes(model, schema_in, schema_out, *, name: str, path: str, create, summaries):
    """Register the five endpoints of a part of a document's narrative (sections, overall
    goals): list and add under the document, get, change and delete by id. `summaries` are the
    OpenAPI summaries of (list, add, get, change, delete)."""
    list_summary, create_summary, get_summary, update_summary, delete_summary = summaries

    def list_(request, org: str, document_id: str = _ref("document")):
        access, document = _org_document(request, org, document_id)
        return model.objects.filter(document=document).order_by("order", "id")

    def create_(request, org: str, payload: schema_in, document_id: str = _ref("document")):
        access, document = _org_document(request, org, document_id)
        return created(create(access=access, document=document, data=payload.dict()))

    def get_(request, org: str, item_id: str = _ref("item")):
        return _one(request, org, _scope(model), item_id)[1]

    def update_(request, org: str, payload: PatchDict[schema_in], item_id: str = _ref("item")):
        access, item = _one(request, org, _scope(model), item_id)
        with if_match(request, item):
            return services.item_update(access=access, instance=item, data=payload)

    def delete_(request, org: str, item_id: str = _ref("item")):
        access, item = _one(request, org, _scope(model), item_id)
        with if_match(request, item):
            return deleted(services.document_item_delete, access=access, instance=item)

    under_document = P + "/documents/{document_id}/" + path
    by_id = P + "/" + path + "/{item_id}"
    router.get(under_document, response=list[schema_out], summary=list_summary)(
        paginate(Pagination)(_named(list_, f"{name}_list"))
    )
    router.post(under_document, response={201: schema_out}, summary=create_summary)(
        _named(create_, f"{name}_create")
    )
    router.get(by_id, response=schema_out, summary=get_summary)(_named(get_, f"{name}_get"))
    router.patch(by_id, response=schema_out, summary=update_summary)(
        _named(update_, f"{name}_update")
    )
    router.delete(by_id, response={204: None}, summary=delete_summary)(
        _named(delete_, f"{name}_delete")
    )


_document_part_routes(
    Section,
    SectionIn,
    SectionOut,
    name="section",
    path="sections",
    create=services.section_create,
    summaries=(
        "List a document's narrative sections",
        "Add a narrative section (strategist)",
        "Get a section",
        "Change a section (strategist)",
        "Delete a section (strategist)",
    ),
)
_document_part_routes(
    OverallGoal,
    OverallGoalIn,
    OverallGoalOut,
    name="overall_goal",
    path="overall-goals",
    create=services.overall_goal_create,
    summaries=(
        "List a document's overall goals",
        "Add an overall goal (strategist)",
        "Get an overall goal",
        "Change an overall goal (strategist)",
        "Delete an overall goal (strategist)",
    ),
)


# Focus areas and goals --------------------------------------------------------------------------


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
        payload.dict(), many={"overall_goals": OverallGoal.objects.for_access(access)}
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
        payload, many={"overall_goals": OverallGoal.objects.for_access(access)}
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


# Indicators and targets -------------------------------------------------------------------------


@router.get(
    P + "/indicators",
    response=list[IndicatorOut],
    summary="List indicators",
    description="With their yearly targets, linked focus areas and goals.",
)
@paginate(Pagination)
def indicator_list(request, org: str, filters: Query[IndicatorFilters]):
    access = org_access(request, org)
    qs = _indicators(access)
    if filters.document:
        qs = qs.filter(document_id=filters.document)
    if filters.body:
        qs = qs.filter(responsible_body_id=filters.body)
    if filters.focus_area:
        qs = qs.filter(
            pk__in=Indicator.focus_areas.through.objects.filter(
                focusarea_id=filters.focus_area
            ).values("indicator_id")
        )
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(definition__icontains=filters.q))
    return qs.order_by("document_id", "order", "id")


@router.post(
    P + "/documents/{document_id}/indicators",
    response={201: IndicatorOut},
    summary="Add an indicator (strategist, or editor of the responsible body)",
)
def indicator_create(request, org: str, payload: IndicatorIn, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    one, many = _indicator_relations(access)
    data, m2m = resolve_relations(payload.dict(), one=one, many=many)
    indicator = services.indicator_create(access=access, document=document, data=data, m2m=m2m)
    return created(get_object_or_404(_indicators(access), pk=indicator.pk))


@router.get(P + "/indicators/{item_id}", response=IndicatorOut, summary="Get an indicator")
def indicator_get(request, org: str, item_id: str = _ref("item")):
    return _one(request, org, _indicators, item_id)[1]


@router.patch(
    P + "/indicators/{item_id}",
    response=IndicatorOut,
    summary="Change an indicator (strategist, or editor of the responsible body)",
)
def indicator_update(
    request, org: str, payload: PatchDict[IndicatorPatch], item_id: str = _ref("item")
):
    access, indicator = _one(request, org, _scope(Indicator), item_id)
    one, many = _indicator_relations(access)
    data, m2m = resolve_relations(payload, one=one, many=many)
    with if_match(request, indicator):
        services.item_update(access=access, instance=indicator, data=data, m2m=m2m)
    return get_object_or_404(_indicators(access), pk=indicator.pk)


@router.delete(
    P + "/indicators/{item_id}",
    response={204: None},
    summary="Delete an indicator (strategist, or editor of the responsible body)",
)
def indicator_delete(request, org: str, item_id: str = _ref("item")):
    access, indicator = _one(request, org, _scope(Indicator), item_id)
    with if_match(request, indicator):
        return deleted(services.document_item_delete, access=access, instance=indicator)


@router.put(
    P + "/indicators/{item_id}/targets/{year}",
    response=TargetOut,
    summary="Set the target of one year",
    description="Creates the target, or changes it (`If-Match` with the target's ETag then "
    "guards against overwriting someone else's change).",
)
def indicator_target_set(
    request,
    org: str,
    year: int,
    payload: TargetIn,
    item_id: str = _ref("indicator"),
):
    access, indicator = _one(request, org, _scope(Indicator), item_id)
    existing = indicator.targets.filter(year=year).first()
    with if_match(request, existing) if existing is not None else _no_precondition():
        return services.indicator_target_set(
            access=access, indicator=indicator, year=year, value=payload.value, text=payload.text
        )


@router.delete(
    P + "/indicators/{item_id}/targets/{year}",
    response={204: None},
    summary="Remove the target of one year",
)
def indicator_target_delete(
    request,
    org: str,
    year: int,
    item_id: str = _ref("indicator"),
):
    access, indicator = _one(request, org, _scope(Indicator), item_id)
    target = get_object_or_404(indicator.targets.select_related("indicator"), year=year)
    with if_match(request, target):
        return deleted(services.indicator_target_delete, access=access, target=target)


@contextmanager
def _no_precondition():
    yield


# Versions ---------------------------------------------------------------------------------------


@router.get(
    P + "/documents/{document_id}/versions",
    response=list[VersionOut],
    summary="List a document's frozen versions",
)
@paginate(Pagination)
def version_list(request, org: str, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    return selectors.version_list(document=document).order_by("-number")


@router.post(
    P + "/documents/{document_id}/versions",
    response={201: VersionOut},
    summary="Freeze the working copy into a new version (strategist)",
)
def version_freeze(request, org: str, payload: VersionIn, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    with if_match(request, document):
        version = services.version_freeze(
            access=access, document=document, label=payload.label, note=payload.note
        )
    return created(version)


@router.get(
    P + "/documents/{document_id}/versions/{number}",
    response=VersionDetailOut,
    summary="Get a frozen version with its snapshot",
)
def version_get(request, org: str, number: int, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    return get_object_or_404(
        DocumentVersion.objects.select_related("created_by"), document=document, number=number
    )


@router.get(
    P + "/documents/{document_id}/compare",
    response=CompareOut,
    summary="Compare two versions of a document",
    description="Added, removed and changed items between version `a` and version `b` "
    "(or the current working copy when `b` is left out), with field-level before/after.",
)
def version_compare(
    request, org: str, filters: Query[CompareFilters], document_id: str = _ref("document")
):
    access, document = _org_document(request, org, document_id)
    old = get_object_or_404(DocumentVersion, document=document, number=filters.a)
    if filters.b is None:
        new_snapshot = document_snapshot(document)
    else:
        new_snapshot = get_object_or_404(
            DocumentVersion, document=document, number=filters.b
        ).snapshot
    return snapshot_compare(old.snapshot, new_snapshot)


# Decisions --------------------------------------------------------------------------------------


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
    data, m2m = resolve_relations(payload.dict(), one=one, many=many)
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
    data, m2m = resolve_relations(payload, one=one, many=many)
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
