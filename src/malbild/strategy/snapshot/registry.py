"""Which item kinds a document snapshot holds, and who builds them.

Strategy knows its own kinds (sections, overall goals, focus areas, goals, indicators); other
apps add theirs with `register_snapshot_items` from their AppConfig.ready (actionplan adds
activities), so strategy never imports them. A provider says, per kind, the model (for field
labels and choice labels at render time), the field tuple and labels of extra fields, and
builds the items of a document with a fixed number of queries.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from malbild.core.audit import json_value


@dataclass(frozen=True)
class ItemKind:
    """One kind of snapshot item: how its fields are labelled and shown."""

    type: str  # "activity": the item's `type` in the snapshot
    name: Any  # a lazy translated name ("Activity")
    model: type[models.Model]
    fields: tuple[str, ...]  # the one field tuple of the kind (form, detail page, snapshot)
    extra_labels: Mapping[str, Any] = field(default_factory=dict)  # fields not on the model
    # Choices of sub-fields, e.g. {"budget.kind": BudgetKind.choices}.
    choices: Mapping[str, Iterable[tuple[str, Any]]] = field(default_factory=dict)
    # How a structured field is shown as text (benefits' alternatives and results): key →
    # function(stored value) → text; the other fields are shown by `render.field_value`.
    formatters: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SnapshotItems:
    """A provider: the kinds it describes and `items(document)` → snapshot items in order."""

    kinds: tuple[ItemKind, ...]
    items: Callable[[Any], list[dict[str, Any]]]
    position: int = 100  # providers are asked in this order (strategy's kinds come first)


_providers: dict[str, SnapshotItems] = {}
# `item_kinds()` as last computed; cleared whenever a provider is registered. Rendering asks for
# it for every field of every item shown.
_kinds: dict[str, "ItemKind"] | None = None


def register_snapshot_items(name: str, provider: SnapshotItems) -> None:
    """Add (or replace, on a repeated ready()) the provider `name`."""
    global _kinds
    _providers[name] = provider
    _kinds = None


def providers() -> list[SnapshotItems]:
    """Every registered provider in document order (strategy's own kinds are registered by
    `snapshot.build` when the app starts, see apps.py)."""
    return sorted(_providers.values(), key=lambda p: p.position)


def item_kinds() -> dict[str, ItemKind]:
    """type → ItemKind over every provider (and the document itself)."""
    global _kinds
    if _kinds is None:
        kinds: dict[str, ItemKind] = {}
        for provider in providers():
            kinds.update({k.type: k for k in provider.kinds})
        _kinds = kinds
    return _kinds


# Building blocks for providers --------------------------------------------------------------


def ref(obj, label: str | None = None) -> dict[str, str] | None:
    """A reference to another item as stored: its stable uid and its label at freezing time."""
    if obj is None:
        return None
    return {"uid": str(obj.uid), "label": label if label is not None else str(obj)}


def refs(objs) -> list[dict[str, str]]:
    return sorted((ref(o) for o in objs), key=lambda r: (r["label"], r["uid"]))


def item_fields(obj, names: tuple[str, ...]) -> dict[str, Any]:
    """The snapshot fields of `obj`: plain values as JSON (choices as their code), foreign keys
    as a reference, many-to-many as a list of references (labels are the targets' `str`).
    Relations should be prefetched or selected."""
    values: dict[str, Any] = {}
    for name in names:
        f = obj._meta.get_field(name)
        if f.many_to_many:
            values[name] = refs(getattr(obj, name).all())
        elif f.is_relation:
            values[name] = ref(getattr(obj, name))
        else:
            values[name] = json_value(getattr(obj, name))
    return values
