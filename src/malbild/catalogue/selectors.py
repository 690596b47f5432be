"""Reads of the catalogue, scoped to one organisation."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from malbild.core.access import Access

from .models import CatalogueItem


def catalogue_list(*, access: Access, kind: str | None = None):
    qs = CatalogueItem.objects.for_access(access).select_related("owning_body")
    return qs.filter(kind=kind) if kind else qs


def catalogue_item_get(*, access: Access, ref) -> CatalogueItem:
    """One item of the organisation by its public reference (uid, or the integer id), or 404."""
    return get_object_or_404(
        CatalogueItem.objects.for_access(access).select_related("owning_body").by_ref(ref)
    )


def catalogue_item_detail(*, access: Access, ref) -> CatalogueItem:
    """One catalogue item with the activities and indicators that refer to it, or 404.

    Activities and indicators are models of apps above catalogue; they are read through the
    reverse relations of CatalogueItem (declared by those apps), never imported."""
    Activity = CatalogueItem._meta.get_field("activities").related_model
    Indicator = CatalogueItem._meta.get_field("indicators").related_model
    return get_object_or_404(
        CatalogueItem.objects.for_access(access)
        .by_ref(ref)
        .select_related("owning_body")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("responsible_body", "document").order_by(
                    "number", "title", "id"
                ),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("document", "responsible_body").order_by(
                    "name", "id"
                ),
            ),
        )
    )
