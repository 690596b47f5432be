"""The tree a steering document implements, across any number of levels (vision → strategy →
action plan → committee plans), and what the documents below it contribute.

- **Inherited.** Focus areas (with their goals and indicators) come from the nearest document
  of the lineage (the document itself first, then its parent, grandparent …) that has focus
  areas; overall goals likewise from the nearest one that has overall goals. A document's own
  activities are placed under them.
- **Counted once.** An activity's budget and count go to its `primary_focus_area` only; the
  other areas it serves show it as "also serves" without counting it. The focus-area sums plus
  "not linked to a focus area" equal the document's total, for its own activities and for
  each level below it.
- **Contributions.** The activities of every descendant (children, their children …) are
  tallied per focus area they count under (the tree's own, or a descendant's own), per
  descendant and in total: number, budget and status breakdown.

Activities and budget lines belong to actionplan, above strategy: they are read through the
reverse relations of strategy's models (declared by actionplan), never imported. A fixed
number of queries whatever the size and depth of the tree (see `document_tree`).
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ..models import FocusArea, Goal, Indicator, OverallGoal, Section, SteeringDocument
from .lineage import descendants_in, lineage_in, org_documents


def _activity_model():
    return SteeringDocument._meta.get_field("activities").related_model


def activity_status_labels() -> dict[str, str]:
    """Status code → translated label, in the order of the activity's status choices."""
    return {code: str(label) for code, label in _activity_model()._meta.get_field("status").choices}


@dataclass
class Tally:
    """Number of activities, their budget and how many are in each status."""

    count: int = 0
    budget: Decimal = Decimal(0)
    statuses: Counter = field(default_factory=Counter)

    def add(self, activity) -> None:
        self.count += 1
        self.budget += activity.budget_total
        self.statuses[activity.status] += 1

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.count + other.count, self.budget + other.budget, self.statuses + other.statuses
        )

    @property
    def status_rows(self) -> list[dict[str, Any]]:
        """[{status, label, count}] for the statuses present, in the status choices' order."""
        return [
            {"status": code, "label": label, "count": self.statuses[code]}
            for code, label in activity_status_labels().items()
            if self.statuses.get(code)
        ]

    @property
    def status_counts(self) -> dict[str, int]:
        """Every status code with its count (0 included)."""
        return {code: self.statuses.get(code, 0) for code in activity_status_labels()}


@dataclass
class Contribution:
    """What the documents below contribute to one focus area (or to none: `focus_area` None)."""

    focus_area: Any
    source: SteeringDocument | None
    in_tree: bool  # one of the focus areas the document's page shows
    tally: Tally = field(default_factory=Tally)
    by_document: dict[int, Tally] = field(default_factory=dict)
    documents: list = field(default_factory=list)  # [(document, Tally)] in tree order


@dataclass
class DescendantRow:
    document: SteeringDocument
    depth: int
    tally: Tally = field(default_factory=Tally)


@dataclass
class DocumentTree:
    """Everything the document page, the tree API and reports show of one document."""

    document: SteeringDocument
    lineage: list  # the document first, the root last
    focus_area_document: SteeringDocument | None  # where the focus areas come from
    overall_goal_document: SteeringDocument | None  # where the overall goals come from
    overall_goals: list
    sections: list
    focus_areas: list
    unlinked_activities: list
    unlinked_indicators: list
    own_unlinked: Tally
    own_total: Tally
    descendants: list  # [DescendantRow], depth-first
    contributions: list  # [Contribution] with a focus area, in tree order
    descendant_unlinked: Tally
    descendant_total: Tally
    children: list

    @property
    def own_focus_areas(self) -> bool:
        return self.focus_area_document is None or self.focus_area_document == self.document

    @property
    def own_overall_goals(self) -> bool:
        return self.overall_goal_document is None or self.overall_goal_document == self.document

    @property
    def budget_total(self) -> Decimal:
        return self.own_total.budget

    @property
    def total(self) -> Tally:
        """The document's own activities and those of every document below it."""
        return self.own_total + self.descendant_total


def _primary(activity, shown: dict[int, Any], loaded: dict[int, Any]):
    """The focus area that counts the activity: its `primary_focus_area`, or (rows written
    outside the services) the first it serves. Looked up among the focus areas `shown`, then
    those `loaded`, by id (no query)."""
    pk = activity.primary_focus_area_id
    if pk is None:
        pk = next((fa.pk for fa in activity.focus_area_list), None)
    if pk is None:
        return None
    return shown.get(pk) or loaded.get(pk)


