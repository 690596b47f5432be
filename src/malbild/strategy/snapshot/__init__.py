"""Document snapshots: the stored format (`schema`, with `upgrade()` from every older
format), building one from the working copy (`build`), comparing two (`compare`), showing one
(`render`), and the registry through which other apps add item kinds (`registry`).
See docs/adr/0002-versions-and-stable-ids.md and docs/adr/0008-snapshot-format-2.md."""

from .registry import (
    ItemKind,
    SnapshotItems,
    item_fields,
    item_kinds,
    ref,
    refs,
    register_snapshot_items,
)
from .schema import (
    FORMAT,
    STORED_FORMAT,
    DocumentSnapshot,
    decode,
    encode,
    upgrade,
    validate,
    validate_stored,
)


def document_snapshot(document):
    from .build import document_snapshot as build

    return build(document)


def working_copy_snapshot(document):
    from .working import working_copy_snapshot as cached

    return cached(document)


def snapshot_compare(old, new, *, labels=True):
    from .compare import snapshot_compare as compare

    return compare(old, new, labels=labels)


def snapshot_labels(*snapshots):
    from .compare import snapshot_labels as labels

    return labels(*snapshots)


__all__ = [
    "FORMAT",
    "STORED_FORMAT",
    "DocumentSnapshot",
    "ItemKind",
    "SnapshotItems",
    "decode",
    "document_snapshot",
    "encode",
    "item_fields",
    "item_kinds",
    "ref",
    "refs",
    "register_snapshot_items",
    "snapshot_compare",
    "snapshot_labels",
    "upgrade",
    "validate",
    "validate_stored",
    "working_copy_snapshot",
]
