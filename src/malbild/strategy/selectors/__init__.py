"""Reads of steering documents, scoped to one organisation and prefetched so that each page
runs a fixed number of queries whatever the data size. The lineage of a document (`lineage`)
and the tree it implements across levels with its descendants' contributions (`tree`) have
modules of their own."""

from django.shortcuts import get_object_or_404

from malbild.core.access import Access

from ..models import (
    Decision,
    DocumentAttachment,
    DocumentVersion,
    FocusArea,
    Goal,
    Indicator,
    SteeringDocument,
)
from .lineage import document_descendants, document_lineage, org_documents
from .todo import todo_list
from .tree import DocumentTree, Tally, document_tree, focus_area_source

__all__ = [
    "DocumentTree",
    "Tally",
    "decision_get",
    "decision_list",
    "document_attachments",
    "document_decisions",
    "document_descendants",
    "document_get",
    "document_item_get",
    "document_lineage",
    "document_list",
    "document_tree",
    "focus_area_list",
    "focus_area_source",
    "indicator_list",
    "org_documents",
    "todo_list",
    "version_get",
    "version_list",
]


def document_list(*, access: Access):
    """All documents of the organisation, parents first."""
    return (
        SteeringDocument.objects.for_access(access)
        .select_related("owning_body", "parent")
        .order_by("parent_id", "title")
    )


def document_get(*, access: Access, ref=None, pk=None) -> SteeringDocument:
    """One document of the organisation by its public reference (uid, or the integer id as an
    alias; `pk` is kept as another name of `ref`), or 404."""
    ref = pk if ref is None else ref
    return get_object_or_404(
        SteeringDocument.objects.for_access(access)
        .select_related("owning_body", "parent")
        .by_ref(ref)
    )


def focus_area_list(*, access: Access, document: SteeringDocument | None = None):
    qs = FocusArea.objects.for_access(access).select_related("document")
    return qs.filter(document=document) if document else qs


def indicator_list(*, access: Access, document: SteeringDocument | None = None):
    qs = (
        Indicator.objects.for_access(access)
        .select_related("document", "responsible_body", "eservice")
        .prefetch_related("targets", "focus_areas", "goals")
    )
    return qs.filter(document=document) if document else qs


def version_list(*, document: SteeringDocument):
    """The document's versions without their snapshots (megabytes each; reading one of them
    costs one query)."""
    return (
        DocumentVersion.objects.filter(document=document)
        .defer("snapshot")
        .select_related("created_by")
    )


def version_get(*, access: Access, document: SteeringDocument, number: int) -> DocumentVersion:
    return get_object_or_404(
        DocumentVersion.objects.for_access(access), document=document, number=number
    )


def decision_list(*, access: Access):
    """Decisions with their body, document and version (without its snapshot)."""
    return (
        Decision.objects.for_access(access)
        .select_related("body", "document", "version")
        .defer("version__snapshot")
        .prefetch_related("distribution")
    )


def document_item_get(*, access: Access, model, ref=None, pk=None):
    """A section, overall goal, focus area, goal or indicator of the organisation by its public
    reference (uid, or the integer id as an alias; `pk` is another name of `ref`), or 404."""
    ref = pk if ref is None else ref
    related = ["focus_area__document__parent"] if model is Goal else ["document__parent"]
    if model is Indicator:
        related += ["responsible_body", "eservice"]
    return get_object_or_404(model.objects.for_access(access).select_related(*related).by_ref(ref))


def decision_get(*, access: Access, pk: int) -> Decision:
    """One decision of the organisation with its body, document and version, or 404."""
    return get_object_or_404(
        Decision.objects.for_access(access)
        .select_related("body", "document", "version")
        .prefetch_related("distribution"),
        pk=pk,
    )


def document_decisions(*, access: Access, document: SteeringDocument):
    """Decisions about one document, newest first."""
    return decision_list(access=access).filter(document=document).order_by("-date", "-id")


def document_attachments(*, access: Access, document: SteeringDocument):
    """The files kept with a document (e.g. the Word file it was created from), oldest first."""
    return (
        DocumentAttachment.objects.for_access(access)
        .filter(document=document)
        .select_related("created_by")
        .order_by("id")
    )
