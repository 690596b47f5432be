"""Reads of steering documents, scoped to one organisation and prefetched so that each page
runs a fixed number of queries whatever the data size."""

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404

from malbild.core.access import Access

from .models import (
    Decision,
    DocumentVersion,
    FocusArea,
    Goal,
    Indicator,
    SteeringDocument,
)


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


def _org_documents(document: SteeringDocument) -> dict[int, SteeringDocument]:
    """Every document of `document`'s organisation by pk (one query): the tree of a
    municipality's plans is read whole, then walked in Python, so that any depth costs the
    same number of queries."""
    docs = {
        d.pk: d
        for d in SteeringDocument.objects.for_org(document.organisation_id)
        .select_related("owning_body")
        .order_by("title", "pk")
    }
    docs[document.pk] = docs.get(document.pk, document)
    return docs


def document_lineage(*, document: SteeringDocument) -> list[SteeringDocument]:
    """The document and every ancestor, the document first and the root last (one query);
    a broken cycle in the stored parents ends the walk."""
    docs = _org_documents(document)
    lineage, seen, node = [], set(), docs[document.pk]
    while node is not None and node.pk not in seen:
        lineage.append(node)
        seen.add(node.pk)
        node = docs.get(node.parent_id)
    return lineage


def document_descendants(*, document: SteeringDocument) -> list[SteeringDocument]:
    """Every document below `document` — children, their children and so on — depth-first,
    siblings by title (one query). Each carries `depth` (1 for a child)."""
    docs = _org_documents(document)
    children: dict[int, list[SteeringDocument]] = {}
    for d in docs.values():
        if d.parent_id is not None and d.parent_id != d.pk:
            children.setdefault(d.parent_id, []).append(d)
    out, seen = [], {document.pk}

    def walk(pk: int, depth: int) -> None:
        for child in children.get(pk, []):
            if child.pk in seen:
                continue
            seen.add(child.pk)
            child.depth = depth
            out.append(child)
            walk(child.pk, depth + 1)

    walk(document.pk, 1)
    return out


def document_tree(*, document: SteeringDocument) -> dict:
    """The whole thread for the document page: overall goals → focus areas → goals →
    indicators and activities, with activity count and budget sum per focus area.

    Focus areas come from the document itself; for an action plan without focus areas of its
    own, the parent document's are used (activities serve the vision's focus areas).

    Activities and their budget lines belong to actionplan, above strategy: they are read
    through the reverse relations of strategy's models (declared by actionplan), never
    imported."""
    Activity = SteeringDocument._meta.get_field("activities").related_model
    BudgetLine = Activity._meta.get_field("budget_lines").related_model
    fa_document = document
    if not document.focus_areas.exists() and document.parent_id:
        fa_document = document.parent
    activities_qs = (
        Activity.objects.filter(document__in={document.pk, fa_document.pk})
        .select_related("responsible_body")
        .prefetch_related("budget_lines")
        .order_by("number", "title")
    )
    focus_areas = list(
        FocusArea.objects.filter(document=fa_document)
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order", "id")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("responsible_body").prefetch_related(
                    "targets"
                ),
            ),
            Prefetch("activities", queryset=activities_qs),
            "overall_goals",
        )
        .annotate(
            activity_count=Count(
                "activities", filter=Q(activities__document=document), distinct=True
            ),
        )
        .order_by("order", "id")
    )
    budget_by_fa = dict(
        BudgetLine.objects.filter(activity__document=document)
        .values_list("activity__focus_areas")
        .annotate(total=Sum("amount"))
        .values_list("activity__focus_areas", "total")
    )
    for fa in focus_areas:
        fa.budget_total = budget_by_fa.get(fa.pk) or Decimal(0)
        fa.doc_activities = [a for a in fa.activities.all() if a.document_id == document.pk]
    unlinked = list(activities_qs.filter(document=document, focus_areas__isnull=True))
    return {
        "focus_area_document": fa_document,
        "overall_goals": list(fa_document.overall_goals.order_by("order", "id")),
        "sections": list(document.sections.order_by("order", "id")),
        "focus_areas": focus_areas,
        "unlinked_activities": unlinked,
        "unlinked_indicators": list(
            Indicator.objects.filter(document=document, focus_areas__isnull=True)
            .select_related("responsible_body")
            .prefetch_related("targets")
        ),
        "budget_total": BudgetLine.objects.filter(activity__document=document).aggregate(
            s=Sum("amount")
        )["s"]
        or Decimal(0),
        "children": list(document.children.order_by("title")),
    }


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
    return DocumentVersion.objects.filter(document=document).select_related("created_by")


def version_get(*, access: Access, document: SteeringDocument, number: int) -> DocumentVersion:
    return get_object_or_404(
        DocumentVersion.objects.for_access(access), document=document, number=number
    )


def decision_list(*, access: Access):
    return (
        Decision.objects.for_access(access)
        .select_related("body", "document", "version")
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
