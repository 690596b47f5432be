"""The stored format of a document snapshot (`DocumentVersion.snapshot`), and `upgrade()` from
every older format. A frozen version is never rewritten: readers upgrade on the fly.

Format 2 (docs/adr/0008-snapshot-format-2.md)::

    {"format": 2,
     "document": {"uid", "label", "fields": {...}},
     "items": [{"uid", "type", "label", "parent": uid | None, "fields": {...}}, ...],
     "inherited": [{"uid", "type", "label", "parent", "source": {uid, label}, "fields"}, ...]}

`inherited` (added 2026-12, optional: older format-2 snapshots lack it and still load) holds
what the document inherits from the documents above it — overall goals, focus areas (number,
title, overall goals) and goals its items serve, or that it implements when it has none of
its own — each with the `source` document it comes from. They are not the document's items:
readers show them as inherited, comparisons compare them only when both sides recorded them.

Field values: plain JSON (texts, numbers, decimals as strings, dates as ISO strings); choice
fields as their code (the label is resolved at render time); a reference as `{uid, label}`
(label as it was when frozen; targets outside the document included); many-to-many as a list of
references; an activity's budget as lines `{uid, year, kind, amount, source}`; an indicator's
targets as `{year: value or text}`.

Format 1 (until 2026-12) stored references inside the tree as bare uids (and out-of-tree ones
without a label), bodies and catalogue items by name, budget lines as text ("2019 operating
650000.00 source") and the document's fields flat next to its uid.
"""

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

FORMAT = 2


class Ref(BaseModel):
    """A reference. `uid` is None only for bodies and catalogue items upgraded from format 1,
    `label` only for an out-of-tree reference upgraded from format 1 (see `resolve_labels`)."""

    model_config = ConfigDict(extra="forbid")
    uid: str | None
    label: str | None


class BudgetLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uid: str | None  # None when upgraded from format 1
    year: int
    kind: str
    amount: str
    source: str


Scalar = str | int | float | bool | None
FieldValue = Scalar | Ref | list[Ref] | list[BudgetLine] | dict[str, Scalar]


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uid: str
    type: str
    label: str
    parent: str | None
    fields: dict[str, FieldValue]


class InheritedItem(BaseModel):
    """An item of an ancestor document, frozen with the document that inherits it."""

    model_config = ConfigDict(extra="forbid")
    uid: str
    type: Literal["overall_goal", "focus_area", "goal"]
    label: str
    parent: str | None
    source: Ref
    fields: dict[str, FieldValue]


class DocumentPart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uid: str
    label: str
    fields: dict[str, FieldValue]


class DocumentSnapshot(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal[2]
    document: DocumentPart
    items: list[Item]
    inherited: list[InheritedItem] | None = None  # None: frozen before inheritance was recorded


def validate(data: dict[str, Any]) -> DocumentSnapshot:
    """Parse `data` (format 2) and check every item's fields against its kind's field tuple."""
    from .registry import item_kinds

    snapshot = DocumentSnapshot.model_validate(data)
    kinds = item_kinds()
    parts = [("document", snapshot.document.fields)] + [(i.type, i.fields) for i in snapshot.items]
    parts += [(i.type, i.fields) for i in snapshot.inherited or []]
    for type_, fields in parts:
        kind = kinds.get(type_)
        if kind is None:
            raise ValueError(f"unknown item type {type_!r}")
        allowed = set(kind.fields) | set(kind.extra_labels)
        if not set(fields) <= allowed:
            raise ValueError(f"{type_}: unknown fields {sorted(set(fields) - allowed)}")
    return snapshot


def upgrade(data: dict[str, Any] | None) -> dict[str, Any]:
    """`data` in the current format (a copy when it had to change; format 2 is returned as is)."""
    if not data:
        return {"format": FORMAT, "document": {"uid": "", "label": "", "fields": {}}, "items": []}
    fmt = data.get("format", 1)
    if fmt == 1:
        data = _from_format_1(data)
        fmt = 2
    if fmt != FORMAT:
        raise ValueError(f"unknown snapshot format {fmt!r}")
    return data


# Format 1 -----------------------------------------------------------------------------------

_TREE_REFERENCES = {"overall_goals", "focus_areas", "goals"}  # lists of uids
_NAMED = {"responsible_body", "eservice"}  # a name, "" for none
_NAMED_LISTS = {"co_responsible_bodies", "catalogue_items"}  # lists of names


def _budget_line(text: str) -> dict[str, Any]:
    """ "2019 operating 650000.00 Innovationsfonden" → a budget line without uid."""
    year, kind, amount, *source = text.split(" ", 3)
    return {
        "uid": None,
        "year": int(year),
        "kind": kind,
        "amount": amount,
        "source": source[0] if source else "",
    }


def _from_format_1(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    labels = {i["uid"]: i["label"] for i in data.get("items", [])}
    items = []
    for old in data.get("items", []):
        fields = {}
        for key, value in old.get("fields", {}).items():
            if key in _TREE_REFERENCES and isinstance(value, list):
                value = [{"uid": u, "label": labels.get(u)} for u in value]
            elif key in _NAMED and isinstance(value, str):
                value = {"uid": None, "label": value} if value else None
            elif key in _NAMED_LISTS and isinstance(value, list):
                value = [{"uid": None, "label": name} for name in value]
            elif key == "budget" and isinstance(value, list):
                value = [_budget_line(t) for t in value]
            fields[key] = value
        items.append({**old, "parent": old.get("parent"), "fields": fields})
    document = dict(data.get("document", {}))
    uid = document.pop("uid", "")
    return {
        "format": 2,
        "document": {"uid": uid, "label": document.get("title", ""), "fields": document},
        "items": items,
    }
