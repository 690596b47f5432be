"""The summary links each change to the comments that caused it in one pass
(`selectors.comments_by_changed_item`), exactly as the scan of every comment per change did."""

from types import SimpleNamespace

from malbild.consultation.constants import DispositionKind
from malbild.consultation.selectors import comments_by_changed_item


def _record(n, item_uid, kind=None, changed=None):
    disposition = None if kind is None else SimpleNamespace(kind=kind, changed_item_uids=changed)
    return {"comment": SimpleNamespace(pk=n, item_uid=item_uid), "disposition": disposition}


def _reference(records, uid):
    """The old scan: every comment checked for the change `uid`."""
    return [
        r
        for r in records
        if r["disposition"] is not None
        and (
            uid in (r["disposition"].changed_item_uids or [])
            or (
                not r["disposition"].changed_item_uids
                and r["comment"].item_uid == uid
                and r["disposition"].kind
                in (DispositionKind.ACCEPTED, DispositionKind.PARTLY_ACCEPTED)
            )
        )
    ]


def test_each_change_gets_the_comments_the_scan_gave_in_order():
    records = [
        _record(1, "a", DispositionKind.ACCEPTED),  # no named changes: the commented item
        _record(2, "a", DispositionKind.PARTLY_ACCEPTED, []),
        _record(3, "a", DispositionKind.NOT_ACCEPTED),  # not accepted: causes nothing
        _record(4, "b"),  # not handled
        _record(5, "c", DispositionKind.ACCEPTED, ["b", "d", "b"]),  # named twice: once
        _record(6, "d", DispositionKind.NOTED, ["a"]),  # named changes count whatever the kind
        _record(7, "b", DispositionKind.ACCEPTED, None),
    ]
    caused = comments_by_changed_item(records)
    for uid in ("a", "b", "c", "d", "e"):
        assert caused.get(uid, []) == _reference(records, uid), uid
    assert [r["comment"].pk for r in caused["a"]] == [1, 2, 6]
    assert [r["comment"].pk for r in caused["b"]] == [5, 7]
