"""Compact stored snapshots (docs/adr/0024): every version and closed period of the demo is
stored compact (document format 3, period format 4), validates, reads back exactly as the
format readers know (document 2, period 3) and is smaller."""

import json

from malbild.followup import snapshot as period_format
from malbild.followup.models import FollowUpPeriod
from malbild.strategy.models import DocumentVersion
from malbild.strategy.snapshot import schema as document_format


def _stored(value) -> dict:
    """`value` as the database gives it back (JSON text and parsed again)."""
    return json.loads(json.dumps(value))


def _size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def test_demo_versions_are_stored_compact_and_read_as_format_2(demo_db, db):
    versions = list(DocumentVersion.objects.unscoped().order_by("pk"))
    assert len(versions) >= 4
    sizes = []
    for version in versions:
        stored = version.snapshot
        assert stored["format"] == document_format.STORED_FORMAT == 3
        document_format.validate_stored(stored)
        read = document_format.upgrade(stored)
        assert read["format"] == document_format.FORMAT == 2
        document_format.validate(read)
        assert document_format.upgrade(_stored(document_format.encode(read))) == read
        assert _size(stored) < _size(read), version
        sizes.append((_size(stored), _size(read)))
    stored_bytes, read_bytes = map(sum, zip(*sizes, strict=True))
    assert stored_bytes < 0.7 * read_bytes


def test_demo_closed_periods_are_stored_compact_and_read_as_format_3(demo_db, db):
    periods = list(FollowUpPeriod.objects.unscoped().filter(snapshot__isnull=False))
    assert len(periods) >= 3
    sizes = []
    for period in periods:
        stored = period.snapshot
        assert stored["format"] == period_format.STORED_FORMAT == 4
        period_format.validate_stored(stored)
        read = period_format.upgrade(stored)
        assert read["format"] == period_format.FORMAT == 3
        period_format.validate(read)
        assert period_format.upgrade(_stored(period_format.encode(read))) == read
        assert _size(stored) < _size(read), period
        sizes.append((_size(stored), _size(read)))
    stored_bytes, read_bytes = map(sum, zip(*sizes, strict=True))
    assert stored_bytes < 0.85 * read_bytes  # the demo's periods have few activities
