"""API of the tree a document implements across levels: its inherited focus areas, goals,
indicators and overall goals (marked `inherited`, with the `source` document), its own
activities placed under them (counted once, under their primary focus area), and what the
documents below it contribute per focus area, per document and in total
(`strategy.selectors.document_tree`, a fixed number of queries).
"""

from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from malbild.api.utils import org_access

from .. import selectors
from ._common import P, StrategyRouter, _ref

router = StrategyRouter()

COUNTING_RULE = (
    "An activity's count and budget go to its primary focus area only; the other focus areas it "
    "serves list it in `also_serves` without counting it. The focus areas' sums plus the "
    "unlinked tally equal the total, for the document's own activities and for those below it."
)


class TreeDocumentRef(Schema):
    id: int
    uid: UUID
    title: str
    kind: str


class TreeTally(Schema):
    count: int = Field(..., description="Number of activities")
    budget: Decimal = Field(..., description="Sum of their budget lines (SEK)")
    statuses: dict[str, int] = Field(..., description="Activities per status code")


class TreeActivity(Schema):
    id: int
    uid: UUID
    number: str
    title: str
    status: str
    budget: Decimal = Field(..., description="Sum of its budget lines (SEK)")
    counted_under: int | None = Field(
        ..., description="Id of the focus area whose totals count it (none: not linked)"
    )
    also_serves: list[int] = Field(..., description="Ids of other focus areas it serves")
    goals: list[int]


class TreeIndicator(Schema):
    id: int
    uid: UUID
    name: str
    inherited: bool = Field(..., description="From an ancestor document")
    source: TreeDocumentRef


class TreeGoal(Schema):
    id: int
    uid: UUID
    title: str
    inherited: bool
    source: TreeDocumentRef
    activities: list[int] = Field(..., description="Ids of this document's activities for it")
    indicators: list[int]


class TreeOverallGoal(Schema):
    id: int
    uid: UUID
    title: str
    inherited: bool
    source: TreeDocumentRef


class TreeDocumentTally(Schema):
    document: TreeDocumentRef
    tally: TreeTally


class TreeFocusArea(Schema):
    id: int
    uid: UUID
    number: str
    title: str
    goal_text: str
    inherited: bool = Field(..., description="From an ancestor (or another) document")
    source: TreeDocumentRef
    overall_goals: list[int]
    goals: list[TreeGoal]
    indicators: list[TreeIndicator]
    activities: list[TreeActivity] = Field(..., description="Own activities counted here")
    also_served_by: list[int] = Field(
        ..., description="Ids of own activities that serve it but are counted elsewhere"
    )
    own: TreeTally
    from_descendants: TreeTally
    descendants: list[TreeDocumentTally] = Field(
        ..., description="Per document below, what it contributes to this focus area"
    )


class TreeFocusAreaRef(Schema):
    id: int
    uid: UUID
    label: str


class TreeContribution(Schema):
    focus_area: TreeFocusAreaRef
    source: TreeDocumentRef
    in_tree: bool = Field(..., description="One of the focus areas of `focus_areas`")
    tally: TreeTally
    documents: list[TreeDocumentTally]


class TreeDescendant(Schema):
    document: TreeDocumentRef
    depth: int = Field(..., description="1 for a child, 2 for a grandchild …")
    parent: int | None
    tally: TreeTally


class DocumentTreeOut(Schema):
    document: TreeDocumentRef
    lineage: list[TreeDocumentRef] = Field(..., description="The document first, the root last")
    focus_area_document: TreeDocumentRef | None = Field(
        ..., description="The nearest document of the lineage with focus areas"
    )
    overall_goal_document: TreeDocumentRef | None
    counting_rule: str
    overall_goals: list[TreeOverallGoal]
    focus_areas: list[TreeFocusArea]
    unlinked_activities: list[TreeActivity]
    unlinked_indicators: list[TreeIndicator]
    own_unlinked: TreeTally
    own_total: TreeTally
    descendants: list[TreeDescendant]
    contributions: list[TreeContribution]
    descendant_unlinked: TreeTally
    descendant_total: TreeTally
    total: TreeTally = Field(..., description="Own activities and those of every document below")


