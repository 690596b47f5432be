"""Reads of spreadsheet imports, scoped to the organisation."""

from malbild.core.access import Access
from malbild.strategy.models import SteeringDocument

from .models import SheetImport


def import_list(*, access: Access, document: SteeringDocument):
    """The document's imports, newest first (without the stored files)."""
    return (
        SheetImport.objects.for_access(access)
        .filter(document=document)
        .select_related("user")
        .defer("content", "preview")
        .order_by("-created_at", "-id")
    )
