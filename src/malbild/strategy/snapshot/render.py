"""Showing snapshots of any format the same way everywhere (versions, compare, consultation,
API-independent exports): type names, field labels, values as text (references by label,
choices by their translated label, budget lines per line) and the item tree.

Labels of choices and fields come from the item kinds' models through the registry, so this
module knows no app but strategy.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from malbild.web import formatting

from .compare import is_budget, is_ref
from .registry import item_kinds
from .schema import upgrade

EXTRA_FIELD_LABELS = {
    "uid": gettext_lazy("stable id"),
}
# Shown in comparisons (a move is a change) but not when reading a frozen version.
HIDDEN_FIELDS = {"order"}


def number(value) -> str:
    """A decimal without trailing zeros, in the active language's format (95, 99,5), as
    frozen values are shown (no thousands grouping)."""
    return formatting.number(value, grouping=False)


def type_name(type_: str) -> str:
    kind = item_kinds().get(type_)
    return str(kind.name) if kind is not None else _("Item")


def _model_field(type_: str, key: str):
    kind = item_kinds().get(type_)
    if kind is None:
        return None
    try:
        return kind.model._meta.get_field(key)
    except Exception:  # noqa: BLE001 - a key that is no model field (targets, budget)
        return None


def field_label(type_: str, key: str) -> str:
    kind = item_kinds().get(type_)
    if kind is not None and key in kind.extra_labels:
        return str(kind.extra_labels[key])
    if key in EXTRA_FIELD_LABELS:
        return str(EXTRA_FIELD_LABELS[key])
    field = _model_field(type_, key)
    if field is not None:
        return str(field.verbose_name)
    return key.replace("_", " ")


def choice_label(type_: str, key: str, code) -> str:
    """The translated label of a stored choice code (`key` may be "budget.kind")."""
    kind = item_kinds().get(type_)
    if kind is not None and key in kind.choices:
        return str(dict(kind.choices[key]).get(code, code))
    field = _model_field(type_, key)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(code, code))
    return str(code)


def ref_label(ref: dict) -> str:
    return ref.get("label") or _("(an item outside this version)")


def budget_line_text(type_: str, line: dict, *, with_year: bool = True) -> str:
    parts = [str(line["year"])] if with_year else []
    parts += [choice_label(type_, "budget.kind", line["kind"]), f"{number(line['amount'])} kr"]
    text = " ".join(parts)
    return f"{text} ({line['source']})" if line.get("source") else text


def field_value(type_: str, key: str, value) -> str:
    """A stored value as text: references by label, choices by label, lists joined."""
    if value is None or value in ("", [], {}):
        return ""
    if is_ref(value):
        return ref_label(value)
    if is_budget(value):
        return "\n".join(budget_line_text(type_, line) for line in value)
    if isinstance(value, list):
        return "; ".join(ref_label(v) if is_ref(v) else str(v) for v in value)
    if key == "targets" and isinstance(value, dict):
        return "; ".join(
            f"{year}: {number(v) if _is_number(v) else v}" for year, v in value.items()
        )
    field = _model_field(type_, key)
    if field is not None and field.choices:
        return choice_label(type_, key, value)
    if field is not None and field.get_internal_type() == "DecimalField":
        return number(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _is_number(value) -> bool:
    try:
        Decimal(str(value))
    except ArithmeticError:
        return False
    return True


def _ordered(type_: str, fields: dict) -> list[tuple[str, Any]]:
    """Fields in the kind's tuple order, then any others (extra fields, older formats)."""
    kind = item_kinds().get(type_)
    order = {k: i for i, k in enumerate(kind.fields if kind else ())}
    return sorted(fields.items(), key=lambda kv: order.get(kv[0], len(order)))


def document_fields(snapshot: dict) -> list[tuple[str, str]]:
    """(label, text) of the document's own fields."""
    snapshot = upgrade(snapshot)
    rows = []
    for key, value in _ordered("document", snapshot["document"]["fields"]):
        text = field_value("document", key, value)
        if text:
            rows.append((field_label("document", key), text))
    return rows


def tree(snapshot: dict) -> list[dict]:
    """Items nested under their parent (a focus area's goals, indicators and activities), each
    with its type name and displayable fields; a section's text as `markdown`."""
    return _nest(upgrade(snapshot)["items"])