def _doc(d) -> dict | None:
    if d is None:
        return None
    return {"id": d.pk, "uid": d.uid, "title": d.title, "kind": d.kind}


def _tally(t) -> dict:
    return {"count": t.count, "budget": t.budget, "statuses": t.status_counts}


def _activity(a) -> dict:
    counted = getattr(a, "counted_under", None)
    return {
        "id": a.pk,
        "uid": a.uid,
        "number": a.number,
        "title": a.title,
        "status": a.status,
        "budget": a.budget_total,
        "counted_under": counted.pk if counted is not None else None,
        "also_serves": [fa.pk for fa in a.also_serves],
        "goals": list(a.goal_ids),
    }


def _indicator(i) -> dict:
    return {
        "id": i.pk,
        "uid": i.uid,
        "name": i.name,
        "inherited": i.inherited,
        "source": _doc(i.source),
    }


def tree_data(tree) -> dict:
    """A `DocumentTree` as the JSON of `DocumentTreeOut`."""
    from ..selectors import Tally

    def focus_area(fa) -> dict:
        c = fa.contribution
        return {
            "id": fa.pk,
            "uid": fa.uid,
            "number": fa.number,
            "title": fa.title,
            "goal_text": fa.goal_text,
            "inherited": fa.inherited,
            "source": _doc(fa.source),
            "overall_goals": [g.pk for g in fa.overall_goals.all()],
            "goals": [
                {
                    "id": g.pk,
                    "uid": g.uid,
                    "title": g.title,
                    "inherited": g.inherited,
                    "source": _doc(g.source),
                    "activities": [a.pk for a in g.doc_activities],
                    "indicators": [i.pk for i in g.indicator_list],
                }
                for g in fa.goal_list
            ],
            "indicators": [_indicator(i) for i in fa.indicator_list],
            "activities": [_activity(a) for a in fa.counted_activities],
            "also_served_by": [a.pk for a in fa.also_activities],
            "own": _tally(fa.own),
            "from_descendants": _tally(c.tally if c else Tally()),
            "descendants": [
                {"document": _doc(d), "tally": _tally(t)} for d, t in (c.documents if c else [])
            ],
        }

    return {
        "document": _doc(tree.document),
        "lineage": [_doc(d) for d in tree.lineage],
        "focus_area_document": _doc(tree.focus_area_document),
        "overall_goal_document": _doc(tree.overall_goal_document),
        "counting_rule": COUNTING_RULE,
        "overall_goals": [
            {
                "id": g.pk,
                "uid": g.uid,
                "title": g.title,
                "inherited": g.inherited,
                "source": _doc(g.source),
            }
            for g in tree.overall_goals
        ],
        "focus_areas": [focus_area(fa) for fa in tree.focus_areas],
        "unlinked_activities": [_activity(a) for a in tree.unlinked_activities],
        "unlinked_indicators": [_indicator(i) for i in tree.unlinked_indicators],
        "own_unlinked": _tally(tree.own_unlinked),
        "own_total": _tally(tree.own_total),
        "descendants": [
            {
                "document": _doc(r.document),
                "depth": r.depth,
                "parent": r.document.parent_id,
                "tally": _tally(r.tally),
            }
            for r in tree.descendants
        ],
        "contributions": [
            {
                "focus_area": {
                    "id": c.focus_area.pk,
                    "uid": c.focus_area.uid,
                    "label": str(c.focus_area),
                },
                "source": _doc(c.source),
                "in_tree": c.in_tree,
                "tally": _tally(c.tally),
                "documents": [{"document": _doc(d), "tally": _tally(t)} for d, t in c.documents],
            }
            for c in tree.contributions
        ],
        "descendant_unlinked": _tally(tree.descendant_unlinked),
        "descendant_total": _tally(tree.descendant_total),
        "total": _tally(tree.total),
    }


@router.get(
    P + "/documents/{document_id}/tree",
    response=DocumentTreeOut,
    summary="The tree a document implements, with inherited items and what the documents "
    "below it contribute",
    description=COUNTING_RULE,
)
def document_tree(request, org: str, document_id: str = _ref("document")):
    access = org_access(request, org)
    document = selectors.document_get(access=access, ref=document_id)
    return tree_data(selectors.document_tree(document=document))
