"""The audit log: one function writes an entry; callers are services, inside their transaction."""

import datetime
import decimal
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
    `event` is the typed code (core/events.py); without one it is derived from the action."""
    if organisation is None:
        organisation = getattr(instance, "organisation", None)
        if organisation is None and instance._meta.model_name == "organisation":
            organisation = instance
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        event=event or default_event(type(instance), action),
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=json_value(changes or {}),
        message=message[:500],
    )
