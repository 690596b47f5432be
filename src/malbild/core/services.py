"""Generic writes shared by every domain app: create, update and delete with validation,
organisation consistency, optimistic locking and an audit entry, all in one transaction.

Domain services (`activity_create`, `document_update`, …) call these with their model and
the already-parsed data; views and API endpoints call the domain services, never these.

- `model_update` takes an allow-list (`fields`): keys of `data` outside it are ignored, so a
  new model field is writable only where a service lists it. It diffs against the row as it
  is in the database (not as the caller's instance says), writes only the changed columns and
  refuses a stale edit with `ConflictError` (see core/locking.py).
- Many-to-many values are a list (replace the set) or an `M2MChange(add=…, remove=…)`.
- `model_delete` turns "other rows still refer to it" into a ValidationError naming them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .audit import audit_record, diff, field_values, json_value
from .errors import ConflictError
from .locking import expected_version


@dataclass(frozen=True)
class M2MChange:
    """Add and remove rows of a many-to-many relation without replacing the rest, so two
    clients adding one row each both keep their addition."""

    add: list = field(default_factory=list)
    remove: list = field(default_factory=list)

    def all(self) -> list:
        return [*self.add, *self.remove]

    def __iter__(self):
        """The rows it names (added and removed), for checks that validate related rows."""
        return iter(self.all())


def _related_objects(value) -> list:
    return value.all() if isinstance(value, M2MChange) else list(value)


def _check_same_organisation(instance: models.Model, m2m: dict[str, Any] | None) -> None:
    """Every related row must belong to the instance's organisation (tenant isolation)."""
    org_id = getattr(instance, "organisation_id", None)
    if org_id is None:
        return
    errors: dict[str, list[str]] = {}
    for f in instance._meta.concrete_fields:
        if not f.is_relation or f.name in {"organisation", "created_by", "modified_by"}:
            continue
        related = getattr(instance, f.name, None)
        rel_org = getattr(related, "organisation_id", None) if related is not None else None
        if rel_org is not None and rel_org != org_id:
            errors.setdefault(f.name, []).append(
                _("The selected item belongs to another organisation.")
            )
    for name, value in (m2m or {}).items():
        for obj in _related_objects(value):
            rel_org = getattr(obj, "organisation_id", None)
            if rel_org is not None and rel_org != org_id:
                errors.setdefault(name, []).append(
                    _("The selected item belongs to another organisation.")
                )
                break
    if errors:
        raise ValidationError(errors)


def _apply_m2m(instance: models.Model, m2m: dict[str, Any] | None) -> None:
    for name, value in (m2m or {}).items():
        manager = getattr(instance, name)
        if isinstance(value, M2MChange):
            if value.remove:
                manager.remove(*value.remove)
            if value.add:
                manager.add(*value.add)
        else:
            manager.set(list(value))


def _m2m_ids(instance: models.Model, names: Iterable[str]) -> dict[str, list]:
    return {
        name: sorted(json_value(pk) for pk in getattr(instance, name).values_list("pk", flat=True))
        for name in names
    }


def _set_actor(instance: models.Model, actor, *, created: bool) -> None:
    if not getattr(actor, "is_authenticated", False):
        return
    if created and hasattr(instance, "created_by_id"):
        instance.created_by = actor
    if hasattr(instance, "modified_by_id"):
        instance.modified_by = actor


@transaction.atomic
def model_create(
    *,
    model: type[models.Model],
    actor,
    data: dict[str, Any],
    m2m: dict[str, Any] | None = None,
    message: str = "",
    event: str = "",
) -> models.Model:
    """Validate and create one row, set its many-to-many relations and audit it."""
    instance = model(**data)
    _set_actor(instance, actor, created=True)
    instance.full_clean()
    _check_same_organisation(instance, m2m)
    instance.save()
    _apply_m2m(instance, m2m)
    audit_record(
        actor=actor,
        instance=instance,
        action="create",
        changes=diff({}, field_values(instance)),
        message=message,
        event=event,
    )
    return instance


def _refuse_if_stale(instance: models.Model, current: models.Model) -> int | None:
    expected = expected_version(instance)
    saved = getattr(current, "lock_version", None)
    if expected is not None and saved is not None and expected != saved:
        raise ConflictError(current)
    return saved


