"""API for activities (åtgärder) of action plans, their status transitions and budget lines.

Reads: any role in the organisation. Writes: strategists and admins on every activity;
editors on the activities their bodies are responsible for (actionplan/services.py checks).

Activities and budget lines are addressed by uid or, as an alias, integer id. Answers with one
of them carry `ETag: "<lock_version>"`; PATCH, DELETE and the transition take `If-Match`
(a stale one → 409 with the current representation). Many-to-many fields in PATCH take a
list (replace) or `{"add": [...], "remove": [...]}` (the others stay).
"""

from decimal import Decimal
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, PatchDict, Path, Query, Router, Schema

from malbild.api.utils import (
    InputSchema,
    M2MField,
    Pagination,
    created,
    deleted,
    ids,
    if_match,
    org_access,
    paginate,
    representation,
    resolve_relations,
)
from malbild.catalogue.models import CatalogueItem
from malbild.core.access import Access
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, Goal, SteeringDocument

from . import selectors, services
from .models import Activity, BudgetLine
from .selectors import SORTS
from .workflow import activity_next_statuses

router = Router()

P = "/organisations/{org}"

#: Path parameters of one activity / budget line: uid or integer id.
ActivityRef = Path(..., description="The activity's uid (or, as an alias, its integer id)")
LineRef = Path(..., description="The budget line's uid (or, as an alias, its integer id)")


class BudgetLineIn(InputSchema):
    year: int = Field(
        ...,
        description="Within the activity's start and end years (or its plan's years when the "
        "activity has none); another year needs `confirm_outside_period`",
    )
    kind: str = Field(..., description="operating or investment")
    amount: Decimal = Field(..., description="Amount in SEK")
    financing_source: str = Field("", description="e.g. “innovation fund”")
    confirm_outside_period: bool = Field(
        False,
        description="true to keep a year outside the activity's period on purpose; without "
        "it such a year is a 422 on `year`. The same year, kind and financing source twice on "
        "one activity is always a 422 on `year`.",
    )


@representation(BudgetLine)
class BudgetLineOut(Schema):
    id: int
    uid: UUID
    lock_version: int = Field(..., description="Edit version; the ETag, for If-Match")
    activity: int
    year: int
    kind: str
    amount: Decimal
    financing_source: str

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id


class ActivityIn(InputSchema):
    document: int = Field(..., description="Id of the action plan (steering document)")
    number: str = ""
    title: str
    description: str = ""
    responsible_body: int = Field(..., description="Id of the responsible body")
    co_responsible_bodies: list[int] = []
    focus_areas: list[int] = Field([], description="Ids of the focus areas it serves")
    primary_focus_area: int | None = Field(
        None,
        description="Id of the focus area whose totals count its budget: one of `focus_areas` "
        "(422 otherwise); null → the first of them",
    )
    goals: list[int] = []
    catalogue_items: list[int] = Field([], description="Ids of linked systems and e-services")
    start_year: int | None = None
    end_year: int | None = None
    status: str = Field(
        "planned", description="Initial status: planned, or one reachable from planned"
    )
    priority: str = Field("medium", description="high, medium or low")


class ActivityPatch(InputSchema):
    """The fields to change; those left out stay. (A plain schema with optional fields rather
    than `PatchDict`: ninja's PatchDict cannot build a model with two `M2MField`s.)"""

    number: str | None = None
    title: str | None = None
    description: str | None = None
    responsible_body: int | None = None
    co_responsible_bodies: M2MField | None = Field(
        None, description='Ids (replace the set), or {"add": [...], "remove": [...]}'
    )
    focus_areas: M2MField | None = Field(None, description="Ids, or add/remove")
    primary_focus_area: int | None = Field(
        None,
        description="Id of one of the focus areas it serves (422 otherwise); null → the first",
    )
    goals: M2MField | None = Field(None, description="Ids, or add/remove")
    catalogue_items: M2MField | None = Field(None, description="Ids, or add/remove")
    start_year: int | None = None
    end_year: int | None = None
    priority: str | None = None


