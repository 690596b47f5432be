"""API for the catalogue of IT systems and e-services (read: any role; write: strategists
and admins, see catalogue/services.py). Items are addressed by their uid or, as an alias, their
integer id; answers with one item carry `lock_version` and its ETag, and PATCH and DELETE take
`If-Match` (stale → 409 with the current item, docs/adr/0007-optimistic-locking.md)."""

from uuid import UUID

from django.db.models import Q
from ninja import Field, PatchDict, Path, Query, Router, Schema

from malbild.api.utils import (
    InputSchema,
    Pagination,
    created,
    deleted,
    if_match,
    org_access,
    paginate,
    representation,
    resolve_relations,
)
from malbild.core.access import Access
from malbild.organisation.models import Body

from . import selectors, services
from .models import CatalogueItem

router = Router()

P = "/organisations/{org}"


class CatalogueItemIn(InputSchema):
    kind: str = Field(..., description="it_system or e_service")
    name: str
    description: str = ""
    owning_body: int | None = Field(None, description="Id of the owning body")
    system_owner: str = ""
    system_manager: str = ""
    url: str = ""
    usage_measure: str = Field("", description="How use of an e-service is measured")


@representation(CatalogueItem)
class CatalogueItemOut(Schema):
    id: int
    uid: UUID
    lock_version: int = Field(..., description="Edit version (the ETag; send it as If-Match)")
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


class CatalogueFilters(InputSchema):
    kind: str | None = Field(None, description="it_system or e_service")
    body: int | None = Field(None, description="Only items owned by this body")
    q: str | None = Field(None, description="Text in the name or description")


def _relations(access: Access) -> dict:
    return {"owning_body": Body.objects.for_access(access)}


def _item_ref():
    return Path(..., description="The uid or, as an alias, the integer id of the item")


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
    data, _m2m = resolve_relations(payload.dict(), access=access, one=_relations(access))
    return created(services.catalogue_item_create(access=access, data=data))


@router.get(P + "/catalogue/{item_id}", response=CatalogueItemOut, summary="Get a catalogue item")
def catalogue_item_get(request, org: str, item_id: str = _item_ref()):
    return selectors.catalogue_item_get(access=org_access(request, org), ref=item_id)


@router.patch(
    P + "/catalogue/{item_id}",
    response=CatalogueItemOut,
    summary="Change a catalogue item (strategist)",
)
def catalogue_item_update(
    request, org: str, payload: PatchDict[CatalogueItemIn], item_id: str = _item_ref()
):
    access = org_access(request, org)
    item = selectors.catalogue_item_get(access=access, ref=item_id)
    data, _m2m = resolve_relations(payload, access=access, one=_relations(access))
    with if_match(request, item):
        return services.catalogue_item_update(access=access, item=item, data=data)


@router.delete(
    P + "/catalogue/{item_id}",
    response={204: None},
    summary="Delete a catalogue item (strategist)",
    description="Refused (422) while something refers to it.",
)
def catalogue_item_delete(request, org: str, item_id: str = _item_ref()):
    access = org_access(request, org)
    item = selectors.catalogue_item_get(access=access, ref=item_id)
    with if_match(request, item):
        return deleted(services.catalogue_item_delete, access=access, item=item)
