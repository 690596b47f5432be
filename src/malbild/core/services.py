"""Generic writes shared by every domain app: create, update and delete with validation,
organisation consistency and an audit entry, all in one transaction.

Domain services (`activity_create`, `document_update`, …) call these with their model and
the already-parsed data; views and API endpoints call the domain services, never these.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .audit import audit_record, diff, field_values


def _check_same_organisation(instance: models.Model, m2m: dict[str, Any] | None) -> None:
    """Every related row must belong to the instance's organisation (tenant isolation)."""
    org_id = getattr(instance, "organisation_id", None)
    if org_id is None:
        return
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if not field.is_relation or field.name in {"organisation", "created_by", "modified_by"}:
            continue
        related = getattr(instance, field.name, None)
        rel_org = getattr(related, "organisation_id", None) if related is not None else None
        if rel_org is not None and rel_org != org_id:
            errors.setdefault(field.name, []).append(
                _("The selected item belongs to another organisation.")
            )
    for name, objs in (m2m or {}).items():
        for obj in objs:
            rel_org = getattr(obj, "organisation_id", None)
            if rel_org is not None and rel_org != org_id:
                errors.setdefault(name, []).append(
                    _("The selected item belongs to another organisation.")
                )
                break
    if errors:
        raise ValidationError(errors)


def _apply_m2m(instance: models.Model, m2m: dict[str, Any] | None) -> None:
    for name, objs in (m2m or {}).items():
        getattr(instance, name).set(list(objs))


@transaction.atomic
def model_create(
    *,
    model: type[models.Model],
    actor,
    data: dict[str, Any],
    m2m: dict[str, Any] | None = None,
    message: str = "",
) -> models.Model:
    """Validate and create one row, set its many-to-many relations and audit it."""
    instance = model(**data)
    if hasattr(instance, "created_by_id") and getattr(actor, "is_authenticated", False):
        instance.created_by = actor
        instance.modified_by = actor
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
    )
    return instance


@transaction.atomic
def model_update(
    *,
    instance: models.Model,
    actor,
    data: dict[str, Any],
    m2m: dict[str, Any] | None = None,
    message: str = "",
    action: str = "update",
) -> models.Model:
    """Validate and save changed fields; audit the field-level before/after."""
    before = field_values(instance)
    for key, value in data.items():
        setattr(instance, key, value)
    if hasattr(instance, "modified_by_id") and getattr(actor, "is_authenticated", False):
        instance.modified_by = actor
    instance.full_clean()
    _check_same_organisation(instance, m2m)
    instance.save()
    _apply_m2m(instance, m2m)
    changes = diff(before, field_values(instance))
    if changes or message:
        audit_record(
            actor=actor, instance=instance, action=action, changes=changes, message=message
        )
    return instance


@transaction.atomic
def model_delete(*, instance: models.Model, actor, message: str = "") -> None:
    """Delete one row (and its cascade) and audit what it held."""
    audit_record(
        actor=actor,
        instance=instance,
        action="delete",
        changes=diff(field_values(instance), {}),
        message=message,
    )
    instance.delete()
