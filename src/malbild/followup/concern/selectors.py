"""Reads of the municipality-wide view (Hela kommunkoncernen): a document and every plan
below it — or, without a document, every plan of the organisation — summed per focus area,
per responsible body, per document and per year: activities, budget and approved outcome.

`concern_overview` reads with a fixed number of queries (the documents, the activities, their
focus areas, the focus areas, the budget lines and the outcomes), then `_aggregate` sums in
Python, so every table is built from the same list of activities and the totals agree:

- an activity's budget counts only in its primary focus area (`Activity.primary_focus_area`;
  for an activity that serves areas but has none stored, the first served one by order, as
  `actionplan.services` keeps it); the other areas it serves list it as "also serves",
  without an amount; an activity that serves no area counts in the row "not linked";
- the outcome is the sum of the approved budget outcomes (`BudgetOutcome` of an approved
  `ActivityReport`, any period) per budget line, in the budget line's year.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from malbild.actionplan.constants import ActivityStatus, BudgetKind
from malbild.actionplan.models import Activity, BudgetLine
from malbild.core.access import Access
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, SteeringDocument
from malbild.strategy.selectors import document_descendants, document_lineage

from ..constants import ContributionState
from ..models import BudgetOutcome

#: Only approved contributions count as outcome in the municipality-wide view.
COUNTED_STATES = (ContributionState.APPROVED,)
ZERO = Decimal(0)


@dataclass(frozen=True)
class ConcernFilters:
    """What the view is narrowed to; every field is optional. `document` is the root: it and
    every document below it. `body` is the responsible body; `year` keeps the activities that
    run that year or have budget that year, and only that year's budget and outcome;
    `focus_area` keeps the activities that serve it (primary or not)."""

    document: SteeringDocument | None = None
    body: Body | None = None
    year: int | None = None
    focus_area: FocusArea | None = None
    status: str | None = None

    @property
    def is_filtered(self) -> bool:
        return any(
            v is not None for v in (self.document, self.body, self.year, self.focus_area)
        ) or bool(self.status)


def concern_overview(*, access: Access, filters: ConcernFilters | None = None) -> dict:
    """The municipality-wide tables for `filters` (a fixed number of queries). See the module
    docstring for how budget and outcome are counted; `_aggregate` describes the result."""
    filters = filters or ConcernFilters()
    scope, known = _scope_documents(access, filters.document)
    activities = list(_activities(access, filters, [d.pk for d in scope]))
    act_ids = [a.pk for a in activities]
    served = defaultdict(list)
    for activity_id, fa_id in Activity.focus_areas.through.objects.filter(
        activity_id__in=act_ids
    ).values_list("activity_id", "focusarea_id"):
        served[activity_id].append(fa_id)
    referenced = {fa for ids in served.values() for fa in ids}
    referenced |= {a.primary_focus_area_id for a in activities if a.primary_focus_area_id}
    focus_areas = {
        fa.pk: fa
        for fa in FocusArea.objects.for_access(access)
        .filter(Q(document_id__in=list(known)) | Q(pk__in=list(referenced)))
        .select_related("document")
    }
    lines = BudgetLine.objects.for_access(access).filter(activity_id__in=act_ids)
    if filters.year is not None:
        lines = lines.filter(year=filters.year)
    lines = list(lines.values_list("pk", "activity_id", "year", "kind", "amount"))
    outcomes = dict(
        BudgetOutcome.objects.for_access(access)
        .filter(budget_line_id__in=[line[0] for line in lines], report__state__in=COUNTED_STATES)
        .values("budget_line_id")
        .annotate(total=Sum("spent"))
        .values_list("budget_line_id", "total")
    )
    return _aggregate(
        filters=filters,
        scope=scope,
        known=known,
        activities=activities,
        served=served,
        focus_areas=focus_areas,
        lines=lines,
        outcomes=outcomes,
    )


def _scope_documents(
    access: Access, root: SteeringDocument | None
) -> tuple[list[SteeringDocument], dict[int, SteeringDocument]]:
    """The documents in scope, depth-first with `depth` (0 for the root, or for every
    top-level document when there is no root), and every document known for finding focus
    areas (the scope and the root's ancestors) by pk."""
    if root is not None:
        lineage = document_lineage(document=root)
        root = lineage[0]
        root.depth = 0
        scope = [root, *document_descendants(document=root)]
        return scope, {d.pk: d for d in [*lineage, *scope]}
    docs = {d.pk: d for d in SteeringDocument.objects.for_access(access).order_by("title", "pk")}
    children: dict[int | None, list[SteeringDocument]] = defaultdict(list)
    for d in docs.values():
        parent = d.parent_id if d.parent_id in docs and d.parent_id != d.pk else None
        children[parent].append(d)
    scope: list[SteeringDocument] = []
    seen: set[int] = set()

    def walk(doc: SteeringDocument, depth: int) -> None:
        seen.add(doc.pk)
        doc.depth = depth
        scope.append(doc)
        for child in children.get(doc.pk, []):
            if child.pk not in seen:
                walk(child, depth + 1)

    for top in children[None]:
        walk(top, 0)
    for d in docs.values():  # documents in a stored cycle of parents: shown as top level
        if d.pk not in seen:
            walk(d, 0)
    return scope, docs


def _activities(access: Access, filters: ConcernFilters, doc_ids: list[int]):
    qs = (
        Activity.objects.for_access(access)
        .filter(document_id__in=doc_ids)
        .select_related("responsible_body", "document")
    )
    if filters.body is not None:
        qs = qs.filter(responsible_body=filters.body)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.focus_area is not None:
        qs = qs.filter(focus_areas=filters.focus_area)
    if filters.year is not None:
        year = filters.year
        running = Q(start_year__isnull=True) | Q(start_year__lte=year)
        running &= Q(end_year__isnull=True) | Q(end_year__gte=year)
        has_budget = BudgetLine.objects.for_access(access).filter(year=year)
        qs = qs.filter(running | Q(pk__in=has_budget.values("activity_id")))
    return qs.order_by("document_id", "number", "title", "pk")


def _focus_area_document(doc: SteeringDocument, known: dict, with_areas: set[int]):
    """The nearest of `doc` and its ancestors that has focus areas (None if none has)."""
    seen = set()
    node = doc
    while node is not None and node.pk not in seen:
        if node.pk in with_areas:
            return node
        seen.add(node.pk)
        node = known.get(node.parent_id)
    return None


def _counted_area(activity, served_ids: list[int], focus_areas: dict) -> int | None:
    """The focus area whose totals count the activity's budget."""
    if activity.primary_focus_area_id in focus_areas:
        return activity.primary_focus_area_id
    areas = sorted(
        (focus_areas[pk] for pk in served_ids if pk in focus_areas), key=lambda f: (f.order, f.pk)
    )
    return areas[0].pk if areas else None


def _new_row(item, label: str, years: list[int], detail: str = "") -> dict:
    return {
        "item": item,
        "label": label,
        "detail": detail,
        "activities": 0,
        "own": 0,
        "descendants": 0,
        "status_counts": {s: 0 for s in ActivityStatus.values},
        "also_serves": [],
        "by_year": {y: {"year": y, "budget": ZERO, "outcome": ZERO} for y in years},
        "by_kind": {k: {"budget": ZERO, "outcome": ZERO} for k in BudgetKind.values},
        "budget": ZERO,
        "outcome": ZERO,
    }


def _add(row: dict, activity, money: list[tuple]) -> None:
    """Count `activity` (with its budget lines as (year, kind, budget, outcome)) in `row`."""
    row["activities"] += 1
    row["own" if activity.level == 0 else "descendants"] += 1
    row["status_counts"][activity.status] = row["status_counts"].get(activity.status, 0) + 1
    _add_money(row, money)


def _add_money(row: dict, money: list[tuple]) -> None:
    for year, kind, budget, outcome in money:
        row["by_year"][year]["budget"] += budget
        row["by_year"][year]["outcome"] += outcome
        row["by_kind"][kind]["budget"] += budget
        row["by_kind"][kind]["outcome"] += outcome
        row["budget"] += budget
        row["outcome"] += outcome


def _finish(row: dict) -> dict:
    row["years"] = list(row.pop("by_year").values())
    return row


def _aggregate(*, filters, scope, known, activities, served, focus_areas, lines, outcomes) -> dict:
    """The tables of the view, each a list of rows with the same keys (`label`, `activities`,
    `own`, `descendants`, `status_counts`, `years` [{year, budget, outcome}], `by_kind`,
    `budget`, `outcome`), and `total`, the grand total every table sums to."""
    depth = {d.pk: d.depth for d in scope}
    years = sorted({line[2] for line in lines})
    if filters.year is not None:
        years = [filters.year]
    money: dict[int, list[tuple]] = defaultdict(list)
    for pk, activity_id, year, kind, amount in lines:
        money[activity_id].append((year, kind, amount, outcomes.get(pk) or ZERO))

    # Focus-area rows: the areas of each scoped document's nearest document with areas (in
    # tree order), then any other area an activity names, then "not linked".
    with_areas = {fa.document_id for fa in focus_areas.values()}
    area_docs: list[int] = []
    for d in scope:
        source = _focus_area_document(d, known, with_areas)
        if source is not None and source.pk not in area_docs:
            area_docs.append(source.pk)
    position = {pk: i for i, pk in enumerate(area_docs)}
    in_scope = [fa for fa in focus_areas.values() if fa.document_id in position]
    in_scope.sort(key=lambda f: (position[f.document_id], f.order, f.pk))
    others = [fa for fa in focus_areas.values() if fa.document_id not in position]
    others.sort(key=lambda f: (f.document.title, f.order, f.pk))
    fa_rows = {fa.pk: _new_row(fa, str(fa), years, fa.document.title) for fa in in_scope}
    extra_rows = {fa.pk: _new_row(fa, str(fa), years, fa.document.title) for fa in others}
    unlinked = _new_row(None, "", years)

    body_rows: dict[int, dict] = {}
    doc_rows = {d.pk: _new_row(d, d.title, years) for d in scope}
    for d in scope:
        doc_rows[d.pk]["depth"] = d.depth
    status_rows = {s.value: _new_row(s, str(s.label), years) for s in ActivityStatus}
    year_rows = {y: _new_row(y, str(y), years) for y in years}
    total = _new_row(None, "", years)

    for activity in activities:
        activity.level = depth.get(activity.document_id, 0)
        own_money = money[activity.pk]
        area = _counted_area(activity, served[activity.pk], focus_areas)
        if area is None:
            _add(unlinked, activity, own_money)
        else:
            _add(fa_rows.get(area) or extra_rows[area], activity, own_money)
        for other in served[activity.pk]:
            if other != area and other in focus_areas:
                (fa_rows.get(other) or extra_rows[other])["also_serves"].append(activity)
        body = activity.responsible_body
        if body.pk not in body_rows:
            body_rows[body.pk] = _new_row(body, body.name, years)
        _add(body_rows[body.pk], activity, own_money)
        _add(doc_rows[activity.document_id], activity, own_money)
        if activity.status not in status_rows:  # a status no longer offered: its own row
            status_rows[activity.status] = _new_row(None, "–", years)
        _add(status_rows[activity.status], activity, own_money)
        _add(total, activity, own_money)
        for line in own_money:
            _add_money(year_rows[line[0]], [line])

    extra = [r for r in extra_rows.values() if r["activities"] or r["also_serves"]]
    focus_area_rows = list(fa_rows.values()) + extra
    if filters.focus_area is not None:
        focus_area_rows = [
            r
            for r in focus_area_rows
            if r["activities"] or r["also_serves"] or r["item"] == filters.focus_area
        ]
    return {
        "filters": filters,
        "root": filters.document,
        "years": years,
        "focus_areas": [_finish(r) for r in [*focus_area_rows, unlinked]],
        "bodies": [_finish(r) for r in sorted(body_rows.values(), key=lambda r: r["label"])],
        "documents": [_finish(doc_rows[d.pk]) for d in scope],
        "statuses": [_finish(r) for r in status_rows.values()],
        "per_year": [_finish(r) for r in year_rows.values()],
        "total": _finish(total),
        "activity_count": len(activities),
    }
