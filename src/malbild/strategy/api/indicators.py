"""API of indicators and their yearly targets: list, add, get, change, delete; set and
remove the target of one year.
"""

from contextlib import contextmanager
from decimal import Decimal
from uuid import UUID

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Field, PatchDict, Query, Schema

from malbild.api.utils import (
    InputSchema,
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

from .. import selectors, services
from ..models import FocusArea, Goal, Indicator, IndicatorTarget
from ._common import P, StrategyRouter, _one, _org_document, _ref, _scope

router = StrategyRouter()


class TargetIn(InputSchema):
    value: Decimal | None = Field(None, description="Numeric target")
    text: str = Field("", description="Target in words (qualitative indicators)")


@representation(IndicatorTarget)
class TargetOut(Schema):
    lock_version: int
    year: int
    value: Decimal | None
    text: str


class IndicatorIn(InputSchema):
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
    def resolve_targets(obj) -> list[dict]:
        # The values TargetOut declares, read once: validating model instances reads every
        # field through a getter (10 targets × 50 indicators a page, issue #11).
        return [
            {"lock_version": t.lock_version, "year": t.year, "value": t.value, "text": t.text}
            for t in sorted(obj.targets.all(), key=lambda t: t.year)
        ]


class IndicatorFilters(InputSchema):
    document: int | None = None
    body: int | None = Field(None, description="Only indicators of this responsible body")
    focus_area: int | None = None
    q: str | None = Field(None, description="Text in the name or definition")


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
    """The indicators as the API answers them: relations by id, so no joined rows, and the
    targets, focus areas and goals prefetched without the joins their default orderings
    (by document title) need — the answer sorts them itself."""
    return (
        selectors.indicator_list(access=access)
        .select_related(None)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year", "id")),
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by().only("id")),
            Prefetch("goals", queryset=Goal.objects.order_by().only("id")),
        )
    )


# Endpoints ----------------------------------------------------------------------------------------


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
    data, m2m = resolve_relations(payload.dict(), access=access, one=one, many=many)
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
    data, m2m = resolve_relations(payload, access=access, one=one, many=many)
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
