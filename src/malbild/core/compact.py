"""Compact storage of frozen snapshots (docs/adr/0024-compact-stored-snapshots.md).

A snapshot holds long lists of like records (activities, budget lines, indicators, items of
one kind): stored as they are, every record repeats its key names, and the same texts — a
body's name and stable id, a budget line's financing source, a reference's uid and label —
are repeated in thousands of records. `encode_table` stores such a list as a table: the
column names once, each record as a row of values, and per column a kind that says how its
values are stored:

- ``"v"``: as they are;
- ``"p"``: texts repeated often, stored once in the snapshot's `Pool`, the row holds its key;
- ``"r"``: a reference ``{uid, label}`` (or null), stored once in the pool as ``[uid, label]``;
- ``"R"``: a list of references, a list of pool keys;
- ``"u"``: a stable id (a UUID in its canonical form, or null) in 22 characters (base64url);
- ``"t"``: a list of like records, a nested table sharing the column's sub-columns.

The encoding is lossless — ``decode_table(encode_table(rows, pool), pool.values) == rows`` for
any JSON rows — and chosen from the data (a column becomes ``"p"`` only when that makes it
shorter), so it holds for records the format modules do not know field by field. A list
whose records do not all have the same keys is kept as it is (a list, not a table).
Key order inside a record is not kept (PostgreSQL's jsonb does not keep it either).
"""

import base64
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

Kind = Literal["v", "p", "r", "R", "u", "t"]
_REF_KEYS = {"uid", "label"}


