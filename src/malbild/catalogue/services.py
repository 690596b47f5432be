"""Writes to the catalogue of IT systems and e-services (strategists and admins)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.services import model_create, model_update
from malbild.organisation.services import item_delete

from .fields import CATALOGUE_ITEM_FIELDS
from .models import CatalogueItem

#: What an edit may change.
EDITABLE = CATALOGUE_ITEM_FIELDS


def _require_same_org(access: Access, data: dict[str, Any]) -> None:
    """Http404 when a related row in `data` (the owning body) is another organisation's."""
    for value in data.values():
        if isinstance(value, Model) and hasattr(value, "organisation_id"):
            access.require_same_org(value)


def _require(access: Access) -> None:
    if not access.can_edit_documents:
        raise PermissionDenied(_("You may not edit the catalogue."))


def catalogue_item_create(*, access: Access, data: dict[str, Any]) -> CatalogueItem:
    """Add an IT system or e-service."""
    _require_same_org(access, data)
    _require(access)
    return model_create(
        model=CatalogueItem,
        actor=access.user,
        data={**data, "organisation": access.organisation},
    )


def catalogue_item_update(
    *, access: Access, item: CatalogueItem, data: dict[str, Any]
) -> CatalogueItem:
    """Change an item's fields (kind, name, owners, address, usage measure)."""
    access.require_same_org(item)
    _require_same_org(access, data)
    _require(access)
    return model_update(instance=item, actor=access.user, data=data, fields=EDITABLE)


def catalogue_item_delete(*, access: Access, item: CatalogueItem) -> None:
    """Remove an item; refused (ValidationError) while something refers to it."""
    access.require_same_org(item)
    _require(access)
    item_delete(access=access, instance=item)