class ActivityOut(Schema):
    id: int
    uid: UUID
    lock_version: int = Field(..., description="Edit version; the ETag, for If-Match")
    document: int
    number: str
    title: str
    description: str
    responsible_body: int
    co_responsible_bodies: list[int]
    focus_areas: list[int]
    primary_focus_area: int | None = Field(
        ...,
        description="Id of the focus area whose totals count its budget (one of "
        "`focus_areas`; null when it serves none)",
    )
    start_year: int | None
    end_year: int | None
    status: str = Field(..., description="planned, ongoing, done, postponed or cancelled")
    status_display: str
    next_statuses: list[str] = Field(..., description="Statuses it may move to now")
    priority: str
    budget_total: Decimal = Field(..., description="Sum of its budget lines (SEK)")
    needs_benefit_calculation: bool = Field(
        ...,
        description="Its total budget exceeds the organisation's threshold for benefit "
        "calculations and it has none (“Nyttoberäkningar ska finnas för alla större "
        "investeringar”; the calculations are under /benefit-calculations)",
    )

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id

    @staticmethod
    def resolve_responsible_body(obj) -> int:
        return obj.responsible_body_id

    @staticmethod
    def resolve_co_responsible_bodies(obj) -> list[int]:
        return ids(obj.co_responsible_bodies)

    @staticmethod
    def resolve_focus_areas(obj) -> list[int]:
        return ids(obj.focus_areas)

    @staticmethod
    def resolve_primary_focus_area(obj) -> int | None:
        return obj.primary_focus_area_id

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_next_statuses(obj) -> list[str]:
        return activity_next_statuses(obj.status)

    @staticmethod
    def resolve_budget_total(obj) -> Decimal:
        return getattr(obj, "budget_total", None) or Decimal(0)

    @staticmethod
    def resolve_needs_benefit_calculation(obj) -> bool:
        return bool(getattr(obj, "needs_benefit_calculation", False))


@representation(Activity)
class ActivityDetailOut(ActivityOut):
    goals: list[int]
    catalogue_items: list[int]
    budget_lines: list[BudgetLineOut]

    @staticmethod
    def resolve_goals(obj) -> list[int]:
        return ids(obj.goals)

    @staticmethod
    def resolve_catalogue_items(obj) -> list[int]:
        return ids(obj.catalogue_items)

    @staticmethod
    def resolve_budget_lines(obj) -> list:
        return sorted(obj.budget_lines.all(), key=lambda b: (b.year, b.kind, b.pk))

    @staticmethod
    def resolve_budget_total(obj) -> Decimal:
        return sum((b.amount for b in obj.budget_lines.all()), Decimal(0))


class ActivityFilters(InputSchema):
    document: int | None = Field(None, description="Only activities of this document")
    body: int | None = Field(None, description="Responsible or co-responsible body")
    status: str | None = None
    year: int | None = Field(None, description="Activities running this year")
    focus_area: int | None = None
    q: str | None = Field(None, description="Text in the number, title or description")
    sort: str | None = Field(None, description="One of: " + ", ".join(SORTS))


class ActivityTransitionIn(InputSchema):
    status: str = Field(..., description="The new status")
    message: str = Field("", description="Why (kept in the history)")


def _relations(access: Access) -> tuple[dict, dict]:
    one = {
        "responsible_body": Body.objects.for_access(access),
        "primary_focus_area": FocusArea.objects.for_access(access),
    }
    many = {
        "co_responsible_bodies": Body.objects.for_access(access),
        "focus_areas": FocusArea.objects.for_access(access),
        "goals": Goal.objects.for_access(access),
        "catalogue_items": CatalogueItem.objects.for_access(access),
    }
    return one, many


def _activity(access: Access, ref) -> Activity:
    return selectors.activity_get(access=access, ref=ref)


@router.get(
    P + "/activities",
    response=list[ActivityOut],
    summary="List activities",
    description="Filter by document, body (responsible or co-responsible), status, year "
    "(running that year), focus area and free text; sort with `sort`.",
)
@paginate(Pagination)
def activity_list(request, org: str, filters: Query[ActivityFilters]):
    access = org_access(request, org)
    document = None
    if filters.document:
        document = get_object_or_404(
            SteeringDocument.objects.for_access(access), pk=filters.document
        )
    qs = selectors.activity_list(
        access=access,
        document=document,
        body=filters.body,
        status=filters.status,
        year=filters.year,
        focus_area=filters.focus_area,
        q=filters.q,
        sort=filters.sort,
    )
    return qs.order_by(*qs.query.order_by, "pk")


@router.post(
    P + "/activities",
    response={201: ActivityDetailOut},
    summary="Add an activity (strategist, or editor for the responsible body)",
)
def activity_create(request, org: str, payload: ActivityIn):
    access = org_access(request, org)
    one, many = _relations(access)
    one["document"] = SteeringDocument.objects.for_access(access)
    data, m2m = resolve_relations(payload.dict(), access=access, one=one, many=many)
    document = data.pop("document")
    activity = services.activity_create(access=access, document=document, data=data, m2m=m2m)
    return created(_activity(access, activity.pk))