class Pool:
    """Texts and references stored once per snapshot; rows point at them by index."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._keys: dict[tuple, int] = {}

    def _key(self, token: tuple, value: Any) -> int:
        key = self._keys.get(token)
        if key is None:
            key = self._keys[token] = len(self.values)
            self.values.append(value)
        return key

    def text(self, value: str | None) -> int | None:
        return None if value is None else self._key(("s", value), value)

    def ref(self, value: dict | None) -> int | None:
        if value is None:
            return None
        return self._key(("r", value["uid"], value["label"]), [value["uid"], value["label"]])


def _is_ref(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and value.keys() == _REF_KEYS
        and all(v is None or isinstance(v, str) for v in value.values())
    )


def _is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _short_uuid(value: str) -> str:
    return base64.urlsafe_b64encode(bytes.fromhex(value.replace("-", ""))).decode()[:22]


def _long_uuid(value: str) -> str:
    h = base64.urlsafe_b64decode(value + "==").hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _like_records(values: list) -> list[dict] | None:
    """The records of a column whose every value is a list of dicts with the same keys."""
    if not all(isinstance(v, list) for v in values):
        return None
    records = [r for v in values for r in v]
    if not records or not all(isinstance(r, dict) for r in records):
        return None
    keys = records[0].keys()
    return records if all(r.keys() == keys for r in records) else None


def _kind(values: list) -> tuple[Kind, Any]:
    """How a column's values are stored (and a nested table's sub-columns)."""
    present = [v for v in values if v is not None]
    if not present:
        return "v", None
    if all(_is_ref(v) for v in present):
        return "r", None
    if all(isinstance(v, list) for v in values):
        if any(values) and all(_is_ref(r) for v in values for r in v):
            return "R", None
        records = _like_records(values)
        if records is not None:
            return "t", _columns(records)
    if all(isinstance(v, str) for v in present):
        if len(present) >= 4 and 2 * len(set(present)) <= len(present):
            return "p", None
        if all(_is_uuid(v) for v in present):
            return "u", None
    return "v", None


def _columns(rows: list[dict]) -> list[list]:
    columns = []
    for name in rows[0]:
        kind, sub = _kind([r[name] for r in rows])
        columns.append([name, kind, sub] if kind == "t" else [name, kind])
    return columns


def _encode_value(value: Any, column: list, pool: Pool) -> Any:
    kind = column[1]
    if kind == "v" or value is None:
        return value
    if kind == "p":
        return pool.text(value)
    if kind == "r":
        return pool.ref(value)
    if kind == "R":
        return [pool.ref(r) for r in value]
    if kind == "u":
        return _short_uuid(value)
    return [_encode_row(r, column[2], pool) for r in value]  # "t"


def _encode_row(row: dict, columns: list[list], pool: Pool) -> list:
    return [_encode_value(row[c[0]], c, pool) for c in columns]


def encode_table(rows: list[dict] | None, pool: Pool) -> dict | list | None:
    """`rows` as ``{"c": columns, "r": rows}``, or as they are when they are not a list of
    records with the same keys (None, an empty list, records of different shapes)."""
    if not rows or not all(isinstance(r, dict) for r in rows):
        return rows
    keys = rows[0].keys()
    if not all(r.keys() == keys for r in rows):
        return rows
    columns = _columns(rows)
    return {"c": columns, "r": [_encode_row(r, columns, pool) for r in rows]}


def copy_json(value: Any) -> Any:
    """A plain copy of JSON (lists and dicts), so a decoded snapshot shares nothing stored."""
    if isinstance(value, dict):
        return {k: copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) for v in value]
    return value


def _decoder(column: list, pool: list) -> Callable[[Any], Any] | None:
    """A function from a stored value of `column` to the value it stands for (None: as is)."""
    kind = column[1]
    if kind == "v":
        return None
    if kind == "p":
        return lambda k: None if k is None else pool[k]
    if kind == "r":
        return lambda k: None if k is None else {"uid": pool[k][0], "label": pool[k][1]}
    if kind == "R":
        return lambda ks: [{"uid": pool[k][0], "label": pool[k][1]} for k in ks]
    if kind == "u":
        return lambda v: None if v is None else _long_uuid(v)
    rows = _rows_decoder(column[2], pool)  # "t"
    return lambda v: None if v is None else rows(v)


def _rows_decoder(columns: list[list], pool: list) -> Callable[[list], list[dict]]:
    names = [c[0] for c in columns]
    width = len(names)
    special = [(c[0], f) for c in columns if (f := _decoder(c, pool)) is not None]

    def rows(stored: list[list]) -> list[dict]:
        out = []
        for row in stored:
            if len(row) != width:
                raise ValueError(f"a row has {len(row)} values for {width} columns")
            record = dict(zip(names, row))  # noqa: B905 - the length is checked above
            for name, f in special:
                record[name] = f(record[name])
            out.append(record)
        return out

    return rows


def decode_table(table: dict | list | None, pool: list) -> list[dict] | None:
    """The records `encode_table` stored (a list kept as it was is returned as it is). Values
    stored as they are (lists, dicts) are the stored objects, not copies, as when a snapshot
    of an older format is read."""
    if not isinstance(table, dict):
        return table
    return _rows_decoder(table["c"], pool)(table["r"])


_recent: OrderedDict[int, tuple[Any, Any]] = OrderedDict()
_RECENT = 4
_recent_lock = threading.Lock()


def decoded[T](data: Any, decode: Callable[[Any], T]) -> T:
    """`decode(data)`, computed once for the same stored object while it is among the last few
    decoded in this process. Readers call `upgrade()` several times on one snapshot while
    showing it (its tree, what it inherits, its labels); for the formats stored before, each
    call returned the stored object itself, so they share the result in the same way. The
    stored object is held with its result, so its id is not reused meanwhile."""
    key = id(data)
    with _recent_lock:
        hit = _recent.get(key)
        if hit is not None and hit[0] is data:
            _recent.move_to_end(key)
            return hit[1]
    value = decode(data)
    with _recent_lock:
        _recent[key] = (data, value)
        while len(_recent) > _RECENT:
            _recent.popitem(last=False)
    return value


# The stored shape, for the format modules' pydantic schemas ----------------------------------


class Table(BaseModel):
    """A stored table: columns ``[name, kind]`` (``[name, "t", sub-columns]``) and rows of
    exactly as many values."""

    model_config = ConfigDict(extra="forbid")
    c: list[list[Any]]
    r: list[list[Any]]

    @model_validator(mode="after")
    def _check(self) -> "Table":
        _check_columns(self.c, self.r, "table")
        return self


def _check_columns(columns: list[list[Any]], rows: list[list[Any]], where: str) -> None:
    for column in columns:
        if not (len(column) in (2, 3) and isinstance(column[0], str)):
            raise ValueError(f"{where}: a column is [name, kind]: {column!r}")
        if column[1] not in ("v", "p", "r", "R", "u", "t") or (len(column) == 3) != (
            column[1] == "t"
        ):
            raise ValueError(f"{where}: column {column[0]!r} has an unknown kind {column[1]!r}")
    for row in rows:
        if not isinstance(row, list) or len(row) != len(columns):
            raise ValueError(f"{where}: a row has {len(row)} values for {len(columns)} columns")
    for i, column in enumerate(columns):
        if column[1] == "t":
            nested = [r for row in rows if row[i] is not None for r in row[i]]
            _check_columns(column[2], nested, f"{where}.{column[0]}")


def check_pool_keys(table: Table | list | None, pool: list, where: str) -> None:
    """Every pool key a table's rows hold points at an entry of the right kind."""
    if not isinstance(table, Table):
        return
    _check_keys(table.c, table.r, pool, where)


def _check_keys(columns: list[list[Any]], rows: list[list[Any]], pool: list, where: str) -> None:
    for i, column in enumerate(columns):
        kind = column[1]
        values = [row[i] for row in rows if row[i] is not None]
        if kind == "t":
            _check_keys(column[2], [r for v in values for r in v], pool, f"{where}.{column[0]}")
            continue
        keys = [k for v in values for k in v] if kind == "R" else values if kind in "pr" else []
        for key in keys:
            entry = pool[key] if isinstance(key, int) and 0 <= key < len(pool) else None
            ok = isinstance(entry, str) if kind == "p" else isinstance(entry, list)
            if not ok:
                raise ValueError(f"{where}.{column[0]}: no pool entry {key!r}")
