"""Reads of the catalogue, scoped to one organisation."""

from django.shortcuts import get_object_or_404

from malbild.core.access import Access

from .models import CatalogueItem


def catalogue_list(*, access: Access, kind: str | None = None):
    qs = CatalogueItem.objects.filter(organisation=access.organisation).select_related(
        "owning_body"
    )
    return qs.filter(kind=kind) if kind else qs


def catalogue_item_get(*, access: Access, pk: int) -> CatalogueItem:
    return get_object_or_404(
        CatalogueItem.objects.select_related("owning_body"),
        pk=pk,
        organisation=access.organisation,
    )
