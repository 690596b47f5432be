"""Snapshots and comparison of a steering document's whole tree (docs/adr/0002-versions.md).

A snapshot is plain JSON: the document's own fields plus an ordered list of items, each with
its stable `uid`, `type`, a human `label`, its `parent` uid and its fields as readable values.
Items are listed in document order so a comparison and a consultation summary can walk them.
Building a snapshot costs a fixed number of queries whatever the document size.
"""

from typing import Any

from malbild.core.audit import json_value

SNAPSHOT_FORMAT = 1

SECTION_FIELDS = ("order", "heading", "body")
OVERALL_GOAL_FIELDS = ("order", "title", "description")
FOCUS_AREA_FIELDS = ("order", "number", "title", "goal_text", "description")
GOAL_FIELDS = ("order", "title", "description")
INDICATOR_FIELDS = (
    "order",
    "name",
    "definition",
    "unit",
    "direction",
    "kind",
    "measure_type",
    "baseline_value",
    "baseline_year",
    "source",
    "kolada_kpi",
)
ACTIVITY_FIELDS = (
    "number",
    "title",
    "description",
    "start_year",
    "end_year",
    "status",
    "priority",
)
DOCUMENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "period_start",
    "period_end",
    "process_owner",
    "status",
    "registry_number",
)

TYPE_LABELS = {
    "section": "section",
    "overall_goal": "overall goal",
    "focus_area": "focus area",
    "goal": "goal",
    "indicator": "indicator",
    "activity": "activity",
}


def _fields(obj, names) -> dict[str, Any]:
    return {n: json_value(getattr(obj, n)) for n in names}


def _names(objs) -> list[str]:
    return sorted(str(o) for o in objs)


def _uids(objs) -> list[str]:
    """References to other items of the tree are stored by uid, so renaming a focus area does
    not show every activity under it as changed; `snapshot_labels` turns them back into text."""
    return sorted(str(o.uid) for o in objs)


def document_snapshot(document) -> dict[str, Any]:
    """The document's tree as JSON-safe data (see module docstring)."""
    from malbild.actionplan.models import Activity

    from .models import FocusArea, Indicator, OverallGoal, Section

    items: list[dict[str, Any]] = []

    def add(obj, type_, label, fields, parent=None):
        items.append(
            {
                "uid": str(obj.uid),
                "type": type_,
                "label": label,
                "parent": parent,
                "fields": fields,
            }
        )

    for s in Section.objects.filter(document=document).order_by("order", "id"):
        add(s, "section", s.heading, _fields(s, SECTION_FIELDS))
    for og in OverallGoal.objects.filter(document=document).order_by("order", "id"):
        add(og, "overall_goal", og.title, _fields(og, OVERALL_GOAL_FIELDS))
    focus_areas = (
        FocusArea.objects.filter(document=document)
        .prefetch_related("goals", "overall_goals")
        .order_by("order", "id")
    )
    for fa in focus_areas:
        fields = _fields(fa, FOCUS_AREA_FIELDS)
        fields["overall_goals"] = _uids(fa.overall_goals.all())
        add(fa, "focus_area", str(fa), fields)
        for g in sorted(fa.goals.all(), key=lambda g: (g.order, g.pk)):
            add(g, "goal", g.title, _fields(g, GOAL_FIELDS), parent=str(fa.uid))
    indicators = (
        Indicator.objects.filter(document=document)
        .select_related("responsible_body", "eservice")
        .prefetch_related("focus_areas", "goals", "targets")
        .order_by("order", "id")
    )
    for ind in indicators:
        fields = _fields(ind, INDICATOR_FIELDS)
        fields["responsible_body"] = str(ind.responsible_body or "")
        fields["eservice"] = str(ind.eservice or "")
        fields["focus_areas"] = _uids(ind.focus_areas.all())
        fields["goals"] = _uids(ind.goals.all())
        fields["targets"] = {
            str(t.year): json_value(t.value) if t.value is not None else t.text
            for t in ind.targets.all()
        }
        fas = list(ind.focus_areas.all())
        add(ind, "indicator", ind.name, fields, parent=str(fas[0].uid) if fas else None)
    activities = (
        Activity.objects.filter(document=document)
        .select_related("responsible_body")
        .prefetch_related(
            "focus_areas", "goals", "co_responsible_bodies", "catalogue_items", "budget_lines"
        )
        .order_by("number", "title", "id")
    )
    for act in activities:
        fields = _fields(act, ACTIVITY_FIELDS)
        fields["responsible_body"] = str(act.responsible_body)
        fields["co_responsible_bodies"] = _names(act.co_responsible_bodies.all())
        fields["focus_areas"] = _uids(act.focus_areas.all())
        fields["goals"] = _uids(act.goals.all())
        fields["catalogue_items"] = _names(act.catalogue_items.all())
        fields["budget"] = sorted(
            f"{b.year} {b.kind} {json_value(b.amount)} {b.financing_source}".strip()
            for b in act.budget_lines.all()
        )
        fas = list(act.focus_areas.all())
        add(act, "activity", str(act), fields, parent=str(fas[0].uid) if fas else None)
    return {
        "format": SNAPSHOT_FORMAT,
        "document": {"uid": str(document.uid), **_fields(document, DOCUMENT_FIELDS)},
        "items": items,
    }


def snapshot_compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Added, removed and changed items between two snapshots, with field-level before/after.

    Returns {"document": [field changes], "changes": [{uid, type, label, change, fields}]},
    changes in the new document's order, removed items where they stood in the old one.
    """
    old_items = {i["uid"]: i for i in old.get("items", [])}
    new_items = {i["uid"]: i for i in new.get("items", [])}
    changes: list[dict[str, Any]] = []

    def field_changes(a: dict, b: dict) -> list[dict[str, Any]]:
        return [
            {"field": k, "before": a.get(k), "after": b.get(k)}
            for k in sorted(a.keys() | b.keys())
            if a.get(k) != b.get(k)
        ]

    for item in new.get("items", []):
        before = old_items.get(item["uid"])
        if before is None:
            changes.append(
                {**_head(item), "change": "added", "fields": field_changes({}, item["fields"])}
            )
        else:
            fc = field_changes(before["fields"], item["fields"])
            if fc:
                changes.append({**_head(item), "change": "changed", "fields": fc})
    for item in old.get("items", []):
        if item["uid"] not in new_items:
            changes.append(
                {**_head(item), "change": "removed", "fields": field_changes(item["fields"], {})}
            )
    return {
        "document": field_changes(old.get("document", {}), new.get("document", {})),
        "changes": changes,
        "labels": snapshot_labels(old, new),
        "counts": {
            kind: sum(1 for c in changes if c["change"] == kind)
            for kind in ("added", "removed", "changed")
        },
    }


def snapshot_labels(*snapshots: dict[str, Any]) -> dict[str, str]:
    """uid → label over the given snapshots (later ones win), for showing references."""
    labels: dict[str, str] = {}
    for snap in snapshots:
        for item in snap.get("items", []):
            labels[item["uid"]] = item["label"]
    return labels


REFERENCE_FIELDS = {"overall_goals", "focus_areas", "goals"}


def _head(item: dict[str, Any]) -> dict[str, Any]:
    return {"uid": item["uid"], "type": item["type"], "label": item["label"]}
