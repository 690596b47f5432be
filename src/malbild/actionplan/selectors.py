"""Reads of activities: scoped to the organisation, filtered and sorted, prefetched."""

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from malbild.core.access import Access

from .constants import BudgetKind
from .models import Activity, BudgetLine

SORTS = {
    "title": ("title",),
    "-title": ("-title",),
    "number": ("number", "title"),
    "status": ("status", "title"),
    "start_year": ("start_year", "title"),
    "-start_year": ("-start_year", "title"),
    "body": ("responsible_body__name", "title"),
    "budget": ("budget_total", "title"),
    "-budget": ("-budget_total", "title"),
    "-number": ("-number", "-title"),
    "-status": ("-status", "title"),
    "-body": ("-responsible_body__name", "title"),
}


def needs_benefit_calculation():
    """Whether an activity (annotated with `budget_total`) must have a benefit calculation and
    has none: its total budget exceeds the threshold its organisation set. The threshold and
    the calculation belong to the benefits app, a higher layer, reached only through the
    reverse relations `organisation.benefit_settings` and `activity.benefit_calculation`
    (docs/adr/0020-benefit-calculations.md)."""
    return Case(
        When(
            Q(benefit_calculation__isnull=True)
            & Q(budget_total__gt=F("organisation__benefit_settings__budget_threshold")),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def budget_total():
    """The sum of an activity's budget lines (None without lines) as a subquery per row: a
    list ordered and cut to a page reads the sums of that page only, and counts without a
    GROUP BY over the activities and their budget lines (issue #11)."""
    lines = (
        BudgetLine.objects.filter(activity_id=OuterRef("pk"))
        .order_by()
        .values("activity_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(lines, output_field=DecimalField(max_digits=20, decimal_places=2))


def activity_list(
    *,
    access: Access,
    document=None,
    body: int | None = None,
    status: str | None = None,
    year: int | None = None,
    focus_area: int | None = None,
    q: str | None = None,
    sort: str | None = None,
):
    """Activities of the organisation with the list filters applied.

    `body` matches responsible or co-responsible; `year` matches activities running that year.
    """
    qs = (
        Activity.objects.for_access(access)
        .select_related("responsible_body", "document", "primary_focus_area")
        .prefetch_related("focus_areas", "co_responsible_bodies")
        .annotate(budget_total=budget_total())
        .annotate(needs_benefit_calculation=needs_benefit_calculation())
    )
    if document is not None:
        qs = qs.filter(document=document)
    if body:
        qs = qs.filter(
            Q(responsible_body_id=body)
            | Q(
                pk__in=Activity.co_responsible_bodies.through.objects.filter(body_id=body).values(
                    "activity_id"
                )
            )
        )
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(
            Q(start_year__isnull=True) | Q(start_year__lte=year),
            Q(end_year__isnull=True) | Q(end_year__gte=year),
        )
    if focus_area:
        qs = qs.filter(
            pk__in=Activity.focus_areas.through.objects.filter(focusarea_id=focus_area).values(
                "activity_id"
            )
        )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(number__icontains=q))
    return qs.order_by(*SORTS.get(sort or "number", SORTS["number"]))


def activity_get(*, access: Access, ref) -> Activity:
    """One activity of the organisation by its public reference (uid or id), with what its
    page and its API answer show; 404 for another organisation's or a malformed reference."""
    return get_object_or_404(
        Activity.objects.for_access(access)
        .by_ref(ref)
        .annotate(budget_total=Sum("budget_lines__amount"))
        .annotate(needs_benefit_calculation=needs_benefit_calculation())
        .select_related("responsible_body", "document", "primary_focus_area")
        .prefetch_related(
            "focus_areas", "goals", "co_responsible_bodies", "catalogue_items", "budget_lines"
        )
    )


def budget_line_get(*, access: Access, ref, activity: Activity | None = None) -> BudgetLine:
    """One budget line (of `activity`, if given) by uid or id, or 404 (also for another
    organisation's line)."""
    qs = BudgetLine.objects.for_access(access).by_ref(ref).select_related("activity")
    if activity is not None:
        qs = qs.filter(activity=activity)
    return get_object_or_404(qs)


def activity_budget_summary(*, activity: Activity) -> dict:
    """Budget lines of an activity with totals per year and kind, from the prefetched lines.

    Returns `lines` (ordered), `years` (sorted), `kinds` (value, label) present, `rows`
    (one per year: year, amounts per kind in `kinds` order, total), `kind_totals` (per kind, in
    `kinds` order) and `total`."""
    from decimal import Decimal

    lines = sorted(activity.budget_lines.all(), key=lambda b: (b.year, b.kind, b.pk))
    years = sorted({b.year for b in lines})
    kinds = [(value, label) for value, label in BudgetKind.choices]
    cells: dict[tuple[int, str], Decimal] = {}
    for b in lines:
        cells[(b.year, b.kind)] = cells.get((b.year, b.kind), Decimal(0)) + b.amount
    rows = []
    for year in years:
        amounts = [cells.get((year, value), Decimal(0)) for value, _label in kinds]
        rows.append({"year": year, "amounts": amounts, "total": sum(amounts, Decimal(0))})
    kind_totals = [
        sum((cells.get((y, value), Decimal(0)) for y in years), Decimal(0))
        for value, _label in kinds
    ]
    return {
        "lines": lines,
        "years": years,
        "kinds": kinds,
        "rows": rows,
        "kind_totals": kind_totals,
        "total": sum(kind_totals, Decimal(0)),
    }
