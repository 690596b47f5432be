"""Large JSON values are audited as a reference, never copied: a model's reference fields
(`AUDIT_AS_REFERENCE`, the frozen snapshots) always, any other JSON field once its value is
larger than `AUDIT_INLINE_JSON_BYTES`. A reference holds the SHA-256 digest of the canonical
JSON (so the stored value can be checked against it), its size and format; many-to-many ids
and texts are never replaced. The history shows a reference in words."""

import hashlib
import json

from django.utils import translation

from malbild.core.audit import (
    AUDIT_INLINE_JSON_BYTES,
    is_reference,
    json_reference,
    referenced_changes,
)
from malbild.core.models import AuditEntry
from malbild.web.templatetags.malbild import reference_text

BIG = {"format": 3, "items": [{"label": "Mål " + str(i)} for i in range(400)]}


def test_reference_holds_digest_size_and_format():
    ref = json_reference(BIG, kind="snapshot")
    text = json.dumps(BIG, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert ref == {
        "$reference": "sha256:" + hashlib.sha256(text).hexdigest(),
        "kind": "snapshot",
        "bytes": len(text),
        "format": 3,
    }
    assert is_reference(ref) and not is_reference(BIG) and not is_reference(None)
    # The same content in another key order is the same reference.
    assert json_reference(dict(reversed(list(BIG.items()))), kind="snapshot") == ref
    assert json_reference({"schema": 1})["format"] == 1
    assert json_reference([1, 2])["format"] is None


def test_only_large_json_field_values_become_references():
    small = {"a": 1}
    assert len(json.dumps(BIG)) > AUDIT_INLINE_JSON_BYTES
    out = referenced_changes(
        AuditEntry,
        {
            "changes": [small, BIG],  # a JSON field: the small value stays, the large one not
            "message": [None, "x" * 5000],  # a text: never replaced
            "version": [None, 3],  # not a field of the model
        },
    )
    assert out["changes"][0] == small
    assert out["changes"][1] == json_reference(BIG, kind="data")
    assert out["message"] == [None, "x" * 5000]
    assert out["version"] == [None, 3]


def test_a_reference_is_not_referenced_again():
    ref = json_reference(BIG, kind="snapshot")
    assert referenced_changes(AuditEntry, {"changes": [None, ref]}) == {"changes": [None, ref]}


def test_reference_in_words_swedish_and_english():
    snapshot = {"$reference": "sha256:x", "kind": "snapshot", "bytes": 1468006, "format": 3}
    data = {"$reference": "sha256:x", "kind": "data", "bytes": 12288, "format": None}
    with translation.override("sv"):
        assert reference_text(snapshot) == "fryst ögonblicksbild (format 3, 1,4\xa0MB)"
        assert reference_text({**snapshot, "format": None}) == "fryst ögonblicksbild (1,4\xa0MB)"
        assert reference_text(data) == "sparade uppgifter (12,0\xa0kB)"
    with translation.override("en"):
        assert reference_text(snapshot) == "frozen snapshot (format 3, 1.4\xa0MB)"
