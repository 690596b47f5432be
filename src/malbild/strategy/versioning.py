"""Kept for callers of the first snapshot module: everything lives in `strategy.snapshot` now
(format, upgrade, building, comparison, rendering; docs/adr/0008-snapshot-format-2.md).

Also the read side of revisions (docs/adr/0009-cases-and-revisions.md): which frozen version
of a document is in force, by which decision, and how much the working copy differs from it.
"""

from .constants import DecisionKind, DocumentStatus
from .models import Decision, DocumentVersion
from .snapshot import FORMAT as SNAPSHOT_FORMAT
from .snapshot import document_snapshot, snapshot_compare, snapshot_labels, working_copy_snapshot

#: Decisions that put a version in force.
ADOPTING_KINDS = (DecisionKind.ADOPTION, DecisionKind.APPROVAL)


def adopting_decision(document, version: DocumentVersion | None) -> Decision | None:
    """The decision that adopted `version` (one referring to it), else the document's latest
    adoption or approval decision."""
    qs = Decision.objects.for_org(document.organisation_id).filter(kind__in=ADOPTING_KINDS)
    qs = qs.select_related("body").order_by("-date", "-id")
    if version is not None:
        found = qs.filter(version=version).first()
        if found is not None:
            return found
    return qs.filter(document=document).first()


def revision_state(document) -> dict | None:
    """For a document under revision: the version in force (`version`), the decision that
    adopted it (`decision`, or None), the changes of the working copy since (`counts`: added,
    removed, changed items; `document_changed`: the document's own fields, status aside) and
    their `total`. None for a document that is not under revision. A fixed number of queries
    (the snapshot of the working copy is built once per change, `working_copy_snapshot`)."""
    if document.status != DocumentStatus.REVISION or not document.adopted_version_id:
        return None
    version = DocumentVersion.objects.for_org(document.organisation_id).get(
        pk=document.adopted_version_id
    )
    result = snapshot_compare(version.snapshot, working_copy_snapshot(document))
    document_changed = any(c["field"] != "status" for c in result["document"])
    counts = result["counts"]
    return {
        "version": version,
        "decision": adopting_decision(document, version),
        "counts": counts,
        "document_changed": document_changed,
        "total": sum(counts.values()) + (1 if document_changed else 0),
    }


__all__ = [
    "ADOPTING_KINDS",
    "SNAPSHOT_FORMAT",
    "adopting_decision",
    "document_snapshot",
    "revision_state",
    "snapshot_compare",
    "snapshot_labels",
]
