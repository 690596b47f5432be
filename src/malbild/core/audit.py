"""The audit log: one function writes an entry; callers are services, inside their transaction."""

import datetime
import decimal
import hashlib
import json
import uuid
from typing import Any

from django.db import models

from .events import default_event
from .models import AuditEntry


def json_value(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value for the audit log and snapshots."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, set | frozenset):
        return sorted((json_value(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    return str(value)


AUDIT_EXCLUDE = {"created_at", "modified_at", "created_by", "modified_by", "id"}


def field_values(instance: models.Model, m2m: bool = True) -> dict[str, Any]:
    """Concrete field values (FKs as ids) and, for saved rows, many-to-many ids."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in AUDIT_EXCLUDE:
            continue
        values[field.name] = json_value(getattr(instance, field.attname))
    if m2m and instance.pk:
        for field in instance._meta.many_to_many:
            values[field.name] = sorted(
                json_value(pk) for pk in getattr(instance, field.name).values_list("pk", flat=True)
            )
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field name → [before, after] for every field whose value changed."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


# A JSON field's value is audited as a reference (`json_reference`), never as a copy, when the
# model names the field in `AUDIT_AS_REFERENCE` (frozen snapshots: the row keeps the data) or
# when its JSON is longer than this many bytes (docs/adr/0003-audit-log.md, addendum).
AUDIT_INLINE_JSON_BYTES = 2048
REFERENCE_KEY = "$reference"


def _json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def json_reference(value: Any, *, kind: str = "data") -> dict[str, Any]:
    """A short stand-in for a large JSON value in the audit log: its SHA-256 digest (of the
    canonical JSON, so the stored value can be checked against it), size in bytes, the
    `format` it declares (snapshots) and what it is (`kind`: "snapshot" or "data")."""
    text = _json_text(value).encode()
    fmt = value.get("format", value.get("schema")) if isinstance(value, dict) else None
    return {
        REFERENCE_KEY: "sha256:" + hashlib.sha256(text).hexdigest(),
        "kind": kind,
        "bytes": len(text),
        "format": fmt if isinstance(fmt, int) and not isinstance(fmt, bool) else None,
    }


def is_reference(value: Any) -> bool:
    """Whether `value` is a `json_reference` (as stored in an audit entry's changes)."""
    return isinstance(value, dict) and isinstance(value.get(REFERENCE_KEY), str)


def _large(value: Any) -> bool:
    return isinstance(value, dict | list) and len(_json_text(value)) > AUDIT_INLINE_JSON_BYTES


def _json_fields(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}


def referenced_changes(model: type[models.Model], changes: dict) -> dict:
    """`changes` ({field: [before, after]}) with the values of `model`'s reference fields
    (`AUDIT_AS_REFERENCE`) and every large value of a JSON field replaced by a
    `json_reference`. Other values (many-to-many ids, texts) stay as they are."""
    always = set(getattr(model, "AUDIT_AS_REFERENCE", ()))
    json_fields = _json_fields(model) | always
    out = {}
    for name, pair in changes.items():
        if name in json_fields and isinstance(pair, list | tuple) and len(pair) == 2:
            kind = "snapshot" if name in always else "data"
            out[name] = [
                json_reference(v, kind=kind)
                if v is not None and not is_reference(v) and (name in always or _large(v))
                else v
                for v in pair
            ]
        else:
            out[name] = pair
    return out


def audit_record(
    *,
    actor,
    instance: models.Model,
    action: str,
    changes: dict | None = None,
    message: str = "",
    organisation=None,
    event: str = "",
) -> AuditEntry:
    """Write one audit entry for `instance`. Must be called inside the writing transaction.
    `event` is the typed code (core/events.py); without one it is derived from the action.
    Large JSON values (frozen snapshots) are recorded as a reference, never copied."""
    if organisation is None:
        organisation = getattr(instance, "organisation", None)
        if organisation is None and instance._meta.model_name == "organisation":
            organisation = instance
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        event=event or default_event(instance.__class__, action),
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=referenced_changes(instance.__class__, json_value(changes or {})),
        message=message[:500],
    )
