"""What the strategy API modules share: the path prefix, the reference path parameter, the
lookup of one object in the caller's organisation, and the router class whose operation ids
do not depend on the module an endpoint lives in.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Path

from malbild.api.utils import PackageRouter, org_access
from malbild.core.access import Access

from ..models import SteeringDocument

P = "/organisations/{org}"

#: Description of a path parameter that names a document or an item.
REF = "The uid or, as an alias, the integer id"

#: The module the API once was; operation ids are `<this with _ for .>_<function name>`.


def StrategyRouter(*args, **kwargs) -> PackageRouter:
    """A router of this package whose operations keep their old operation ids."""
    return PackageRouter(__package__, *args, **kwargs)


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


def _named(func, name: str):
    """`func` under the name its endpoint has (the OpenAPI operation id is made from it)."""
    func.__name__ = func.__qualname__ = name
    return func
