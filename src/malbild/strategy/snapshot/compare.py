"""Comparing two snapshots item by item (any format; both are upgraded first).

Items are matched by uid. A field changes when its *meaning* changes: references compare by
uid (a renamed body or focus area does not mark the items pointing at it as changed; the label
shown is the newer one), budgets compare line by line.
"""

from typing import Any

from .schema import upgrade


def is_ref(value) -> bool:
    return isinstance(value, dict) and set(value) == {"uid", "label"}


def is_budget(value) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and {"year", "kind", "amount"} <= set(v) for v in value)
    )


def _refs(value) -> list[dict] | None:
    """`value` as a list of references, or None when it is not a reference (list)."""
    if is_ref(value):
        return [value]
    if isinstance(value, list) and value and all(is_ref(v) for v in value):
        return value
    return None


def same(before, after) -> bool:
    """Whether two field values mean the same. References compare by uid; when one side has
    none (a body upgraded from format 1), by label."""
    a, b = _refs(before), _refs(after)
    if a is not None or b is not None:
        a, b = a or [], b or []
        if all(r["uid"] for r in a + b):
            return sorted(r["uid"] for r in a) == sorted(r["uid"] for r in b)
        return sorted(r["label"] or "" for r in a) == sorted(r["label"] or "" for r in b)
    empty = ("", [], {}, None)
    if before in empty and after in empty:
        return True
    return before == after


def budget_changes(before: list | None, after: list | None) -> list[dict[str, Any]]:
    """Per budget line: added, removed, or changed (amount, source, year or kind). Lines match
    by uid, else (a format-1 line has none) by year and kind."""
    before, after = list(before or []), list(after or [])
    pairs: list[tuple[dict | None, dict | None]] = []
    rest = []
    old_by_uid = {line["uid"]: line for line in before if line.get("uid")}
    for line in after:
        old = old_by_uid.pop(line["uid"], None) if line.get("uid") else None
        if old is not None:
            pairs.append((old, line))
        else:
            rest.append(line)
    unmatched = [line for line in before if not line.get("uid") or line["uid"] in old_by_uid]
    for line in rest:
        old = next(
            (o for o in unmatched if (o["year"], o["kind"]) == (line["year"], line["kind"])), None
        )
        if old is not None:
            unmatched.remove(old)
        pairs.append((old, line))
    pairs.extend((old, None) for old in unmatched)
    changes = []
    for old, new in pairs:
        if old is None:
            change = "added"
        elif new is None:
            change = "removed"
        elif _line_value(old) != _line_value(new):
            change = "changed"
        else:
            continue
        line = new or old
        changes.append(
            {
                "change": change,
                "year": line["year"],
                "kind": line["kind"],
                "before": old,
                "after": new,
            }
        )
    changes.sort(key=lambda c: (c["year"], c["kind"]))
    return changes


def _line_value(line: dict) -> tuple:
    from decimal import Decimal

    return (line["year"], line["kind"], Decimal(str(line["amount"])), line.get("source", ""))


def field_changes(a: dict, b: dict, *, common: bool = False) -> list[dict[str, Any]]:
    """Changed fields; with `common`, only fields both sides hold (a field an older format did
    not record is not a change)."""
    changes = []
    for key in sorted(a.keys() & b.keys() if common else a.keys() | b.keys()):
        before, after = a.get(key), b.get(key)
        if key == "budget" or is_budget(before) or is_budget(after):
            lines = budget_changes(before, after)
            if lines:
                changes.append({"field": key, "before": before, "after": after, "lines": lines})
        elif not same(before, after):
            changes.append({"field": key, "before": before, "after": after})
    return changes


def snapshot_labels(*snapshots: dict[str, Any]) -> dict[str, str]:
    """uid → label over the given snapshots (later ones win), references included."""
    labels: dict[str, str] = {}
    for snap in snapshots:
        snap = upgrade(snap)
        for item in snap["items"]:
            for value in item["fields"].values():
                for ref in value if isinstance(value, list) else [value]:
                    if is_ref(ref) and ref["uid"] and ref["label"]:
                        labels.setdefault(ref["uid"], ref["label"])
        for item in snap.get("inherited") or []:
            labels.setdefault(item["uid"], item["label"])
        for item in snap["items"]:
            labels[item["uid"]] = item["label"]
    return labels


def _head(item: dict[str, Any]) -> dict[str, Any]:
    return {"uid": item["uid"], "type": item["type"], "label": item["label"]}


def _item_changes(old_list: list[dict], new_list: list[dict]) -> list[dict[str, Any]]:
    old_items = {i["uid"]: i for i in old_list}
    new_uids = {i["uid"] for i in new_list}
    changes: list[dict[str, Any]] = []
    for item in new_list:
        before = old_items.get(item["uid"])
        if before is None:
            fields = field_changes({}, item["fields"])
            changes.append({**_head(item), "change": "added", "fields": fields})
        elif before["fields"] != item["fields"]:  # equal fields (most items): no change
            fc = field_changes(before["fields"], item["fields"], common=True)
            if fc:
                changes.append({**_head(item), "change": "changed", "fields": fc})
    for item in old_list:
        if item["uid"] not in new_uids:
            fields = field_changes(item["fields"], {})
            changes.append({**_head(item), "change": "removed", "fields": fields})
    return changes


def snapshot_compare(
    old: dict[str, Any], new: dict[str, Any], *, labels: bool = True
) -> dict[str, Any]:
    """Added, removed and changed items between two snapshots, with field-level before/after
    (a budget change also lists its `lines`).

    Returns {"document": [field changes], "changes": [{uid, type, label, change, fields}],
    "inherited": [the same for inherited items, each with its `source`], "labels": {uid: label},
    "counts": {...}}: changes in the new document's order, removed items where they stood in
    the old one. Inherited items are compared only when both sides recorded them (a snapshot
    frozen before they were is not "missing" them); they are not counted in `counts`.
    `labels=False` leaves out `labels` (an empty dict) for callers that do not show them.
    """
    old, new = upgrade(old), upgrade(new)
    changes = _item_changes(old["items"], new["items"])
    inherited: list[dict[str, Any]] = []
    if old.get("inherited") is not None and new.get("inherited") is not None:
        sources = {i["uid"]: i["source"] for i in old["inherited"] + new["inherited"]}
        inherited = [
            {**c, "source": sources.get(c["uid"])}
            for c in _item_changes(old["inherited"], new["inherited"])
        ]
    return {
        "document": field_changes(
            old["document"]["fields"], new["document"]["fields"], common=True
        ),
        "changes": changes,
        "inherited": inherited,
        "labels": snapshot_labels(old, new) if labels else {},
        "counts": {
            kind: sum(1 for c in changes if c["change"] == kind)
            for kind in ("added", "removed", "changed")
        },
    }
