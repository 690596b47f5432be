"""Writes to organisations and bodies. Only an organisation's admins manage its bodies;
only superusers create organisations. Another organisation's body (or parent body) answers
404 (`Access.require_same_org`)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.audit import audit_record
from malbild.core.services import model_create, model_delete, model_update

from .branding import logo_path, validate_logo
from .models import Body, Organisation

#: What an edit may change (the slug is fixed: it is in every address).
ORGANISATION_EDITABLE = ("name", "kolada_id", "kolada_peers", "population", "accent_colour")
BODY_EDITABLE = ("name", "short_name", "kind", "parent", "email")


def item_delete(*, access: Access, instance: models.Model) -> None:
    """Delete a row of the access's organisation (a body, document item, catalogue item …);
    another organisation's row → 404; refused with a message naming them while other rows
    depend on it (core.services.model_delete). Here, in the lowest domain app, so that every
    app above may use it."""
    access.require_same_org(instance)
    model_delete(instance=instance, actor=access.user)


def organisation_create(*, actor, data: dict[str, Any]) -> Organisation:
    """Create a new organisation (tenant); superusers only (and `malbild setup`)."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser may add organisations."))
    return model_create(model=Organisation, actor=actor, data=data)


def organisation_update(*, access: Access, data: dict[str, Any]) -> Organisation:
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may change the organisation."))
    return model_update(
        instance=access.organisation, actor=access.user, data=data, fields=ORGANISATION_EDITABLE
    )


@transaction.atomic
def organisation_logo_set(*, access: Access, upload=None, remove: bool = False) -> Organisation:
    """Replace (or, with `remove`, take away) the organisation's logo. The upload is checked
    by its content (branding.validate_logo); a refused file changes nothing."""
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may change the organisation."))
    organisation = Organisation.objects.select_for_update().get(pk=access.organisation.pk)
    old = organisation.logo.name if organisation.logo else ""
    if upload is not None:
        try:
            content_type = validate_logo(upload)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from error
        organisation.logo.save(logo_path(organisation, upload.name), upload, save=False)
        organisation.logo_type = content_type
    elif remove:
        organisation.logo = ""
        organisation.logo_type = ""
    else:
        return organisation
    organisation.modified_by = access.user
    organisation.save(update_fields=["logo", "logo_type", "modified_at", "modified_by"])
    audit_record(
        actor=access.user,
        instance=organisation,
        action="update",
        changes={"logo": [bool(old), bool(organisation.logo)]},
        event="organisation.logo_changed",
    )
    if old and old != organisation.logo.name:
        storage = organisation.logo.storage
        transaction.on_commit(lambda: storage.delete(old))
    access.organisation.logo = organisation.logo
    access.organisation.logo_type = organisation.logo_type
    return organisation


def body_create(*, access: Access, data: dict[str, Any]) -> Body:
    """Add a body (committee, administration, company …) to the organisation."""
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage bodies."))
    _require_same_org_parent(access, data)
    return model_create(
        model=Body, actor=access.user, data={**data, "organisation": access.organisation}
    )


def _require_same_org_parent(access: Access, data: dict[str, Any]) -> None:
    if data.get("parent") is not None:
        access.require_same_org(data["parent"])


def body_update(*, access: Access, body: Body, data: dict[str, Any]) -> Body:
    access.require_same_org(body)
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage bodies."))
    _require_same_org_parent(access, data)
    return model_update(instance=body, actor=access.user, data=data, fields=BODY_EDITABLE)


def body_delete(*, access: Access, body: Body) -> None:
    access.require_same_org(body)
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage bodies."))
    item_delete(access=access, instance=body)
