"""Showing snapshots of any format the same way everywhere (versions, compare, consultation,
API-independent exports): type names, field labels, values as text (references by label,
choices by their translated label, budget lines per line) and the item tree.

Labels of choices and fields come from the item kinds' models through the registry, so this
module knows no app but strategy.
"""

import difflib
import re
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
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
    kind = item_kinds().get(type_)
    if kind is not None and key in kind.formatters:
        return kind.formatters[key](value)
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


def tree(snapshot: dict, *, formatted: bool = True) -> list[dict]:
    """Items nested under their parent (a focus area's goals, indicators and activities), each
    with its type name and displayable fields; a section's text as `markdown`. With
    `formatted=False` the nodes' `fields` are left empty until `format_nodes` fills them, so a
    page showing a part of a large version formats only what it shows."""
    return _nest(upgrade(snapshot)["items"], formatted=formatted)


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


def _fields(item: dict) -> list[dict]:
    type_ = item["type"]
    fields = []
    for key, value in _ordered(type_, item["fields"]):
        if key in HIDDEN_FIELDS or (type_ == "section" and key == "body"):
            continue
        text = field_value(type_, key, value)
        if text:
            fields.append({"key": key, "label": field_label(type_, key), "value": text})
    return fields


def format_nodes(nodes: list[dict], *, children: bool = True) -> list[dict]:
    """Fill in the displayable `fields` of `nodes` and (with `children`) of the nodes under
    them (nodes of `tree(…, formatted=False)`; formatted ones are left as they are)."""
    for node in nodes:
        item = node.pop("_item", None)
        if item is not None:
            node["fields"] = _fields(item)
        if children:
            format_nodes(node["children"])
    return nodes


def _nest(items: list[dict], *, formatted: bool = True) -> list[dict]:
    nodes: list[dict] = []
    by_uid: dict[str, dict] = {}
    for item in items:
        type_ = item["type"]
        node = {
            "uid": item["uid"],
            "type": type_,
            "type_name": type_name(type_),
            "label": item["label"],
            "markdown": item["fields"].get("body") if type_ == "section" else None,
            "fields": _fields(item) if formatted else [],
            "children": [],
        }
        if not formatted:
            node["_item"] = item
        by_uid[item["uid"]] = node
        parent = by_uid.get(item.get("parent"))
        (parent["children"] if parent is not None else nodes).append(node)
    return nodes


def change_name(change: str) -> str:
    return {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}[change]


_TOKENS = re.compile(r"\s+|\S+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The two texts as segments ("equal" | "removed" | "added", text) over words, whitespace
    kept: joining the equal and removed segments gives `before`, the equal and added ones
    `after`. Whitespace alone between two changes joins them into one."""
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    segments: list[tuple[str, str]] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if "".join(removed):
            segments.append(("removed", "".join(removed)))
        if "".join(added):
            segments.append(("added", "".join(added)))
        removed.clear()
        added.clear()

    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag != "equal" or (0 < n < len(ops) - 1 and not old.strip()):
            removed.append(old)
            added.append(new if tag != "equal" else old)
            continue
        flush()
        segments.append(("equal", old))
    flush()
    return segments


def _marked(text: str, tag: str, css: str, prefix: str) -> str:
    shown = escape(text).replace("\n", "<br>")
    return (
        f'<{tag} class="{css}"><span class="visually-hidden">{escape(prefix)} </span>'
        f"{shown}</{tag}>"
    )


def diff_html(before: str, after: str) -> tuple[SafeString, SafeString]:
    """`before` with its removed words in <del> and `after` with its added words in <ins>
    (struck through and underlined by the stylesheet, with a hidden "removed:"/"added:" for
    screen readers), every text escaped, line breaks as <br>."""
    old, new = [], []
    for kind, text in word_diff(before, after):
        if kind == "equal":
            plain = escape(text).replace("\n", "<br>")
            old.append(plain)
            new.append(plain)
        elif kind == "removed":
            old.append(_marked(text, "del", "diff-del", _("removed:")))
        else:
            new.append(_marked(text, "ins", "diff-ins", _("added:")))
    # Built above from escaped parts only.
    return mark_safe("".join(old)), mark_safe("".join(new))  # noqa: S308


def _is_text(type_: str, key: str, before, after) -> bool:
    """Whether a change is of free text (a heading, a body, a description): words diff."""
    if not (isinstance(before, str) and isinstance(after, str) and before and after):
        return False
    field = _model_field(type_, key)
    return field is None or (
        not field.choices and field.get_internal_type() in ("CharField", "TextField")
    )


def budget_change_text(type_: str, line: dict) -> str:
    """One budget line's change in words: "2019 investering: 300 000 → 250 000 kr", "2020
    drift: 50 000 kr (added line)", a changed source or a moved year or kind named too."""

    def head(line: dict) -> str:
        return f"{line['year']} {choice_label(type_, 'budget.kind', line['kind']).lower()}"

    def amount(line: dict) -> str:
        return formatting.number(line["amount"])

    old, new = line["before"], line["after"]
    if old is None or new is None:
        only = new or old
        text = f"{head(only)}: {amount(only)} kr"
        if only.get("source"):
            text += f" ({only['source']})"
        if old is None:
            return _("%(line)s (added line)") % {"line": text}
        return _("%(line)s (removed line)") % {"line": text}
    title = head(new) if head(old) == head(new) else f"{head(old)} → {head(new)}"
    if Decimal(str(old["amount"])) != Decimal(str(new["amount"])):
        text = f"{title}: {amount(old)} → {amount(new)} kr"
    else:
        text = f"{title}: {amount(new)} kr"
    if old.get("source", "") != new.get("source", ""):
        text += ", " + _("source: %(before)s → %(after)s") % {
            "before": old.get("source") or "–",
            "after": new.get("source") or "–",
        }
    return text


def field_change_rows(type_: str, change: dict) -> list[dict[str, Any]]:
    """One field change as rows {key, field, before, after} (texts): one row per budget line,
    which also holds `group` (the field's label) and `line` (the change in words, see
    `budget_change_text`); a change of free text also holds `before_html`/`after_html`, its
    word-level diff (`diff_html`)."""
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
                "group": label,
                "line": budget_change_text(type_, line),
            }
            for line in change["lines"]
        ]
    before = field_value(type_, key, change["before"])
    after = field_value(type_, key, change["after"])
    if not before and not after:
        return []
    row: dict[str, Any] = {
        "key": key,
        "field": field_label(type_, key),
        "before": before,
        "after": after,
    }
    if _is_text(type_, key, change["before"], change["after"]):
        row["before_html"], row["after_html"] = diff_html(before, after)
    return [row]


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
