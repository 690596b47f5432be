"""Writes to organisations and bodies. Only an organisation's admins manage its bodies;
only superusers create organisations."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.services import model_create, model_delete, model_update

from .models import Body, Organisation


def item_delete(*, access: Access, instance: models.Model) -> None:
    """Delete a row (a body, document item, catalogue item …); refuse with a message when others
    depend on it. Here, in the lowest domain app, so that every app above may use it; it goes
    away when core.services.model_delete turns ProtectedError into this message itself."""
    try:
        with transaction.atomic():
            model_delete(instance=instance, actor=access.user)
    except models.ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
        raise ValidationError(
            _("It cannot be deleted while other items refer to it: %(names)s") % {"names": names}
        ) from exc


def organisation_create(*, actor, data: dict[str, Any]) -> Organisation:
    """Create a new organisation (tenant); superusers only (and `malbild setup`)."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser may add organisations."))
    return model_create(model=Organisation, actor=actor, data=data)


def organisation_update(*, access: Access, data: dict[str, Any]) -> Organisation:
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may change the organisation."))
    clean = {k: v for k, v in data.items() if k != "slug"}
    return model_update(instance=access.organisation, actor=access.user, data=clean)


def body_create(*, access: Access, data: dict[str, Any]) -> Body:
    """Add a body (committee, administration, company …) to the organisation."""
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage bodies."))
    return model_create(
        model=Body, actor=access.user, data={**data, "organisation": access.organisation}
    )


def body_update(*, access: Access, body: Body, data: dict[str, Any]) -> Body:
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage bodies."))
    clean = {k: v for k, v in data.items() if k not in {"organisation", "uid"}}
    return model_update(instance=body, actor=access.user, data=clean)


def body_delete(*, access: Access, body: Body) -> None:
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may manage bodies."))
    item_delete(access=access, instance=body)
