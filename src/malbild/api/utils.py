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

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate  # noqa: F401  (re-exported)
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from malbild.core.access import Access, request_access, require_roles
from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.core.services import M2MChange

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: The largest `offset` of a list (far beyond any real list; keeps the SQL in range).
MAX_OFFSET = 10**9
#: The range of an integer the database can compare with a key (signed 64 bits).
MAX_INT = 2**63 - 1

#: Control characters no text field takes: all of C0 and DEL except tab, newline and carriage
#: return, and the lone surrogates JSON can spell (`"\ud800"`) but no database can store.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

#: Fields that are a name or title: stripped (as the web forms do), so blank is refused.
NAME_FIELDS = frozenset({"title", "name"})


def _check_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not -MAX_INT <= value <= MAX_INT:
        raise PydanticCustomError(
            "value_error",
            _("Ensure this value is less than or equal to %(limit_value)s.")
            % {"limit_value": MAX_INT},
        )
    if isinstance(value, str) and _FORBIDDEN.search(value):
        raise PydanticCustomError("value_error", _("The text contains a control character."))
    if isinstance(value, list | tuple | set):
        for item in value:
            _check_value(item)
    if isinstance(value, dict):
        for key, item in value.items():
            _check_value(key)
            _check_value(item)
    return value


class RowSchema(BaseModel):
    """The base of an output schema of which one answer holds thousands (a page of comments
    with their dispositions, the responses of a summary): plain pydantic, validated by
    pydantic-core from dicts or attributes, without ninja's `Schema` wrapping every row and
    every value in a Python `DjangoGetter` (issue #11: that wrapping was most of the time of
    `…/consultations/{id}/summary/responses`). Give it dicts or objects with plain attributes
    (no `resolve_…` methods, no related managers); `from_orm` as on `Schema`."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def from_orm(cls, obj: Any, **kw: Any):  # noqa: D102 - as ninja's Schema.from_orm
        return cls.model_validate(obj, **kw)


class InputSchema(Schema):
    """The base of every request schema (bodies, PATCH bodies, query filters). For each field:

    - text (also inside lists and dicts) with a control character — C0 except tab, newline and
      carriage return, DEL — or a lone surrogate → 422 on that field;
    - an integer outside the signed 64-bit range (ids, years, …) → 422 on that field;
    - `title` and `name` are stripped, as the web forms do, so that one of only whitespace is
      refused like an empty one: 422 "This field cannot be blank." on the field, from the
      service's model validation (with the other fields' errors);
    - `null` sent for a text field (`str` or `str | None`) → `""`, so a PATCH with
      `{"description": null}` empties the text rather than failing.

    `PatchDict[X]` of an InputSchema keeps these rules (it subclasses `X`)."""

    @field_validator("*", mode="after")
    @classmethod
    def _robust_field(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return value
        _check_value(value)
        if info.field_name in NAME_FIELDS and isinstance(value, str):
            value = value.strip()  # blank → the service's "This field cannot be blank."
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _null_text(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and _is_text(cls.model_fields.get(info.field_name)):
            return ""
        return value


def _is_text(field: Any) -> bool:
    annotation = getattr(field, "annotation", None)
    if annotation is str:
        return True
    args = getattr(annotation, "__args__", ())
    return str in args and all(a in (str, type(None)) for a in args)


def org_access(request: HttpRequest, org_slug: str) -> Access:
    """The authenticated user's `Access` in the organisation `org_slug`, or Http404 (→ 404)
    when it does not exist or the user has no reading role in it."""
    return require_roles(request_access(request, org_slug))


Scope = Callable[[Access], QuerySet]


class PackageRouter(Router):
    """A Router for an app whose `api` is a package of modules: its operations keep the OpenAPI
    operation ids `<package>_<function>` (e.g. `malbild_strategy_api_document_list`) that ninja
    gave them when the API was one module — ninja derives them from the view function's module —
    so clients generated from the schema keep their method names::

        router = PackageRouter(__package__)   # in <app>/api/_common.py
    """

    def __init__(self, package: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.operation_id_prefix = package.replace(".", "_")

    def add_api_operation(self, path, methods, view_func, *, operation_id=None, **kwargs):
        if operation_id is None:
            operation_id = f"{self.operation_id_prefix}_{view_func.__name__}"
        return super().add_api_operation(
            path, methods, view_func, operation_id=operation_id, **kwargs
        )


def scoped(model: type[Model], access: Access) -> QuerySet:
    """The rows of `model` that belong to the access's organisation."""
    return model.objects.for_access(access)


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


