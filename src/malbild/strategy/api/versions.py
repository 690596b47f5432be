"""API of a document's frozen versions: list, freeze the working copy, get one with its
snapshot, and compare two versions (or a version with the working copy).
"""

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema

from malbild.api.utils import InputSchema, Pagination, created, if_match, paginate

from .. import selectors, services
from ..models import DocumentVersion
from ..snapshot import snapshot_compare, upgrade, working_copy_snapshot
from ._common import P, StrategyRouter, _org_document, _ref

router = StrategyRouter()


class VersionIn(InputSchema):
    label: str = Field("", description="e.g. “Remissversion”")
    note: str = ""


class VersionOut(Schema):
    id: int
    document: int
    number: int
    label: str
    note: str
    status_at_freeze: str
    created_at: dt.datetime
    created_by: str | None

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.username if obj.created_by_id else None


class VersionDetailOut(VersionOut):
    snapshot: dict[str, Any] = Field(
        ...,
        description="The document's whole tree as frozen, in the current snapshot format "
        "(older versions are upgraded when read): items with their stable uid, references "
        "as {uid, label}, budget lines as {uid, year, kind, amount, source}, choices as codes",
    )

    @staticmethod
    def resolve_snapshot(obj) -> dict[str, Any]:
        return upgrade(obj.snapshot)


class CompareOut(Schema):
    document: list[dict[str, Any]] = Field(..., description="Changed document fields")
    changes: list[dict[str, Any]] = Field(
        ..., description="Added, removed and changed items with field-level before/after"
    )
    labels: dict[str, str]
    counts: dict[str, int]


class CompareFilters(InputSchema):
    a: int = Field(..., description="The older version number")
    b: int | None = Field(None, description="The newer version number; the working copy if empty")


# Endpoints ----------------------------------------------------------------------------------------


@router.get(
    P + "/documents/{document_id}/versions",
    response=list[VersionOut],
    summary="List a document's frozen versions",
)
@paginate(Pagination)
def version_list(request, org: str, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    return selectors.version_list(document=document).order_by("-number")


@router.post(
    P + "/documents/{document_id}/versions",
    response={201: VersionOut},
    summary="Freeze the working copy into a new version (strategist)",
)
def version_freeze(request, org: str, payload: VersionIn, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    with if_match(request, document):
        version = services.version_freeze(
            access=access, document=document, label=payload.label, note=payload.note
        )
    return created(version)


@router.get(
    P + "/documents/{document_id}/versions/{number}",
    response=VersionDetailOut,
    summary="Get a frozen version with its snapshot",
)
def version_get(request, org: str, number: int, document_id: str = _ref("document")):
    access, document = _org_document(request, org, document_id)
    return get_object_or_404(
        DocumentVersion.objects.select_related("created_by"), document=document, number=number
    )


@router.get(
    P + "/documents/{document_id}/compare",
    response=CompareOut,
    summary="Compare two versions of a document",
    description="Added, removed and changed items between version `a` and version `b` "
    "(or the current working copy when `b` is left out), with field-level before/after.",
)
def version_compare(
    request, org: str, filters: Query[CompareFilters], document_id: str = _ref("document")
):
    access, document = _org_document(request, org, document_id)
    old = get_object_or_404(DocumentVersion, document=document, number=filters.a)
    if filters.b is None:
        new_snapshot = working_copy_snapshot(document)
    else:
        new_snapshot = get_object_or_404(
            DocumentVersion, document=document, number=filters.b
        ).snapshot
    return snapshot_compare(old.snapshot, new_snapshot)
