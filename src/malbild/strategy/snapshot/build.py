"""Building a format-2 snapshot of a document's working copy (fixed number of queries)."""

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
from .registry import ItemKind, SnapshotItems, item_fields, register_snapshot_items
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
    }