# Optimistic locking (docs/adr/0007-optimistic-locking.md) --------------------------------------

#: model → the schema that represents it in a 409 answer (filled by each app's api.py).
REPRESENTATIONS: dict[type[Model], type[Schema]] = {}


def representation(model: type[Model]):
    """Class decorator for an output schema: the schema a 409 answer uses for `model`."""

    def register(schema: type[Schema]) -> type[Schema]:
        REPRESENTATIONS[model] = schema
        return schema

    return register


def etag(version: int) -> str:
    """The strong entity tag of a representation at `version` (an object's lock_version)."""
    return f'"{version}"'


def if_match(request: HttpRequest, obj: Model):
    """The `If-Match` precondition of a PUT, PATCH, DELETE or POST on `obj`: a context manager
    around the service call. No header: the edit applies to the row as just loaded. A header
    with another version than the stored one: ConflictError (→ 409 with the current
    representation); the same check runs again, atomically, when the service writes::

        with if_match(request, activity):
            services.activity_update(access=access, activity=activity, data=data)
    """
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return expect_version(obj, None)
    versions = set()
    for part in header.split(","):
        tag = part.strip().removeprefix("W/").strip('"')
        if tag.isdigit() and len(tag) <= 18:
            versions.add(int(tag))
    current = getattr(obj, "lock_version", None)
    if current is None or current not in versions:
        raise ConflictError(obj)
    return expect_version(obj, current)


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
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Number of items to skip")

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


class M2MPatch(InputSchema):
    """A change to a many-to-many list in PATCH: ids to add and ids to remove; the others stay.
    (A plain list replaces the whole set.)"""

    add: list[int] = Field(default_factory=list, description="Ids to add")
    remove: list[int] = Field(default_factory=list, description="Ids to remove")


#: A many-to-many field in PATCH: the whole new list, or an add/remove change.
M2MField = list[int] | M2MPatch


def requires(predicate: Callable[[Access], bool], message) -> Callable[[Access], None]:
    """A permission check for `resolve_relations(need=...)`: PermissionDenied(message) unless
    `predicate(access)`. Give it the service's own message, so the 403 reads the same."""

    def need(access: Access) -> None:
        if not predicate(access):
            raise PermissionDenied(str(message))

    return need


#: The default of `resolve_relations`: some write permission here (an editor, a strategist or
#: an admin); the service checks the precise one afterwards.
may_edit = requires(
    lambda access: access.can_edit_anything, gettext_lazy("You do not have permission to do this.")
)
#: Strategists and admins (documents, decisions, focus areas, …).
may_edit_documents = requires(
    lambda access: access.can_edit_documents,
    gettext_lazy("You may not edit steering documents."),
)
#: Administrators (bodies of the organisation).
may_administer = requires(
    lambda access: access.is_admin, gettext_lazy("Only an administrator may manage bodies.")
)


def resolve_relations(
    data: dict[str, Any],
    *,
    access: Access,
    need: Callable[[Access], None] = may_edit,
    one: dict[str, QuerySet] | None = None,
    many=None,
) -> tuple[dict[str, Any], dict[str, list]]:
    """Turn ids in a parsed payload into objects of the caller's organisation.

    First the permission: `need(access)` (see `requires`) raises PermissionDenied (→ 403)
    before any id is looked at, so a reader gets 403, not 422, and learns nothing of which ids
    exist.
    (The service still checks the precise permission afterwards.)

    `one` maps a foreign-key field to the (organisation-scoped) queryset its id must be in;
    `many` does the same for many-to-many fields given as lists of ids (replace) or as
    `{"add": [...], "remove": [...]}` (an `M2MChange` for the service). Returns
    `(data, m2m)`: `data` with the foreign keys replaced by objects (None stays None) and
    the many-to-many lists moved into `m2m`, ready for a service. An id outside the queryset
    (missing or another organisation's) → ValidationError naming the field (→ 422); the
    lookups cost one query per field present, whatever the number of ids."""
    need(access)
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
        value = data.pop(field)
        if isinstance(value, dict | M2MPatch):
            change = value if isinstance(value, dict) else value.dict()
            add = list(dict.fromkeys(change.get("add") or []))
            remove = list(dict.fromkeys(change.get("remove") or []))
            found = queryset.in_bulk(add + remove) if add or remove else {}
            if len(found) != len(set(add + remove)):
                errors[field] = [_invalid_choice()]
            else:
                m2m[field] = M2MChange(
                    add=[found[i] for i in add], remove=[found[i] for i in remove]
                )
            continue
        ids = list(dict.fromkeys(value or []))
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
