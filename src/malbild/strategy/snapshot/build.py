"""Building a format-2 snapshot of a document's working copy (fixed number of queries),
with what it inherits from the documents above it (`inherited_items`)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from malbild.core.audit import json_value

from ..fields import (
    DOCUMENT_FIELDS,
    FOCUS_AREA_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    OVERALL_GOAL_FIELDS,
    SECTION_FIELDS,
)
from ..models import FocusArea, Goal, Indicator, OverallGoal, Section, SteeringDocument
from .compare import is_ref
from .registry import ItemKind, SnapshotItems, item_fields, ref, refs, register_snapshot_items
from .schema import FORMAT

DOCUMENT_KIND = ItemKind("document", _("Document"), SteeringDocument, DOCUMENT_FIELDS)
STRATEGY_KINDS = (
    ItemKind("section", _("Section"), Section, SECTION_FIELDS),
    ItemKind("overall_goal", _("Overall goal"), OverallGoal, OVERALL_GOAL_FIELDS),
    ItemKind("focus_area", _("Focus area"), FocusArea, FOCUS_AREA_FIELDS),
    ItemKind("goal", _("Goal"), Goal, GOAL_FIELDS),
    ItemKind(
        "indicator",
        _("Indicator"),
        Indicator,
        INDICATOR_FIELDS,
        extra_labels={"targets": _("targets")},
    ),
)


def item(obj, type_: str, fields: dict[str, Any], parent=None) -> dict[str, Any]:
    """One snapshot item (format 2)."""
    return {
        "uid": str(obj.uid),
        "type": type_,
        "label": str(obj),
        "parent": str(parent.uid) if parent is not None else None,
        "fields": fields,
    }


def strategy_items(document) -> list[dict[str, Any]]:
    """Sections, overall goals, focus areas with their goals, and indicators, in order."""
    items: list[dict[str, Any]] = []
    for s in Section.objects.filter(document=document).order_by("order", "id"):
        items.append(item(s, "section", item_fields(s, SECTION_FIELDS)))
    for og in OverallGoal.objects.filter(document=document).order_by("order", "id"):
        items.append(item(og, "overall_goal", item_fields(og, OVERALL_GOAL_FIELDS)))
    focus_areas = (
        FocusArea.objects.filter(document=document)
        .prefetch_related("goals", "overall_goals")
        .order_by("order", "id")
    )
    for fa in focus_areas:
        items.append(item(fa, "focus_area", item_fields(fa, FOCUS_AREA_FIELDS)))
        for g in sorted(fa.goals.all(), key=lambda g: (g.order, g.pk)):
            items.append(item(g, "goal", item_fields(g, GOAL_FIELDS), parent=fa))
    indicators = (
        Indicator.objects.filter(document=document)
        .select_related("responsible_body", "eservice")
        .prefetch_related("focus_areas", "goals", "targets")
        .order_by("order", "id")
    )
    for ind in indicators:
        fields = item_fields(ind, INDICATOR_FIELDS)
        fields["targets"] = {
            str(t.year): json_value(t.value) if t.value is not None else t.text
            for t in sorted(ind.targets.all(), key=lambda t: t.year)
        }
        fas = list(ind.focus_areas.all())
        items.append(item(ind, "indicator", fields, parent=fas[0] if fas else None))
    return items


register_snapshot_items(
    "strategy",
    SnapshotItems(kinds=(DOCUMENT_KIND, *STRATEGY_KINDS), items=strategy_items, position=0),
)


def _referenced_uids(items: list[dict[str, Any]]) -> set[str]:
    uids = set()
    for it in items:
        for value in it["fields"].values():
            for r in value if isinstance(value, list) else [value]:
                if is_ref(r) and r["uid"]:
                    uids.add(r["uid"])
    return uids


def inherited_items(document, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What `document` inherits from its ancestors, frozen with it: the overall goals, focus
    areas (number, title, the overall goals they serve) and goals its own items refer to, and —
    when the document has none of its own — the whole set of the nearest ancestor that has
    focus areas (with their goals) or overall goals, which the document implements. Each with
    its `source` document ({uid, label}); a goal's `parent` is its focus area. In the order of
    the lineage from the root, overall goals first (five queries, any depth)."""
    from ..selectors import document_lineage

    lineage = document_lineage(document=document)
    ancestors = lineage[1:]
    if not ancestors:
        return []
    rank = {d.pk: i for i, d in enumerate(lineage)}
    ids = [d.pk for d in ancestors]
    areas = list(
        FocusArea.objects.filter(document_id__in=ids)
        .prefetch_related("goals", "overall_goals")
        .order_by("order", "id")
    )
    overall = list(OverallGoal.objects.filter(document_id__in=ids).order_by("order", "id"))
    own_types = {it["type"] for it in items}
    wanted = _referenced_uids(items)

    def nearest(objs) -> int | None:
        return min((o.document_id for o in objs), key=rank.__getitem__, default=None)

    if "focus_area" not in own_types:
        fa_doc = nearest(areas)
        for fa in areas:
            if fa.document_id == fa_doc:
                wanted.add(str(fa.uid))
                wanted.update(str(g.uid) for g in fa.goals.all())
    if "overall_goal" not in own_types:
        og_doc = nearest(overall)
        wanted.update(str(g.uid) for g in overall if g.document_id == og_doc)
    for fa in areas:  # a wanted goal brings its focus area, a focus area its overall goals
        if str(fa.uid) in wanted or any(str(g.uid) in wanted for g in fa.goals.all()):
            wanted.add(str(fa.uid))
            wanted.update(str(g.uid) for g in fa.overall_goals.all())
    docs = {d.pk: d for d in lineage}

    def entry(obj, type_: str, fields: dict, parent=None) -> dict[str, Any]:
        return {
            **item(obj, type_, fields, parent=parent),
            "source": ref(docs[obj.document_id if type_ != "goal" else parent.document_id]),
        }

    out: list[dict[str, Any]] = []
    by_root = sorted(overall, key=lambda o: (-rank[o.document_id], o.order, o.pk))
    for og in by_root:
        if str(og.uid) in wanted:
            out.append(entry(og, "overall_goal", {"title": og.title}))
    for fa in sorted(areas, key=lambda o: (-rank[o.document_id], o.order, o.pk)):
        if str(fa.uid) not in wanted:
            continue
        fields = {
            "number": fa.number,
            "title": fa.title,
            "overall_goals": refs(fa.overall_goals.all()),
        }
        out.append(entry(fa, "focus_area", fields))
        for g in sorted(fa.goals.all(), key=lambda g: (g.order, g.pk)):
            if str(g.uid) in wanted:
                out.append(entry(g, "goal", {"title": g.title}, parent=fa))
    return out


def document_snapshot(document) -> dict[str, Any]:
    """The document's working copy as a format-2 snapshot (see `schema.DocumentSnapshot`)."""
    from .registry import providers

    document = SteeringDocument.objects.select_related("parent", "owning_body").get(pk=document.pk)
    items: list[dict[str, Any]] = []
    for provider in providers():
        items.extend(provider.items(document))
    return {
        "format": FORMAT,
        "document": {
            "uid": str(document.uid),
            "label": str(document),
            "fields": item_fields(document, DOCUMENT_FIELDS),
        },
        "items": items,
        "inherited": inherited_items(document, items),
    }
