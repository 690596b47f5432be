"""API for organisations (the ones the user belongs to) and their bodies.

Reads: any role in the organisation. Writes: the organisation's administrators (bodies,
organisation details); see organisation/services.py.

Bodies are addressed by uid or, as an alias, integer id; an answer with one body carries
`ETag: "<lock_version>"`, and PATCH and DELETE take `If-Match` (stale → 409).
"""

from uuid import UUID

from ninja import Field, PatchDict, Path, Query, Router, Schema

from malbild.api.utils import (
    InputSchema,
    Pagination,
    created,
    deleted,
    if_match,
    may_administer,
    org_access,
    paginate,
    representation,
    resolve_relations,
)

from . import selectors, services
from .models import Body

router = Router()


class OrganisationOut(Schema):
    id: int
    slug: str = Field(..., description="Short name used in API paths and web addresses")
    name: str
    kolada_id: str = Field(..., description="Kolada municipality id, e.g. 1489")
    kolada_peers: str = Field(
        ..., description="Comparison municipalities (Kolada ids, comma-separated), e.g. 1441, 1490"
    )
    population: int | None


class OrganisationDetailOut(OrganisationOut):
    roles: list[str] = Field(..., description="Your roles in this organisation")
    editor_bodies: list[int] = Field(..., description="Bodies you are editor for")


class OrganisationPatch(InputSchema):
    name: str
    kolada_id: str
    kolada_peers: str = ""
    population: int | None = None


class BodyIn(InputSchema):
    name: str
    short_name: str = ""
    kind: str = Field(
        ...,
        description="council, executive_board, working_committee, committee, administration, "
        "company, association, group or external",
    )
    parent: int | None = Field(None, description="Id of the parent body")
    email: str = ""


@representation(Body)
class BodyOut(Schema):
    id: int
    uid: UUID
    lock_version: int = Field(..., description="Edit version; the ETag, for If-Match")
    name: str
    short_name: str
    kind: str
    kind_display: str
    parent: int | None
    email: str

    @staticmethod
    def resolve_parent(obj: Body) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_kind_display(obj: Body) -> str:
        return str(obj.get_kind_display())


class BodyFilters(InputSchema):
    kind: str | None = Field(None, description="Only bodies of this kind")
    q: str | None = Field(None, description="Text in the name or abbreviation")


def _detail(access) -> dict:
    org = access.organisation
    return {
        "id": org.pk,
        "slug": org.slug,
        "name": org.name,
        "kolada_id": org.kolada_id,
        "kolada_peers": org.kolada_peers,
        "population": org.population,
        "roles": sorted(access.roles),
        "editor_bodies": sorted(access.editor_body_ids),
    }


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    summary="List my organisations",
    description="The organisations in which you have a role (all of them for a superuser).",
)
@paginate(Pagination)
def organisation_list(request):
    return selectors.organisations_for(request.auth).order_by("name", "pk")


@router.get("/organisations/{org}", response=OrganisationDetailOut, summary="Get an organisation")
def organisation_get(request, org: str):
    return _detail(org_access(request, org))


@router.patch(
    "/organisations/{org}",
    response=OrganisationDetailOut,
    summary="Change an organisation (admin)",
)
def organisation_update(request, org: str, payload: PatchDict[OrganisationPatch]):
    access = org_access(request, org)
    services.organisation_update(access=access, data=payload)
    return _detail(access)


def _bodies(access):
    return Body.objects.for_access(access)


#: The path parameter of one body: uid or integer id.
BodyRef = Path(..., description="The body's uid (or, as an alias, its integer id)")


@router.get(
    "/organisations/{org}/bodies",
    response=list[BodyOut],
    summary="List bodies",
    description="Council, board, committees, administrations, companies, associations and "
    "external bodies of the organisation, by name.",
)
@paginate(Pagination)
def body_list(request, org: str, filters: Query[BodyFilters]):
    access = org_access(request, org)
    qs = selectors.body_list(access=access, kind=filters.kind)
    if filters.q:
        from django.db.models import Q

        qs = qs.filter(Q(name__icontains=filters.q) | Q(short_name__icontains=filters.q))
    return qs.order_by("name", "pk")


@router.post("/organisations/{org}/bodies", response={201: BodyOut}, summary="Add a body (admin)")
def body_create(request, org: str, payload: BodyIn):
    access = org_access(request, org)
    data, _m2m = resolve_relations(
        payload.dict(), access=access, need=may_administer, one={"parent": _bodies(access)}
    )
    return created(services.body_create(access=access, data=data))


@router.get("/organisations/{org}/bodies/{body_id}", response=BodyOut, summary="Get a body")
def body_get(request, org: str, body_id: str = BodyRef):
    access = org_access(request, org)
    return selectors.body_get(access=access, ref=body_id)


@router.patch(
    "/organisations/{org}/bodies/{body_id}", response=BodyOut, summary="Change a body (admin)"
)
def body_update(request, org: str, payload: PatchDict[BodyIn], body_id: str = BodyRef):
    access = org_access(request, org)
    body = selectors.body_get(access=access, ref=body_id)
    data, _m2m = resolve_relations(
        payload, access=access, need=may_administer, one={"parent": _bodies(access)}
    )
    with if_match(request, body):
        return services.body_update(access=access, body=body, data=data)


@router.delete(
    "/organisations/{org}/bodies/{body_id}",
    response={204: None},
    summary="Delete a body (admin)",
    description="Refused (422) while documents, activities or decisions refer to the body.",
)
def body_delete(request, org: str, body_id: str = BodyRef):
    access = org_access(request, org)
    body = selectors.body_get(access=access, ref=body_id)
    with if_match(request, body):
        return deleted(services.body_delete, access=access, body=body)
