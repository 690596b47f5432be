"""Helpers every API endpoint uses: the organisation access check and pagination.

An endpoint resolves the organisation from the path with `org_access` (404 for an
organisation the user has no role in), reads through the app's selectors with that access,
and writes through the app's services, which check permissions (→ 403) and validate
(→ 422, see errors.py). List endpoints are paginated with `@paginate(Pagination)`::

    from ninja import Query, Router, Schema
    from malbild.api.utils import Pagination, org_access, paginate

    router = Router()

    class ThingOut(Schema):
        id: int
        uid: UUID
        title: str

    @router.get("/organisations/{org}/things", response=list[ThingOut], summary="List things")
    @paginate(Pagination)
    def thing_list(request, org: str, q: str = ""):
        access = org_access(request, org)
        return selectors.thing_list(access=access, q=q)      # a QuerySet, ordered

    @router.post("/organisations/{org}/things", response={201: ThingOut}, summary="Create")
    def thing_create(request, org: str, payload: ThingIn):
        access = org_access(request, org)
        return 201, services.thing_create(access=access, data=payload.dict())

The list answer is `{"items": [...], "count": <total>, "limit": 50, "offset": 0}`;
query parameters `limit` (1–200, default 50) and `offset` (≥ 0).

Endpoints on one object use `org_object` (access + the object of an organisation-scoped
queryset, 404 otherwise) and answer with `created(obj)` (201) or `deleted(service, ...)` (204)::

    @router.delete("/organisations/{org}/things/{pk}", response={204: None}, summary="Delete")
    def thing_delete(request, org: str, pk: int):
        access, thing = org_object(request, org, in_org(Thing), pk=pk)
        return deleted(services.thing_delete, access=access, thing=thing)
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate  # noqa: F401  (re-exported)
from ninja.responses import Status

from malbild.core.access import Access, get_organisation_access

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def org_access(request: HttpRequest, org_slug: str) -> Access:
    """The authenticated user's `Access` in the organisation `org_slug`, or Http404 (→ 404)
    when it does not exist or the user has no reading role in it."""
    user = getattr(request, "auth", None) or request.user
    return get_organisation_access(user, org_slug)


Scope = Callable[[Access], QuerySet]


def scoped(model: type[Model], access: Access) -> QuerySet:
    """The rows of `model` that belong to the access's organisation."""
    return model.objects.filter(organisation=access.organisation)


def in_org(model: type[Model]) -> Scope:
    """A scope (see `org_object`): the rows of `model` in the access's organisation."""
    return lambda access: scoped(model, access)


def org_object(request: HttpRequest, org_slug: str, scope: Scope, **lookup: Any):
    """`(access, obj)`: the user's access in `org_slug` (see `org_access`) and the object of
    `scope(access)` matching `lookup`, or Http404 (→ 404) when there is none."""
    access = org_access(request, org_slug)
    return access, get_object_or_404(scope(access), **lookup)


def org_get(request: HttpRequest, org_slug: str, scope: Scope, **lookup: Any):
    """The object of `scope(access)` matching `lookup` (see `org_object`)."""
    return org_object(request, org_slug, scope, **lookup)[1]


def created(obj: Any) -> Status:
    """The 201 answer carrying the new object."""
    return Status(201, obj)


def deleted(service: Callable[..., Any], **kwargs: Any) -> Status:
    """Call the delete `service` with `kwargs` and answer 204 with no body."""
    service(**kwargs)
    return Status(204, None)


class Pagination(LimitOffsetPagination):
    """limit/offset pagination with the total count: two queries (count + page) plus the
    queryset's own prefetches, whatever the number of rows."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size")
        offset: int = Field(0, ge=0, description="Number of items to skip")

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Total number of items matching the filters")
        limit: int
        offset: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        return {
            "items": list(queryset[offset : offset + limit]),
            "count": self._items_count(queryset),
            "limit": limit,
            "offset": offset,
        }


def _invalid_choice() -> str:
    # Django's own message, so the translation comes with Django.
    return _("Select a valid choice. That choice is not one of the available choices.")


def resolve_relations(
    data: dict[str, Any], *, one: dict[str, QuerySet] | None = None, many=None
) -> tuple[dict[str, Any], dict[str, list]]:
    """Turn ids in a parsed payload into objects of the caller's organisation.

    `one` maps a foreign-key field to the (organisation-scoped) queryset its id must be in;
    `many` does the same for many-to-many fields given as lists of ids. Returns
    `(data, m2m)`: `data` with the foreign keys replaced by objects (None stays None) and
    the many-to-many lists moved into `m2m`, ready for a service. An id outside the queryset
    (missing or another organisation's) → ValidationError naming the field (→ 422); the
    lookups cost one query per field present, whatever the number of ids."""
    data = dict(data)
    m2m: dict[str, list] = {}
    errors: dict[str, list[str]] = {}
    for field, queryset in (one or {}).items():
        if field not in data or data[field] is None:
            continue
        obj = queryset.filter(pk=data[field]).first()
        if obj is None:
            errors[field] = [_invalid_choice()]
        else:
            data[field] = obj
    for field, queryset in (many or {}).items():
        if field not in data:
            continue
        ids = list(dict.fromkeys(data.pop(field) or []))
        found = queryset.in_bulk(ids) if ids else {}
        if len(found) != len(ids):
            errors[field] = [_invalid_choice()]
        else:
            m2m[field] = [found[i] for i in ids]
    if errors:
        raise ValidationError(errors)
    return data, m2m


def ids(manager) -> list[int]:
    """Primary keys of a (prefetched) related manager, without a query when prefetched."""
    return sorted(obj.pk for obj in manager.all())
