"""API of the municipality-wide view (Hela kommunkoncernen) under
/organisations/{org}/followup/municipality-wide: the same figures as the web page and its
XLSX download (followup.concern), filtered by document (with the plans below it),
responsible body, year, focus area and activity status. Read-only; any role that reads the
organisation. Mounted by followup/api.py on its router."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from malbild.actionplan.constants import ActivityStatus
from malbild.api.utils import InputSchema, org_access
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, SteeringDocument

from .concern import ConcernFilters, concern_overview
from .concern.tables import activity_label, level_label

router = Router()

PATH = "/organisations/{org}/followup/municipality-wide"


class ConcernFiltersIn(InputSchema):
    document: str | None = Field(
        None, description="Uid or id of the root document: it and every document below it"
    )
    body: int | None = Field(None, description="Id of the responsible body")
    year: int | None = Field(
        None, description="Activities running or budgeted that year; only that year's money"
    )
    focus_area: int | None = Field(None, description="Activities that serve this focus area")
    status: str | None = Field(None, description="Activity status: " + ", ".join(ActivityStatus))


class ConcernYearOut(Schema):
    year: int
    budget: Decimal = Field(..., description="Budget of the year (SEK)")
    outcome: Decimal = Field(..., description="Approved outcome of the year (SEK)")


class ConcernKindOut(Schema):
    operating_budget: Decimal
    investment_budget: Decimal
    operating_outcome: Decimal
    investment_outcome: Decimal


class ConcernFiguresOut(Schema):
    activities: int = Field(..., description="Activities counted in this row")
    own: int = Field(..., description="Of them in the root document (or top-level documents)")
    descendants: int = Field(..., description="Of them in the documents below")
    status_counts: dict[str, int] = Field(..., description="Activity status → number")
    years: list[ConcernYearOut]
    by_kind: ConcernKindOut
    budget: Decimal = Field(..., description="Budget, all years (SEK)")
    outcome: Decimal = Field(..., description="Approved outcome, all years (SEK)")


class ConcernActivityRefOut(Schema):
    id: int
    uid: str
    label: str = Field(..., description="Number and title")
    document: str = Field(..., description="Title of the activity's document")


class ConcernFocusAreaOut(ConcernFiguresOut):
    id: int | None = Field(..., description="Null for the row of activities without focus area")
    uid: str | None
    label: str
    document: str = Field(..., description="Title of the document the focus area belongs to")
    also_serves: list[ConcernActivityRefOut] = Field(
        ..., description="Activities that also serve the area; their budget counts elsewhere"
    )


class ConcernBodyOut(ConcernFiguresOut):
    id: int
    uid: str
    label: str


class ConcernDocumentOut(ConcernFiguresOut):
    id: int
    uid: str
    label: str
    depth: int = Field(..., description="0 for the root (or a top-level document)")
    level: str = Field(..., description="The level in words")


class ConcernStatusOut(ConcernFiguresOut):
    status: str
    label: str


class ConcernYearRowOut(ConcernFiguresOut):
    year: int


class ConcernScopeOut(Schema):
    document_id: int | None
    document_uid: str | None
    document: str | None = Field(..., description="Title of the root; null for the whole group")
    body_id: int | None
    year: int | None
    focus_area_id: int | None
    status: str | None


class ConcernOverviewOut(Schema):
    scope: ConcernScopeOut
    years: list[int] = Field(..., description="The years of the budget columns")
    focus_areas: list[ConcernFocusAreaOut]
    bodies: list[ConcernBodyOut]
    documents: list[ConcernDocumentOut]
    statuses: list[ConcernStatusOut]
    per_year: list[ConcernYearRowOut]
    total: ConcernFiguresOut


def _figures(row: dict) -> dict:
    k = row["by_kind"]
    return {
        "activities": row["activities"],
        "own": row["own"],
        "descendants": row["descendants"],
        "status_counts": row["status_counts"],
        "years": row["years"],
        "by_kind": {
            "operating_budget": k["operating"]["budget"],
            "investment_budget": k["investment"]["budget"],
            "operating_outcome": k["operating"]["outcome"],
            "investment_outcome": k["investment"]["outcome"],
        },
        "budget": row["budget"],
        "outcome": row["outcome"],
    }


def _ref(item) -> dict:
    return {"id": item.pk, "uid": str(item.uid)} if item is not None else {"id": None, "uid": None}


def _filters(access, params: ConcernFiltersIn) -> ConcernFilters:
    """The filters with each id resolved in the organisation (another's → 404)."""
    if params.status and params.status not in ActivityStatus.values:
        raise ValidationError({"status": _("Choose one of the activity statuses.")})
    if params.year is not None and not 1900 <= params.year <= 2200:
        raise ValidationError({"year": _("Enter a year between 1900 and 2200.")})
    document = body = focus_area = None
    if params.document:
        document = get_object_or_404(
            SteeringDocument.objects.for_access(access).by_ref(params.document)
        )
    if params.body is not None:
        body = get_object_or_404(Body.objects.for_access(access), pk=params.body)
    if params.focus_area is not None:
        focus_area = get_object_or_404(
            FocusArea.objects.for_access(access).select_related("document"),
            pk=params.focus_area,
        )
    return ConcernFilters(
        document=document,
        body=body,
        year=params.year,
        focus_area=focus_area,
        status=params.status or None,
    )


@router.get(
    PATH,
    response=ConcernOverviewOut,
    summary="Municipality-wide figures per focus area, body, document, status and year",
)
def concern_overview_get(request, org: str, filters: Query[ConcernFiltersIn]):
    """Activities, budget and approved outcome of a document and every plan below it (or of
    the whole organisation): an activity's budget counts only in its primary focus area; the
    other areas it serves list it in `also_serves`; activities without focus area are in the
    row with `id` null. Every table sums to `total`."""
    access = org_access(request, org)
    flt = _filters(access, filters)
    data = concern_overview(access=access, filters=flt)
    has_root = data["root"] is not None
    return {
        "scope": {
            "document_id": flt.document.pk if flt.document else None,
            "document_uid": str(flt.document.uid) if flt.document else None,
            "document": flt.document.title if flt.document else None,
            "body_id": flt.body.pk if flt.body else None,
            "year": flt.year,
            "focus_area_id": flt.focus_area.pk if flt.focus_area else None,
            "status": flt.status,
        },
        "years": data["years"],
        "focus_areas": [
            {
                **_ref(r["item"]),
                "label": r["label"] if r["item"] is not None else _("Not linked to a focus area"),
                "document": r["detail"],
                "also_serves": [
                    {
                        "id": a.pk,
                        "uid": str(a.uid),
                        "label": activity_label(a),
                        "document": a.document.title,
                    }
                    for a in r["also_serves"]
                ],
                **_figures(r),
            }
            for r in data["focus_areas"]
        ],
        "bodies": [{**_ref(r["item"]), "label": r["label"], **_figures(r)} for r in data["bodies"]],
        "documents": [
            {
                **_ref(r["item"]),
                "label": r["label"],
                "depth": r["depth"],
                "level": level_label(r["depth"], has_root=has_root),
                **_figures(r),
            }
            for r in data["documents"]
        ],
        "statuses": [
            {"status": r["item"].value if r["item"] else "", "label": r["label"], **_figures(r)}
            for r in data["statuses"]
        ],
        "per_year": [{"year": r["item"], **_figures(r)} for r in data["per_year"]],
        "total": _figures(data["total"]),
    }