def inherited(snapshot: dict) -> list[dict]:
    """What the version inherits, per source document: [{source (label), nodes}] with the
    nodes nested as in `tree` (a focus area's goals under it). Empty for a snapshot frozen
    before inheritance was recorded."""
    groups: dict[str, dict] = {}
    for item in upgrade(snapshot).get("inherited") or []:
        source = item.get("source") or {}
        key = source.get("uid") or ""
        groups.setdefault(key, {"source": ref_label(source), "items": []})["items"].append(item)
    return [{"source": g["source"], "nodes": _nest(g["items"])} for g in groups.values()]


def _nest(items: list[dict]) -> list[dict]:
    nodes: list[dict] = []
    by_uid: dict[str, dict] = {}
    for item in items:
        type_ = item["type"]
        fields = []
        for key, value in _ordered(type_, item["fields"]):
            if key in HIDDEN_FIELDS or (type_ == "section" and key == "body"):
                continue
            text = field_value(type_, key, value)
            if text:
                fields.append({"key": key, "label": field_label(type_, key), "value": text})
        node = {
            "uid": item["uid"],
            "type": type_,
            "type_name": type_name(type_),
            "label": item["label"],
            "markdown": item["fields"].get("body") if type_ == "section" else None,
            "fields": fields,
            "children": [],
        }
        by_uid[item["uid"]] = node
        parent = by_uid.get(item.get("parent"))
        (parent["children"] if parent is not None else nodes).append(node)
    return nodes


def change_name(change: str) -> str:
    return {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}[change]


def field_change_rows(type_: str, change: dict) -> list[dict[str, str]]:
    """One field change as rows {key, field, before, after}: one row per budget line."""
    key = change["field"]
    if "lines" in change:
        label = field_label(type_, key)
        return [
            {
                "key": key,
                "field": f"{label} {line['year']}, "
                f"{choice_label(type_, 'budget.kind', line['kind'])}",
                "before": budget_line_text(type_, line["before"], with_year=False)
                if line["before"]
                else "",
                "after": budget_line_text(type_, line["after"], with_year=False)
                if line["after"]
                else "",
                "change": line["change"],
            }
            for line in change["lines"]
        ]
    before = field_value(type_, key, change["before"])
    after = field_value(type_, key, change["after"])
    if not before and not after:
        return []
    return [{"key": key, "field": field_label(type_, key), "before": before, "after": after}]


def _shown_change(c: dict) -> dict[str, Any]:
    return {
        **c,
        "type_name": type_name(c["type"]),
        "change_name": change_name(c["change"]),
        "fields": [row for f in c["fields"] for row in field_change_rows(c["type"], f)],
    }


def comparison(result: dict) -> dict[str, Any]:
    """A `snapshot_compare` result ready for a page or an export: document changes and item
    changes (and changes of inherited items, with their source's label) with type names,
    change names and field rows as text."""
    return {
        "document_changes": [
            row for c in result["document"] for row in field_change_rows("document", c)
        ],
        "changes": [_shown_change(c) for c in result["changes"]],
        "inherited_changes": [
            {**_shown_change(c), "source_label": ref_label(c.get("source") or {})}
            for c in result.get("inherited", [])
        ],
        "counts": result["counts"],
    }


def resolve_labels(snapshot: dict, *, organisation) -> dict:
    """Fill in the labels of out-of-tree references a format-1 snapshot stored as bare uids,
    from the organisation's current items (a deleted target keeps no label)."""
    from ..models import FocusArea, Goal, OverallGoal

    snapshot = upgrade(snapshot)
    missing = set()
    for item in snapshot["items"]:
        for value in item["fields"].values():
            for ref in value if isinstance(value, list) else [value]:
                if is_ref(ref) and ref["uid"] and not ref["label"]:
                    missing.add(ref["uid"])
    if not missing:
        return snapshot
    found: dict[str, str] = {}
    for model in (FocusArea, Goal, OverallGoal):
        for obj in model.objects.for_org(organisation).filter(uid__in=missing):
            found[str(obj.uid)] = str(obj)
    for item in snapshot["items"]:
        for value in item["fields"].values():
            for ref in value if isinstance(value, list) else [value]:
                if is_ref(ref) and ref["uid"] in found and not ref["label"]:
                    ref["label"] = found[ref["uid"]]
    return snapshot