@router.get(
    P + "/activities/{activity_id}",
    response=ActivityDetailOut,
    summary="Get an activity with its budget lines",
)
def activity_get(request, org: str, activity_id: str = ActivityRef):
    return _activity(org_access(request, org), activity_id)


@router.patch(
    P + "/activities/{activity_id}",
    response=ActivityDetailOut,
    summary="Change an activity (strategist, or editor for its responsible body)",
    description="The status changes only through the transition endpoint.",
)
def activity_update(request, org: str, payload: ActivityPatch, activity_id: str = ActivityRef):
    access = org_access(request, org)
    activity = _activity(access, activity_id)
    one, many = _relations(access)
    data, m2m = resolve_relations(
        payload.dict(exclude_unset=True), access=access, one=one, many=many
    )
    with if_match(request, activity):
        services.activity_update(access=access, activity=activity, data=data, m2m=m2m)
    return _activity(access, activity.pk)


@router.delete(
    P + "/activities/{activity_id}",
    response={204: None},
    summary="Delete an activity (strategist, or editor for its responsible body)",
)
def activity_delete(request, org: str, activity_id: str = ActivityRef):
    access = org_access(request, org)
    activity = _activity(access, activity_id)
    with if_match(request, activity):
        return deleted(services.activity_delete, access=access, activity=activity)


@router.post(
    P + "/activities/{activity_id}/transition",
    response=ActivityDetailOut,
    summary="Change an activity's status",
    description="planned → ongoing → done, postponed, cancelled … (see `next_statuses`); "
    "a disallowed change is a 422 on `status`.",
)
def activity_transition(
    request, org: str, payload: ActivityTransitionIn, activity_id: str = ActivityRef
):
    access = org_access(request, org)
    activity = _activity(access, activity_id)
    with if_match(request, activity):
        services.activity_transition(
            access=access, activity=activity, status=payload.status, message=payload.message
        )
    return _activity(access, activity.pk)


# Budget lines -----------------------------------------------------------------------------------


def _activity_only(access: Access, ref) -> Activity:
    """The activity (without its prefetches), for the endpoints under it."""
    return get_object_or_404(Activity.objects.for_access(access).by_ref(ref))


@router.get(
    P + "/activities/{activity_id}/budget-lines",
    response=list[BudgetLineOut],
    summary="List an activity's budget lines",
)
@paginate(Pagination)
def budget_line_list(request, org: str, activity_id: str = ActivityRef):
    activity = _activity_only(org_access(request, org), activity_id)
    return BudgetLine.objects.filter(activity=activity).order_by("year", "kind", "id")


@router.post(
    P + "/activities/{activity_id}/budget-lines",
    response={201: BudgetLineOut},
    summary="Add a budget line",
    description="A year outside the activity's period is a 422 on `year` unless "
    "`confirm_outside_period` is true; a second line with the same year, kind and financing "
    "source is a 422 on `year`.",
)
def budget_line_create(request, org: str, payload: BudgetLineIn, activity_id: str = ActivityRef):
    access = org_access(request, org)
    activity = _activity_only(access, activity_id)
    data = payload.dict()
    confirm = data.pop("confirm_outside_period", False)
    return created(
        services.budget_line_create(
            access=access, activity=activity, data=data, confirm_outside_period=confirm
        )
    )


def _line(access: Access, ref) -> BudgetLine:
    return selectors.budget_line_get(access=access, ref=ref)


@router.get(P + "/budget-lines/{line_id}", response=BudgetLineOut, summary="Get a budget line")
def budget_line_get(request, org: str, line_id: str = LineRef):
    return _line(org_access(request, org), line_id)


@router.patch(
    P + "/budget-lines/{line_id}",
    response=BudgetLineOut,
    summary="Change a budget line",
    description="The same checks as adding one: a year moved outside the activity's period "
    "needs `confirm_outside_period`; a duplicate year, kind and financing source is refused.",
)
def budget_line_update(request, org: str, payload: PatchDict[BudgetLineIn], line_id: str = LineRef):
    access = org_access(request, org)
    line = _line(access, line_id)
    data = dict(payload)
    confirm = bool(data.pop("confirm_outside_period", False))
    with if_match(request, line):
        return services.budget_line_update(
            access=access, line=line, data=data, confirm_outside_period=confirm
        )


@router.delete(P + "/budget-lines/{line_id}", response={204: None}, summary="Delete a budget line")
def budget_line_delete(request, org: str, line_id: str = LineRef):
    access = org_access(request, org)
    line = _line(access, line_id)
    with if_match(request, line):
        return deleted(services.budget_line_delete, access=access, line=line)
