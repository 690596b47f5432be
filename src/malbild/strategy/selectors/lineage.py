"""Ancestors and descendants of a steering document at any depth: the organisation's documents
are read whole (one query) and walked in Python, so that any depth costs the same."""

from ..models import SteeringDocument


def org_documents(document: SteeringDocument) -> dict[int, SteeringDocument]:
    """Every document of `document`'s organisation by pk, with its owning body (one query)."""
    docs = {
        d.pk: d
        for d in SteeringDocument.objects.for_org(document.organisation_id)
        .select_related("owning_body")
        .order_by("title", "pk")
    }
    docs[document.pk] = docs.get(document.pk, document)
    return docs


def lineage_in(docs: dict[int, SteeringDocument], document) -> list[SteeringDocument]:
    """The document and its ancestors within `docs` (no query); a stored cycle ends the walk."""
    lineage, seen, node = [], set(), docs[document.pk]
    while node is not None and node.pk not in seen:
        lineage.append(node)
        seen.add(node.pk)
        node = docs.get(node.parent_id)
    return lineage


def descendants_in(docs: dict[int, SteeringDocument], document) -> list[SteeringDocument]:
    """The documents below `document` within `docs`, depth-first, siblings by title, each
    with `depth` (1 for a child) (no query)."""
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


def document_lineage(*, document: SteeringDocument) -> list[SteeringDocument]:
    """The document and every ancestor, the document first and the root last (one query);
    a broken cycle in the stored parents ends the walk."""
    return lineage_in(org_documents(document), document)


def document_descendants(*, document: SteeringDocument) -> list[SteeringDocument]:
    """Every document below `document` — children, their children and so on — depth-first,
    siblings by title (one query). Each carries `depth` (1 for a child)."""
    return descendants_in(org_documents(document), document)
