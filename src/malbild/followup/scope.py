"""What a follow-up period covers, and in which period each activity and indicator is reported.

A period follows up its document; with `include_descendants` also every plan below it (any
depth, `strategy.selectors.document_descendants`). A document without focus areas of its own
uses those of its nearest ancestor that has some (through any depth), and the indicators of
that ancestor are followed up with it (as `strategy.selectors.document_tree` shows them).

So one item can be listed by several periods of the same span: the action plan's own period
and a committee plan's period (which lists the action plan's indicators), or a tree period of
an ancestor and the document's own period. It is asked for only once — **the reporting rule**
(docs/adr/0010-followup-of-the-tree.md):

1. Periods with the same start and end date that list the item are its *candidates*.
2. If one of them already holds a contribution for the item (a draft or more), the item is
   reported there (if several do, the one whose document is highest in the tree).
3. Otherwise it is reported in the candidate whose document is highest in the tree (nearest
   the root): a tree period of an ancestor, or the item's own document's period, before a
   child plan's period that only inherits it.

Every other candidate shows the item read-only as "reported in …", with the values of that
contribution, and counts them in its statuses and report; the services refuse a contribution
there. Reads: three queries for the tree, one for the periods of the span.
"""

from dataclasses import dataclass, field

from malbild.strategy.models import FocusArea
from malbild.strategy.selectors import document_descendants, document_lineage

from .models import ActivityReport, FollowUpPeriod, IndicatorValue


@dataclass
class Tree:
    """The documents of the tree the period's document belongs to (read whole, from its root),
    with their depth from the root and which of them have focus areas."""

    documents: dict[int, object]
    depth: dict[int, int]
    parent: dict[int, int | None]
    children: dict[int, list[int]]
    with_focus_areas: set[int]
    order: dict[int, int] = field(default_factory=dict)

    def focus_area_document(self, pk: int) -> int:
        """The document providing `pk`'s focus areas: itself, or its nearest ancestor with
        focus areas; itself when no document up the tree has any."""
        node, seen = pk, set()
        while node is not None and node not in seen:
            if node in self.with_focus_areas:
                return node
            seen.add(node)
            node = self.parent.get(node)
        return pk

    def below(self, pk: int) -> list[int]:
        """The documents below `pk`, depth-first in the tree's order."""
        out: list[int] = []
        stack = list(reversed(self.children.get(pk, [])))
        while stack:
            node = stack.pop()
            if node in out:
                continue
            out.append(node)
            stack.extend(reversed(self.children.get(node, [])))
        return out


@dataclass
class Scope:
    """What one period lists: its documents (its own first, then those below it when it
    includes descendants) and the documents whose activities, indicators and focus areas it
    follows up."""

    document_ids: list[int]
    activity_documents: frozenset[int]
    indicator_documents: frozenset[int]
    focus_area_documents: frozenset[int]

    def lists(self, kind: str, document_id: int | None) -> bool:
        docs = self.activity_documents if kind == "activity" else self.indicator_documents
        return document_id in docs


def load_tree(document) -> Tree:
    """The tree `document` belongs to, read from its root (three queries whatever its size)."""
    lineage = document_lineage(document=document)
    root = lineage[-1]
    below = document_descendants(document=root)
    docs = {root.pk: root, **{d.pk: d for d in below}}
    depth = {root.pk: 0, **{d.pk: d.depth for d in below}}
    parent = {pk: (d.parent_id if pk != root.pk else None) for pk, d in docs.items()}
    children: dict[int, list[int]] = {}
    for d in below:  # depth-first, siblings by title: children keep that order
        children.setdefault(d.parent_id, []).append(d.pk)
    with_fa = set(
        FocusArea.objects.filter(document_id__in=list(docs))
        .values_list("document_id", flat=True)
        .distinct()
    )
    order = {root.pk: 0, **{d.pk: n for n, d in enumerate(below, start=1)}}
    return Tree(docs, depth, parent, children, with_fa, order)


def scope_of(tree: Tree, period) -> Scope:
    """The scope of `period` within `tree` (no query)."""
    own = period.document_id
    docs = [own] + (tree.below(own) if period.include_descendants else [])
    fa_docs = {tree.focus_area_document(d) for d in docs}
    return Scope(
        document_ids=docs,
        activity_documents=frozenset(docs),
        indicator_documents=frozenset(docs) | frozenset(fa_docs),
        focus_area_documents=frozenset(d for d in fa_docs if d in tree.with_focus_areas),
    )


