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

Format 3 (docs/adr/0024-compact-stored-snapshots.md) is how format 2 is stored since 2026-12:
the same content, compact (`encode`; `upgrade` decodes it back to format 2, so every reader
sees format 2)::

    {"format": 3,
     "pool": [text | [uid, label], ...],          # repeated texts and references, once
     "document": {"uid", "label", "fields"},     # as in format 2
     "items": {"items": table of {uid, type, label, parent} (a label its fields give:
               the number of the rule, see `_LABEL_RULES`),
               "fields": {type: table of that type's fields, in document order}},
     "inherited": the same for the inherited items (or null, or absent as in format 2)}

with tables as `malbild.core.compact` stores them: column names once, a row per item,
references and repeated texts (bodies, catalogue items, financing sources, parents) as keys
into the pool, stable ids in 22 characters, budget lines as a nested table.

Format 1 (until 2026-12) stored references inside the tree as bare uids (and out-of-tree ones
without a label), bodies and catalogue items by name, budget lines as text ("2019 operating
650000.00 source") and the document's fields flat next to its uid.
"""

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from malbild.core.compact import (
    Pool,
    Table,
    check_pool_keys,
    copy_json,
    decode_table,
    decoded,
    encode_table,
)

FORMAT = 2  # the shape every reader sees (`upgrade` returns it)
STORED_FORMAT = 3  # how a frozen version is stored (`encode`)


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


class CompactItems(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: Table | list[Item]
    fields: dict[str, Table | list[dict[str, FieldValue]]]


class StoredSnapshot(BaseModel):
    """Format 3, the stored form of format 2 (`encode`)."""

    model_config = ConfigDict(extra="forbid")
    format: Literal[3]
    pool: list[str | tuple[str | None, str | None]]
    document: DocumentPart
    items: CompactItems | list[Item]
    inherited: CompactItems | list[InheritedItem] | None = None


def validate_stored(data: dict[str, Any]) -> StoredSnapshot:
    """Parse a stored format-3 snapshot: its tables, and that every key points into the pool."""
    stored = StoredSnapshot.model_validate(data)
    pool = data["pool"]
    for name in ("items", "inherited"):
        part = getattr(stored, name)
        if isinstance(part, CompactItems):
            check_pool_keys(part.items, pool, name)
            for type_, table in part.fields.items():
                check_pool_keys(table, pool, f"{name}.{type_}")
    return stored


def validate(data: dict[str, Any]) -> DocumentSnapshot:
    """Parse `data` (format 2, or format 3 as stored: checked, then read as format 2) and check
    every item's fields against its kind's field tuple."""
    from .registry import item_kinds

    if isinstance(data, dict) and data.get("format") == STORED_FORMAT:
        validate_stored(data)
        data = decode(data)
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
    if fmt == STORED_FORMAT:
        return decoded(data, decode)  # once per stored object, shared like format 2/3 were
    if fmt == 1:
        data = _from_format_1(data)
        fmt = 2
    if fmt != FORMAT:
        raise ValueError(f"unknown snapshot format {fmt!r}")
    return data


# Format 3: format 2 stored compact --------------------------------------------------------------


# An item's label as its kind's `str()` makes it from its fields: stored as the rule's number
# when a rule gives exactly the label, so the label is not stored twice.
_LABEL_RULES = (
    lambda f: f.get("title"),
    lambda f: f.get("name"),
    lambda f: f.get("heading"),
    lambda f: f"{f.get('number') or ''} {f.get('title') or ''}".strip(),
)


def _label_code(label: Any, fields: dict[str, Any]) -> Any:
    if isinstance(label, str):
        for code, rule in enumerate(_LABEL_RULES):
            if rule(fields) == label:
                return code
    return label


def _label(code: Any, fields: dict[str, Any]) -> Any:
    if isinstance(code, int) and not isinstance(code, bool):
        return _LABEL_RULES[code](fields)
    return code


def _encode_items(items: list[dict[str, Any]], pool: Pool) -> dict[str, Any] | list:
    if not all(
        isinstance(i, dict) and isinstance(i.get("fields"), dict) and isinstance(i.get("type"), str)
        for i in items
    ):
        return items  # not items as `build` makes them: kept as they are
    by_type: dict[str, list[dict[str, Any]]] = {}
    for i in items:
        by_type.setdefault(i["type"], []).append(i["fields"])
    heads = [
        {
            k: _label_code(v, i["fields"]) if k == "label" else v
            for k, v in i.items()
            if k != "fields"
        }
        for i in items
    ]
    return {
        "items": encode_table(heads, pool),
        "fields": {type_: encode_table(fields, pool) for type_, fields in by_type.items()},
    }


def _decode_items(part: dict[str, Any] | list, pool: list) -> list[dict[str, Any]]:
    if isinstance(part, list):
        return decode_table(part, pool)  # a copy of the items kept as they were
    fields = {type_: iter(decode_table(t, pool)) for type_, t in part["fields"].items()}
    items = []
    for head in decode_table(part["items"], pool):
        item = {**head, "fields": next(fields[head["type"]])}
        if "label" in item:
            item["label"] = _label(item["label"], item["fields"])
        items.append(item)
    return items


def encode(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The stored form (format 3) of a format-2 snapshot: `upgrade(encode(s)) == s`."""
    if snapshot.get("format") != FORMAT:
        raise ValueError(f"only format {FORMAT} is stored compact, not {snapshot.get('format')!r}")
    pool = Pool()
    stored: dict[str, Any] = {"format": STORED_FORMAT, "pool": pool.values}
    stored["document"] = snapshot["document"]
    stored["items"] = _encode_items(snapshot["items"], pool)
    if "inherited" in snapshot:
        inherited = snapshot["inherited"]
        stored["inherited"] = None if inherited is None else _encode_items(inherited, pool)
    return stored


def decode(data: dict[str, Any]) -> dict[str, Any]:
    """A stored format-3 snapshot as format 2 (new records; values kept as is are shared)."""
    pool = data["pool"]
    out: dict[str, Any] = {
        "format": FORMAT,
        "document": copy_json(data["document"]),
        "items": _decode_items(data["items"], pool),
    }
    if "inherited" in data:
        inherited = data["inherited"]
        out["inherited"] = None if inherited is None else _decode_items(inherited, pool)
    return out


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
