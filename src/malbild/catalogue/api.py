"""API for the catalogue of IT systems and e-services (read: any role; write: strategists
and admins, see catalogue/services.py)."""

from uuid import UUID

from django.db.models import Q
from ninja import Field, PatchDict, Query, Router, Schema

from malbild.api.utils import (
    Pagination,
    created,
    deleted,
    org_access,
    org_object,
    paginate,
    resolve_relations,
    scoped,
)
from malbild.core.access import Access
from malbild.organisation.models import Body

from . import selectors, services

router = Router()

P = "/organisations/{org}"


class CatalogueItemIn(Schema):
    kind: str = Field(..., description="it_system or e_service")
    name: str
    description: str = ""
    owning_body: int | None = Field(None, description="Id of the owning body")
    system_owner: str = ""
    system_manager: str = ""
    url: str = ""
    usage_measure: str = Field("", description="How use of an e-service is measured")


class CatalogueItemOut(Schema):
    id: int
    uid: UUID
    kind: str
    kind_display: str
    name: str
    description: str
    owning_body: int | None
    system_owner: str
    system_manager: str
    url: str
    usage_measure: str

    @staticmethod
    def resolve_owning_body(obj) -> int | None:
        return obj.owning_body_id

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())


class CatalogueFilters(Schema):
    kind: str | None = Field(None, description="it_system or e_service")
    body: int | None = Field(None, description="Only items owned by this body")
    q: str | None = Field(None, description="Text in the name or description")


def _items(access: Access):
    return selectors.catalogue_list(access=access)


def _relations(access: Access) -> dict:
    return {"owning_body": scoped(Body, access)}


@router.get(
    P + "/catalogue", response=list[CatalogueItemOut], summary="List IT systems and e-services"
)
@paginate(Pagination)
def catalogue_list(request, org: str, filters: Query[CatalogueFilters]):
    access = org_access(request, org)
    qs = selectors.catalogue_list(access=access, kind=filters.kind)
    if filters.body:
        qs = qs.filter(owning_body_id=filters.body)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(description__icontains=filters.q))
    return qs.order_by("kind", "name", "pk")


@router.post(
    P + "/catalogue",
    response={201: CatalogueItemOut},
    summary="Add an IT system or e-service (strategist)",
)
def catalogue_item_create(request, org: str, payload: CatalogueItemIn):
    access = org_access(request, org)
    data, _m2m = resolve_relations(payload.dict(), one=_relations(access))
    return created(services.catalogue_item_create(access=access, data=data))


@router.get(P + "/catalogue/{item_id}", response=CatalogueItemOut, summary="Get a catalogue item")
def catalogue_item_get(request, org: str, item_id: int):
    return selectors.catalogue_item_get(access=org_access(request, org), pk=item_id)


@router.patch(
    P + "/catalogue/{item_id}",
    response=CatalogueItemOut,
    summary="Change a catalogue item (strategist)",
)
def catalogue_item_update(request, org: str, item_id: int, payload: PatchDict[CatalogueItemIn]):
    access = org_access(request, org)
    item = selectors.catalogue_item_get(access=access, pk=item_id)
    data, _m2m = resolve_relations(payload, one=_relations(access))
    return services.catalogue_item_update(access=access, item=item, data=data)


@router.delete(
    P + "/catalogue/{item_id}",
    response={204: None},
    summary="Delete a catalogue item (strategist)",
    description="Refused (422) while something refers to it.",
)
def catalogue_item_delete(request, org: str, item_id: int):
    access, item = org_object(request, org, _items, pk=item_id)
    return deleted(services.catalogue_item_delete, access=access, item=item)
