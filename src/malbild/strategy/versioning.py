"""Kept for callers of the first snapshot module: everything lives in `strategy.snapshot` now
(format, upgrade, building, comparison, rendering; docs/adr/0008-snapshot-format-2.md)."""

from .snapshot import FORMAT as SNAPSHOT_FORMAT
from .snapshot import document_snapshot, snapshot_compare, snapshot_labels

__all__ = ["SNAPSHOT_FORMAT", "document_snapshot", "snapshot_compare", "snapshot_labels"]