def same_span_periods(period, tree: Tree) -> list:
    """The periods of the tree with exactly `period`'s start and end (it included; one
    query)."""
    periods = list(
        FollowUpPeriod.objects.for_org(period.organisation_id)
        .filter(start=period.start, end=period.end, document_id__in=list(tree.documents))
        .defer("snapshot")
        .select_related("document")
        .order_by("id")
    )
    if not any(p.pk == period.pk for p in periods):
        periods.append(period)
    return periods


@dataclass
class Coverage:
    """The period, its tree and scope, and the other periods of the same span with theirs:
    everything the reporting rule needs."""

    period: object
    tree: Tree
    scope: Scope
    periods: list
    scopes: dict[int, Scope]

    def candidates(self, kind: str, document_id: int) -> list:
        return [p for p in self.periods if self.scopes[p.pk].lists(kind, document_id)]

    def reporting_period(self, kind: str, document_id: int, holders: set[int] = frozenset()):
        """The period an item of `kind` belonging to `document_id` is reported in, when the
        periods whose ids are in `holders` already hold a contribution for it (the rule in
        the module docstring)."""
        candidates = self.candidates(kind, document_id) or [self.period]
        holding = [p for p in candidates if p.pk in holders]

        def rank(p):
            return (self.tree.depth.get(p.document_id, 0), p.pk)

        return min(holding or candidates, key=rank)


def coverage(period) -> Coverage:
    """The coverage of `period` (four queries whatever the tree's size)."""
    tree = load_tree(period.document)
    periods = same_span_periods(period, tree)
    scopes = {p.pk: scope_of(tree, p) for p in periods}
    return Coverage(period, tree, scopes[period.pk], periods, scopes)


def reporting_period(period, kind: str, item):
    """The period of `period`'s span that `item` (an activity or an indicator, `kind`) is
    reported in; None when `period` does not follow it up at all (five queries)."""
    cov = coverage(period)
    if not cov.scope.lists(kind, item.document_id):
        return None
    model, key = (
        (ActivityReport, "activity") if kind == "activity" else (IndicatorValue, "indicator")
    )
    holders = set(
        model.objects.filter(period_id__in=[p.pk for p in cov.periods], **{key: item}).values_list(
            "period_id", flat=True
        )
    )
    return cov.reporting_period(kind, item.document_id, holders)


def load_forest(documents) -> Tree:
    """All the trees of an organisation as one `Tree` (no query): `documents` are every
    document of the organisation (with `parent_id` and `title`), so a period's coverage can be
    computed for many periods at once. Depth counts from each document's root, as in
    `load_tree`; the reporting rule compares depths only within one tree."""
    docs = {d.pk: d for d in documents}
    parent = {pk: (d.parent_id if d.parent_id in docs else None) for pk, d in docs.items()}
    children: dict[int, list[int]] = {}
    for d in sorted(docs.values(), key=lambda d: (d.title, d.pk)):
        if parent[d.pk] is not None:
            children.setdefault(parent[d.pk], []).append(d.pk)
    depth: dict[int, int] = {}
    for pk in docs:
        node, n, seen = pk, 0, {pk}
        while parent.get(node) is not None and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
            n += 1
        depth[pk] = n
    order: dict[int, int] = {}
    roots = sorted(
        (d for d in docs.values() if parent[d.pk] is None), key=lambda d: (d.title, d.pk)
    )
    tree = Tree(docs, depth, parent, children, set(), order)
    for root in roots:
        for pk in [root.pk, *tree.below(root.pk)]:
            order.setdefault(pk, len(order))
    return tree


def coverage_in(period, tree: Tree, periods: list) -> Coverage:
    """The coverage of `period` within `tree` (from `load_forest`, with its `with_focus_areas`
    filled in), among `periods` (every period of the organisation); no query."""
    span = [p for p in periods if p.start == period.start and p.end == period.end]
    if not any(p.pk == period.pk for p in span):
        span.append(period)
    scopes = {p.pk: scope_of(tree, p) for p in span}
    return Coverage(period, tree, scopes[period.pk], span, scopes)
