"""The compact table encoding of frozen snapshots (core/compact.py, docs/adr/0024): lossless
for any JSON records, and smaller where records repeat texts, references and stable ids."""

import json
import uuid

import pytest
from pydantic import ValidationError

from malbild.core.compact import Pool, Table, check_pool_keys, decode_table, decoded, encode_table


def _round_trip(rows):
    pool = Pool()
    stored = json.loads(json.dumps(encode_table(rows, pool)))  # as it comes back from the DB
    return stored, json.loads(json.dumps(pool.values))


def _uid() -> str:
    return str(uuid.uuid4())


BODY = {"uid": _uid(), "label": "Kommunledningskontoret"}
AREA = {"uid": _uid(), "label": "1 Digital välfärd"}


def _activity(i: int) -> dict:
    return {
        "id": i,
        "uid": _uid(),
        "title": f"Aktivitet {i}",
        "status": "ongoing" if i % 2 else "done",
        "responsible_body": BODY if i % 3 else None,
        "focus_areas": [AREA] if i % 2 else [],
        "done": i % 2 == 0,
        "progress": i if i % 4 else None,
        "targets": {"2025": "10.5", "2026": None},
        "budget": [
            {
                "uid": _uid(),
                "year": 2025,
                "kind": "operating",
                "amount": "1000.00",
                "source": "Fond",
            }
            for _ in range(i % 3)
        ],
    }


def test_records_round_trip_and_shrink():
    rows = [_activity(i) for i in range(40)]
    stored, pool = _round_trip(rows)
    assert decode_table(stored, pool) == rows
    kinds = {c[0]: c[1] for c in stored["c"]}
    assert kinds == {
        "id": "v",
        "uid": "u",
        "title": "v",  # every title differs: pooling would not make it shorter
        "status": "p",
        "responsible_body": "r",
        "focus_areas": "R",
        "done": "v",  # booleans are never pooled (True == 1 as a key)
        "progress": "v",
        "targets": "v",
        "budget": "t",
    }
    budget = next(c for c in stored["c"] if c[0] == "budget")
    assert {c[0]: c[1] for c in budget[2]}["source"] == "p"
    assert BODY["label"] in [p[1] for p in pool if isinstance(p, list)]
    text = json.dumps(stored) + json.dumps(pool)
    assert text.count("Kommunledningskontoret") == 1 and text.count('"Fond"') == 1
    assert len(text) < len(json.dumps(rows)) / 2


@pytest.mark.parametrize(
    "rows",
    [
        None,
        [],
        [{"a": 1}, {"b": 2}],  # records of different shapes: kept as they are
        [{"uid": "ABC"}, {"uid": str(uuid.uuid4()).upper()}],  # not canonical: kept as text
        [{"x": [{"a": 1}, {"b": 2}]}, {"x": []}],  # nested records of different shapes
        [{"ref": {"uid": None, "label": None}}, {"ref": {"uid": "u", "label": "L", "x": 1}}],
        [{"v": 1}, {"v": True}, {"v": "1"}, {"v": 1.0}, {"v": None}, {"v": [1]}],
        [{"s": "same"} for _ in range(5)] + [{"s": None}],
        [
            {"refs": [{"uid": "a", "label": None}]},
            {"refs": []},
            {"refs": [{"uid": "a", "label": "b"}]},
        ],
    ],
)
def test_any_json_records_round_trip(rows):
    stored, pool = _round_trip(rows)
    assert decode_table(stored, pool) == rows


def test_decoded_records_are_new_records():
    rows = [{"status": "done", "lines": [{"a": 1}]} for _ in range(4)]
    stored, pool = _round_trip(rows)
    decoded_rows = decode_table(stored, pool)
    decoded_rows[0]["status"] = "changed"
    decoded_rows[0]["lines"][0]["a"] = 99
    assert decode_table(stored, pool) == rows


def test_table_schema_refuses_rows_of_the_wrong_length_and_unknown_kinds():
    Table.model_validate({"c": [["a", "v"], ["b", "t", [["x", "p"]]]], "r": [[1, [[0]]]]})
    with pytest.raises(ValidationError, match="2 values for 1 columns"):
        Table.model_validate({"c": [["a", "v"]], "r": [[1, 2]]})
    with pytest.raises(ValidationError, match="unknown kind"):
        Table.model_validate({"c": [["a", "q"]], "r": [[1]]})
    with pytest.raises(ValidationError, match=r"table\.b: a row has 2 values"):
        Table.model_validate({"c": [["b", "t", [["x", "p"]]]], "r": [[[[0, 1]]]]})


def test_pool_keys_must_point_at_an_entry_of_the_right_kind():
    table = Table.model_validate({"c": [["s", "p"], ["r", "r"]], "r": [[0, 1]]})
    check_pool_keys(table, ["text", ["uid", "label"]], "activities")
    with pytest.raises(ValueError, match=r"activities\.r: no pool entry 1"):
        check_pool_keys(table, ["text", "other"], "activities")  # a text, not a reference
    with pytest.raises(ValueError, match=r"activities\.s: no pool entry 0"):
        check_pool_keys(table, [["uid", "label"], ["uid", "label"]], "activities")
    with pytest.raises(ValueError, match=r"activities\.r: no pool entry 1"):
        check_pool_keys(table, ["text"], "activities")


def test_the_same_stored_object_is_decoded_once():
    calls = []

    def decode(data):
        calls.append(data)
        return {"decoded": data["n"]}

    first, second = {"n": 1}, {"n": 1}
    assert decoded(first, decode) is decoded(first, decode)
    assert decoded(second, decode) == {"decoded": 1} and len(calls) == 2  # equal is not same
    for n in range(10):  # only the last few are kept
        decoded({"n": n}, decode)
    decoded(first, decode)
    assert len(calls) == 13