def _sync(instance: models.Model, current: models.Model, m2m_names: Iterable[str]) -> None:
    """Let the caller's instance show what was saved (it may be an older copy)."""
    if instance is current:
        return
    for f in instance._meta.concrete_fields:
        setattr(instance, f.attname, getattr(current, f.attname))
    instance._state.fields_cache = dict(current._state.fields_cache)
    prefetched = getattr(instance, "_prefetched_objects_cache", None)
    for name in m2m_names:
        if prefetched:
            prefetched.pop(name, None)


@transaction.atomic
def model_update(
    *,
    instance: models.Model,
    actor,
    data: dict[str, Any],
    fields: Iterable[str],
    m2m: dict[str, Any] | None = None,
    message: str = "",
    action: str = "update",
    event: str = "",
) -> models.Model:
    """Validate and save the changed fields among `fields`; audit the field-level before/after.

    The row is read again (locked where the database can) and compared with the version the
    edit was made from: a stale edit raises ConflictError and saves nothing. Only changed
    columns are written (`update_fields`); an edit that changes nothing writes nothing (no
    audit entry, no new version) unless it carries a `message`. Returns the saved row."""
    allowed = set(fields)
    data = {k: v for k, v in data.items() if k in allowed}
    m2m = {k: v for k, v in (m2m or {}).items() if k in allowed}
    model = type(instance)
    current = model._base_manager.select_for_update().get(pk=instance.pk)
    saved_version = _refuse_if_stale(instance, current)

    before = field_values(current, m2m=False)
    before.update(_m2m_ids(current, m2m))
    concrete = [f for f in model._meta.concrete_fields if f.name in data]
    raw_before = {f.name: getattr(current, f.attname) for f in concrete}
    for key, value in data.items():
        setattr(current, key, value)
    current.full_clean()
    _check_same_organisation(current, m2m)
    after = field_values(current, m2m=False)
    # Compared as values, not as text: 95 and Decimal("95.0000") are the same amount.
    changed = [
        f.name for f in concrete if not _same(raw_before[f.name], getattr(current, f.attname))
    ]
    unchanged = {f.name for f in concrete} - set(changed)
    _apply_m2m(current, m2m)
    after.update(_m2m_ids(current, m2m))
    changes = {k: v for k, v in diff(before, after).items() if k not in unchanged}
    if not changes and not message:
        _sync(instance, current, m2m)
        return current

    _set_actor(current, actor, created=False)
    update_fields = [*changed, "modified_at"]
    if hasattr(current, "modified_by_id"):
        update_fields.append("modified_by")
    if saved_version is not None:
        current.lock_version = saved_version + 1
        update_fields.append("lock_version")
    update_fields = [f for f in update_fields if _has_field(model, f)]
    # One conditional UPDATE: it writes only if the row is still at the version read above,
    # so two writers racing on a database without row locks (SQLite) cannot both win.
    written = model._base_manager.filter(pk=current.pk)
    if saved_version is not None:
        written = written.filter(lock_version=saved_version)
    values = {}
    for name in update_fields:
        f = model._meta.get_field(name)
        values[f.attname] = f.pre_save(current, add=False)
    if not written.update(**values):
        raise ConflictError(model._base_manager.get(pk=current.pk))
    audit_record(
        actor=actor, instance=current, action=action, changes=changes, message=message, event=event
    )
    _sync(instance, current, m2m)
    return current


def _same(a, b) -> bool:
    """Equal as values: numbers numerically (Decimal("95.0000") == 95), the rest by ==."""
    numbers = (int, float, Decimal)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return False
    return True


@transaction.atomic
def model_delete(*, instance: models.Model, actor, message: str = "", event: str = "") -> None:
    """Delete one row (and its cascade) and audit what it held. A stale delete (the row was
    changed after the caller loaded it) raises ConflictError; rows that still refer to it
    (protected relations) give a ValidationError naming them, and nothing is deleted."""
    model = type(instance)
    current = model._base_manager.select_for_update().filter(pk=instance.pk).first()
    if current is None:
        return
    _refuse_if_stale(instance, current)
    try:
        with transaction.atomic():
            audit_record(
                actor=actor,
                instance=current,
                action="delete",
                changes=diff(field_values(current), {}),
                message=message,
                event=event,
            )
            current.delete()
    except models.ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
        raise ValidationError(
            _("It cannot be deleted while other items refer to it: %(names)s") % {"names": names}
        ) from exc
