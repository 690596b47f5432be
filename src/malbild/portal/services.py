"""Writes of the public portal: its settings (on/off, the accessibility statement's contact
details and text), which documents are published, and the feedback residents send.

Only an organisation's administrators change the settings and the publications; every change
is audited in its transaction and touches the settings row, whose `modified_at` is the
portal's cache validator (a published page's ETag changes with it). Feedback comes from
anonymous visitors: it is rate-limited per client address and organisation, and the admins
are notified through the outbox (malbild.notifications) when the transaction commits."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.accounts import throttle
from malbild.accounts.constants import Role
from malbild.accounts.recipients import users_with_roles
from malbild.core.access import Access
from malbild.core.services import model_create, model_update
from malbild.notifications.services import notify_all
from malbild.strategy.models import SteeringDocument

from .models import FeedbackMessage, PortalSettings, Publication
from .selectors import portal_settings_row, publishable_version

SETTINGS_EDITABLE = (
    "enabled",
    "contact_email",
    "contact_phone",
    "accessibility_statement",
    "statement_reviewed_on",
)
#: Feedback messages per client address and organisation per hour.
FEEDBACK_LIMIT = 5
FEEDBACK_WINDOW = 3600
#: A form sent back sooner than this after it was shown is taken for a robot's.
FEEDBACK_MIN_SECONDS = 3


def _require_admin(access: Access) -> None:
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may change the public portal."))


def _settings_row(organisation, actor) -> PortalSettings:
    """The organisation's settings row, locked; created (portal off) when there is none."""
    row = portal_settings_row(organisation)
    if row is not None:
        row = PortalSettings.objects.select_for_update().get(pk=row.pk)
    else:
        row = PortalSettings.objects.create(
            organisation=organisation, created_by=actor, modified_by=actor
        )
    return row


def _touch(row: PortalSettings, actor) -> None:
    """Mark the portal changed (its pages' ETag and Last-Modified follow)."""
    PortalSettings.objects.filter(pk=row.pk).update(modified_at=timezone.now(), modified_by=actor)


@transaction.atomic
def portal_settings_update(*, access: Access, data: dict[str, Any]) -> PortalSettings:
    """Change the portal's settings (admins): turn it on or off, the statement's contact
    details and text. A stale edit (an older `lock_version`) is refused."""
    _require_admin(access)
    row = _settings_row(access.organisation, access.user)
    if data.get("lock_version") is not None:
        row.lock_version = data["lock_version"]  # the version the edit was made from
    updated = model_update(
        instance=row,
        actor=access.user,
        data=data,
        fields=SETTINGS_EDITABLE,
        event="portal.settings_updated",
    )
    _touch(updated, access.user)
    return updated


@transaction.atomic
def document_publication_set(
    *, access: Access, document: SteeringDocument, published: bool
) -> Publication:
    """Publish a document on the portal or withdraw it (admins). Only a document with an
    adopted version can be published: the portal shows that version, never the working copy."""
    _require_admin(access)
    access.require_same_org(document)
    if published and publishable_version(document) is None:
        raise ValidationError(
            {
                "published": _(
                    "“%(title)s” has no frozen adopted version; only an adopted version can "
                    "be published (freeze the adopted document as a version first)."
                )
                % {"title": document.title}
            }
        )
    row = _settings_row(access.organisation, access.user)
    publication = Publication.objects.select_for_update().filter(document=document).first()
    event = "portal.document_published" if published else "portal.document_unpublished"
    if publication is None:
        publication = model_create(
            model=Publication,
            actor=access.user,
            data={
                "organisation": access.organisation,
                "document": document,
                "published": published,
                "published_at": timezone.now() if published else None,
            },
            event=event,
        )
    elif publication.published != published:
        publication = model_update(
            instance=publication,
            actor=access.user,
            data={"published": published, "published_at": timezone.now() if published else None},
            fields=("published", "published_at"),
            event=event,
        )
    else:
        return publication
    _touch(row, access.user)
    return publication


def feedback_allowed(*, organisation, client: str) -> bool:
    """Count one message from `client` (its address) to `organisation`; False over the limit."""
    return throttle.allow(
        f"portal.feedback.{organisation.pk}", client, limit=FEEDBACK_LIMIT, window=FEEDBACK_WINDOW
    )


@transaction.atomic
def feedback_submit(*, organisation, data: dict[str, Any]) -> FeedbackMessage:
    """Store a message from the public and notify the organisation's administrators (each
    in their language, by their notification preference)."""
    message = model_create(
        model=FeedbackMessage,
        actor=None,
        data={
            "organisation": organisation,
            "name": data.get("name", "").strip(),
            "email": data.get("email", "").strip(),
            "page": data.get("page", "").strip()[:500],
            "message": data["message"].strip(),
        },
        event="portal.feedback_received",
    )
    admins = users_with_roles(organisation=organisation, roles=[Role.ADMIN])
    path = reverse("portal:feedback-list", kwargs={"org": organisation.slug})
    notify_all(
        kind="portal.feedback",
        recipients=admins,
        organisation=organisation,
        context={
            "name": message.name,
            "email": message.email,
            "page": message.page,
            "message": message.message,
        },
        path=path,
    )
    return message


@transaction.atomic
def feedback_mark_handled(*, access: Access, message: FeedbackMessage) -> FeedbackMessage:
    """Mark a feedback message as handled (admins)."""
    _require_admin(access)
    access.require_same_org(message)
    if message.handled_at is not None:
        return message
    return model_update(
        instance=message,
        actor=access.user,
        data={"handled_at": timezone.now()},
        fields=("handled_at",),
        event="portal.feedback_handled",
    )
