"""Shared model pieces: the base for every organisation-owned row, and the audit log.

Tenancy by default (docs/adr/0006-tenancy-by-default.md): every organisation-owned model's
default manager is `OrganisationManager`, whose querysets are scoped with
`for_access(access)` or `for_org(org)`; `unscoped()` is the explicit way around it, allowed only
in `core`, migrations, the admin, management commands and the demo loader (a test enforces it).

Optimistic locking (docs/adr/0007-optimistic-locking.md): every organisation-owned row has a
`lock_version` that `core.services.model_update` checks and increments.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Created/modified at and by; every domain row has them."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class OrganisationQuerySet(models.QuerySet):
    """Rows of one organisation. Every read outside `core` starts with `for_access` or
    `for_org`; `unscoped()` says out loud that a read deliberately spans organisations."""

    def for_org(self, organisation) -> "OrganisationQuerySet":
        """The rows of `organisation` (an Organisation or its pk); none for None."""
        if organisation is None:
            return self.none()
        return self.filter(organisation=organisation)

    def for_access(self, access) -> "OrganisationQuerySet":
        """The rows of the organisation the `access` was resolved for."""
        return self.for_org(getattr(access, "organisation", None))

    def unscoped(self) -> "OrganisationQuerySet":
        """Every organisation's rows: only for core, migrations, admin and commands."""
        return self.all()

    def by_ref(self, ref) -> "OrganisationQuerySet":
        """Filter by a public reference: the row's `uid` (a UUID) or, as an alias, its integer
        id. Anything else matches nothing (never an error)."""
        return self.filter(**ref_lookup(self.model, ref))


def ref_lookup(model, ref) -> dict:
    """The lookup for a public reference `ref` (uid or integer id) of `model`."""
    if isinstance(ref, uuid.UUID):
        return {"uid": ref} if _has_uid(model) else {"pk__in": []}
    text = str(ref).strip()
    if text.isdigit() and len(text) <= 18:
        return {"pk": int(text)}
    if _has_uid(model):
        try:
            return {"uid": uuid.UUID(text)}
        except ValueError:
            pass
    return {"pk__in": []}


def _has_uid(model) -> bool:
    return any(f.name == "uid" for f in model._meta.concrete_fields)


class OrganisationManager(models.Manager.from_queryset(OrganisationQuerySet)):
    """The default manager of every organisation-owned model (see module docstring)."""


class OrganisationOwnedModel(TimeStampedModel):
    """A row that belongs to exactly one organisation (tenant), with an edit counter."""

    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    lock_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    objects = OrganisationManager()

    class Meta:
        abstract = True

    def unique_error_message(self, model_class, unique_check):
        # Every unique constraint includes the organisation (ADR 0029), which the person did
        # not choose: the message names the other fields only.
        if len(unique_check) > 1 and "organisation" in unique_check:
            unique_check = tuple(f for f in unique_check if f != "organisation")
        return super().unique_error_message(model_class, unique_check)


class StableItemModel(OrganisationOwnedModel):
    """An item of a steering document with an identity that survives edits and versions."""

    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, db_index=True, editable=False)

    class Meta:
        abstract = True
        # Unique within the organisation, so the table can be distributed on it (ADR 0029);
        # the index on uid alone serves lookups by uid. A subclass's Meta inherits this one
        # (`class Meta(StableItemModel.Meta)`) and lists `*StableItemModel.Meta.constraints`
        # first if it declares constraints of its own.
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "uid"], name="uniq_%(app_label)s_%(class)s_uid"
            )
        ]


class AppendOnlyQuerySet(OrganisationQuerySet):
    """Rows that are written once and never changed or removed in bulk (the audit log, frozen
    versions): queryset `update()`, `delete()` and bulk writes raise. Deleting the organisation
    that owns them still cascades (the deletion collector does not go through these)."""

    def _refuse(self, *args, **kwargs):
        raise ImproperlyConfigured(
            f"{self.model._meta.label} rows are append-only: bulk writes are refused."
        )

    update = delete = bulk_update = bulk_create = _refuse


class AuditEntry(models.Model):
    """One create, change, delete or transition, written in the same transaction as the change."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        TRANSITION = "transition", _("status changed")
        FREEZE = "freeze", _("version frozen")
        OTHER = "other", _("other")

    organisation = models.ForeignKey(
        "organisation.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    event = models.CharField(
        _("event"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text="A typed code such as consultation.round_opened (core/events.py).",
    )
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_repr}"