def _mark(obj, document, docs) -> None:
    obj.source = docs.get(obj.document_id)
    obj.inherited = obj.document_id != document.pk


def focus_area_source(*, document: SteeringDocument) -> SteeringDocument | None:
    """The nearest document of the lineage (the document itself first) that has focus areas,
    or None (two queries, any depth) — what a follow-up or report of `document` groups by."""
    lineage = lineage_in(org_documents(document), document)
    with_areas = set(
        FocusArea.objects.for_org(document.organisation_id)
        .filter(document_id__in=[d.pk for d in lineage])
        .values_list("document_id", flat=True)
    )
    return next((d for d in lineage if d.pk in with_areas), None)


def _budget_sum():
    """The sum of an activity's budget lines, as a subquery per row (0 without lines): no
    GROUP BY over the activity's columns and no budget line instances."""
    BudgetLine = _activity_model()._meta.get_field("budget_lines").related_model
    lines = (
        BudgetLine.objects.filter(activity_id=OuterRef("pk"))
        .order_by()
        .values("activity_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    field = DecimalField(max_digits=20, decimal_places=2)
    return Coalesce(Subquery(lines, output_field=field), Value(Decimal(0)), output_field=field)


def _links(through, owner: str, target: str, owner_ids) -> dict[int, list[int]]:
    """{owner id: [target ids]} of a many-to-many table, in the table's order: ids only,
    no model instances (one query)."""
    links: dict[int, list[int]] = {}
    rows = (
        through.objects.filter(**{f"{owner}_id__in": owner_ids})
        .order_by(f"{target}__order", f"{target}_id")
        .values_list(f"{owner}_id", f"{target}_id")
    )
    for owner_id, target_id in rows:
        links.setdefault(owner_id, []).append(target_id)
    return links


def _activities(document, loaded_by_pk: dict[int, Any]):
    """The document's own activities with `budget_total`, `focus_area_list` (the loaded
    focus areas it serves, in (order, id) order) and `goal_ids` — three queries, no budget
    line or relation instances (not even the responsible body: see below)."""
    Activity = _activity_model()
    own = list(
        Activity.objects.for_org(document.organisation_id)
        .filter(document_id=document.pk)
        # Long text and bookkeeping no caller of the tree shows; the responsible bodies are
        # read by a page for the activities it shows (`prefetch_related_objects`).
        .defer("description", "created_at", "modified_at", "created_by", "modified_by")
        .annotate(budget_total=_budget_sum())
        .order_by("number", "title", "id")
    )
    if not own:
        return own
    own_ids = Activity.objects.for_org(document.organisation_id).filter(document_id=document.pk)
    areas = _links(Activity.focus_areas.through, "activity", "focusarea", own_ids.values("pk"))
    goals = _links(Activity.goals.through, "activity", "goal", own_ids.values("pk"))
    for act in own:
        act.focus_area_list = [
            loaded_by_pk[pk] for pk in areas.get(act.pk, []) if pk in loaded_by_pk
        ]
        act.goal_ids = goals.get(act.pk, [])
    return own


@dataclass
class _Counted:
    """What a tally needs of an activity of a document below: no model instance, its
    relations or its budget lines are loaded for them (two queries whatever their number)."""

    document_id: int
    status: str
    budget_total: Decimal
    primary_focus_area_id: int | None
    served: list  # focus area ids, in (order, id) order; read only without a primary


def _descendant_activities(document, descendants) -> list[_Counted]:
    if not descendants:
        return []
    Activity = _activity_model()
    rows = (
        Activity.objects.for_org(document.organisation_id)
        .filter(document_id__in=[d.pk for d in descendants])
        .annotate(budget=_budget_sum())
        .values_list("pk", "document_id", "status", "budget", "primary_focus_area_id")
        .order_by("number", "title", "id")
    )
    served: dict[int, list] = {}
    for activity_id, fa_id in (
        Activity.focus_areas.through.objects.filter(
            activity__document_id__in=[d.pk for d in descendants],
            activity__organisation_id=document.organisation_id,
            activity__primary_focus_area__isnull=True,
        )
        .order_by("focusarea__order", "focusarea_id")
        .values_list("activity_id", "focusarea_id")
    ):
        served.setdefault(activity_id, []).append(fa_id)
    return [
        _Counted(doc_id, status, budget or Decimal(0), primary, served.get(pk, []))
        for pk, doc_id, status, budget, primary in rows
    ]


def document_tree(*, document: SteeringDocument, targets: bool = True) -> DocumentTree:
    """The tree `document` implements, its own activities placed in it, and the
    contributions of the documents below it (see the module docstring).

    Fifteen queries whatever the size and depth (thirteen without documents below, two
    fewer without activities of its own, two fewer without indicators in the lineage): the
    organisation's documents, sections, overall goals, focus areas (+ goals, overall goals),
    indicators (+ the ids of their focus areas and goals, + targets), the document's own
    activities with their budget sums (+ the ids of their focus areas and goals) and, for
    the documents below, only what their tallies need (each activity's document, status,
    budget sum and primary focus area; the focus areas of those without one).

    Relations are read as ids and resolved to the focus areas and goals already loaded: no
    budget line, link or target instances are built per activity or indicator (issue #11:
    at 3,000 activities and 400 indicators those were most of the page's time). With
    `targets=False` the indicators' targets are not read (one query fewer); a page that
    shows only some indicators prefetches theirs (`prefetch_related_objects`).
    Each activity has `budget_total`, `focus_area_list` and `goal_ids`."""
    org = document.organisation_id
    docs = org_documents(document)
    lineage = lineage_in(docs, document)
    lineage_ids = [d.pk for d in lineage]
    rank = {pk: i for i, pk in enumerate(lineage_ids)}
    descendants = descendants_in(docs, document)

    sections = list(Section.objects.for_org(org).filter(document=document).order_by("order", "id"))
    overall = list(
        OverallGoal.objects.for_org(org).filter(document_id__in=lineage_ids).order_by("order", "id")
    )
    og_document = min(
        (docs[g.document_id] for g in overall), key=lambda d: rank[d.pk], default=None
    )
    overall_goals = [g for g in overall if og_document and g.document_id == og_document.pk]
    for g in overall_goals:
        _mark(g, document, docs)

    # The focus areas of the lineage and those the activities (here and below) count under
    # or serve, as subqueries: an OR of two joins over the activities and DISTINCT made a
    # product of their rows (seconds at 3,000 activities).
    Activity = _activity_model()
    in_tree = Activity.objects.for_org(org).filter(
        document_id__in=[document.pk, *(d.pk for d in descendants)]
    )
    loaded = list(
        FocusArea.objects.for_org(org)
        .filter(
            Q(document_id__in=lineage_ids)
            | Q(pk__in=in_tree.values("primary_focus_area_id"))
            | Q(
                pk__in=Activity.focus_areas.through.objects.filter(
                    activity__in=in_tree.values("pk")
                ).values("focusarea_id")
            )
        )
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("order", "id")),
            Prefetch("overall_goals", queryset=OverallGoal.objects.order_by("order", "id")),
        )
        .order_by("order", "id")
    )
    in_lineage = [fa for fa in loaded if fa.document_id in rank]
    fa_document = min(
        (docs[fa.document_id] for fa in in_lineage), key=lambda d: rank[d.pk], default=None
    )
    loaded_by_pk = {fa.pk: fa for fa in loaded}
    shown = {fa.pk: fa for fa in in_lineage if fa_document and fa.document_id == fa_document.pk}

    indicators = Indicator.objects.for_org(org).filter(document_id__in=lineage_ids)
    if targets:
        indicators = indicators.prefetch_related("targets")
    indicators = list(
        indicators.select_related("responsible_body")
        .defer("definition")  # long text no caller of the tree shows
        .order_by("order", "id")
    )
    indicator_areas, indicator_goals = {}, {}
    if indicators:
        ids = [i.pk for i in indicators]
        indicator_areas = _links(Indicator.focus_areas.through, "indicator", "focusarea", ids)
        indicator_goals = _links(Indicator.goals.through, "indicator", "goal", ids)
    own = _activities(document, loaded_by_pk)
    own_indicators = [i for i in indicators if i.document_id == document.pk]

    # Focus areas outside the implemented tree that own items count under or link to.
    for act in own:
        primary = _primary(act, loaded_by_pk, loaded_by_pk)
        if primary is not None and primary.pk in loaded_by_pk:
            shown.setdefault(primary.pk, loaded_by_pk[primary.pk])
    for ind in own_indicators:
        for pk in indicator_areas.get(ind.pk, []):
            if pk in loaded_by_pk:
                shown.setdefault(pk, loaded_by_pk[pk])
    focus_areas = sorted(
        shown.values(),
        key=lambda fa: (
            fa.document_id != getattr(fa_document, "pk", None),
            rank.get(fa.document_id, len(rank)),
            fa.document_id,
            fa.order,
            fa.pk,
        ),
    )
    goal_objs = {}
    for fa in focus_areas:
        _mark(fa, document, docs)
        fa.goal_list = list(fa.goals.all())
        for goal in fa.goal_list:
            goal.inherited = fa.inherited
            goal.source = fa.source
            goal.doc_activities = []
            goal.indicator_list = []
            goal_objs[goal.pk] = goal
        fa.indicator_list = []
        fa.counted_activities = []
        fa.also_activities = []
        fa.own = Tally()
        fa.contribution = None

    for ind in indicators:
        _mark(ind, document, docs)
        placed = False
        for pk in indicator_areas.get(ind.pk, []):
            if pk in shown:
                shown[pk].indicator_list.append(ind)
                placed = True
        for pk in indicator_goals.get(ind.pk, []):
            if pk in goal_objs:
                goal_objs[pk].indicator_list.append(ind)
        ind.placed = placed

    own_unlinked, own_total, unlinked = Tally(), Tally(), []
    for act in own:
        primary = _primary(act, shown, loaded_by_pk)
        act.counted_under = primary if primary is not None and primary.pk in shown else None
        act.also_serves = [fa for fa in act.focus_area_list if fa.pk != getattr(primary, "pk", 0)]
        own_total.add(act)
        if act.counted_under is None:
            own_unlinked.add(act)
            unlinked.append(act)
        else:
            act.counted_under.counted_activities.append(act)
            act.counted_under.own.add(act)
        for fa in act.also_serves:
            if fa.pk in shown:
                shown[fa.pk].also_activities.append(act)
        for pk in act.goal_ids:
            if pk in goal_objs:
                goal_objs[pk].doc_activities.append(act)

    rows = {d.pk: DescendantRow(document=d, depth=d.depth) for d in descendants}
    contributions: dict[int, Contribution] = {}
    descendant_unlinked = Tally()
    for act in _descendant_activities(document, descendants):
        rows[act.document_id].tally.add(act)
        primary_id = act.primary_focus_area_id or next(iter(act.served), None)
        primary = shown.get(primary_id) or loaded_by_pk.get(primary_id)
        if primary is None:
            descendant_unlinked.add(act)
            continue
        entry = contributions.get(primary.pk)
        if entry is None:
            entry = contributions[primary.pk] = Contribution(
                focus_area=shown.get(primary.pk, primary),
                source=docs.get(primary.document_id),
                in_tree=primary.pk in shown,
            )
        entry.tally.add(act)
        entry.by_document.setdefault(act.document_id, Tally()).add(act)
    order = {d.pk: i for i, d in enumerate(descendants)}
    tree_order = {fa.pk: i for i, fa in enumerate(focus_areas)}
    contribution_list = sorted(
        contributions.values(),
        key=lambda c: (
            not c.in_tree,
            tree_order.get(c.focus_area.pk, 0),
            order.get(c.focus_area.document_id, -1),
            c.focus_area.order,
            c.focus_area.pk,
        ),
    )
    for c in contribution_list:
        c.documents = [
            (docs[pk], tally)
            for pk, tally in sorted(c.by_document.items(), key=lambda kv: order[kv[0]])
        ]
        if c.in_tree:
            shown[c.focus_area.pk].contribution = c
    descendant_rows = [rows[d.pk] for d in descendants]
    descendant_total = sum((r.tally for r in descendant_rows), Tally())

    for fa in focus_areas:  # the names the page and older callers use
        fa.activity_count = fa.own.count
        fa.budget_total = fa.own.budget
        fa.doc_activities = fa.counted_activities
    return DocumentTree(
        document=document,
        lineage=lineage,
        focus_area_document=fa_document,
        overall_goal_document=og_document,
        overall_goals=overall_goals,
        sections=sections,
        focus_areas=focus_areas,
        unlinked_activities=unlinked,
        unlinked_indicators=[i for i in own_indicators if not i.placed],
        own_unlinked=own_unlinked,
        own_total=own_total,
        descendants=descendant_rows,
        contributions=contribution_list,
        descendant_unlinked=descendant_unlinked,
        descendant_total=descendant_total,
        children=[d for d in descendants if d.depth == 1],
    )
