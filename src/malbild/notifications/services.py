"""Writes of the outbox and of notification preferences: `notify` (render a message for one
recipient and queue it), `notify_all` (the same message for several), `preferences_set`,
`mark_once` (a reminder is sent once), `digests_build` (the daily digest) and
`outbox_retry` (an operator sends a message again).

The contract of `notify`, for every app that sends mail (consultation, follow-up, accounts):

- it renders the kind's templates (kinds.py) in the recipient's language — the user's
  `language` (English when they chose English, else Swedish) or the `language` given for a
  bare address — with `recipient`, `organisation`, `url` (the absolute link back to the page:
  MALBILD_BASE_URL + `path`) and `profile_url` in the context, plus the caller's `context`;
- the sender's name is the organisation's (DEFAULT_FROM_EMAIL's address);
- it stores the message in the outbox and hands it to the background task only when the
  surrounding transaction commits (`transaction.on_commit`): never sent inside the request,
  nothing sent when the transaction rolls back;
- it respects the recipient's preference for the kind: at once, in the daily digest (stored,
  sent by `malbild send_digests`) or not at all (nothing stored, None returned). A bare address
  (e.g. a consultation's secret-link recipient) always gets the message at once;
- `attachments`, when given, is called once per recipient in the recipient's language and
  returns the files sent with the message (`Attachment`: name, content, MIME type, e.g. a
  consultation's deadline as `text/calendar`); they are stored with the message
  (`OutboxAttachment`) and sent with it. A message put in the daily digest keeps its files
  in the outbox, but the digest (a list of links) does not carry them.
"""

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from malbild.core.audit import audit_record

from .constants import Delivery, OutboxStatus
from .kinds import Kind, configurable_kinds, get_kind
from .models import NotificationPreference, OutboxAttachment, OutboxMessage, SentMark
from .tasks import enqueue_message

logger = logging.getLogger("malbild.notifications")


@dataclass(frozen=True)
class Attachment:
    """A file to send with a message; text content is stored as UTF-8."""

    filename: str
    content: bytes | str
    mimetype: str

    def as_bytes(self) -> bytes:
        return self.content.encode() if isinstance(self.content, str) else self.content


#: Renders the attachments of one message; called in the recipient's language.
Attachments = Callable[[], Sequence[Attachment]]


def absolute_url(path: str) -> str:
    """`path` (e.g. from `reverse`) as an absolute address under MALBILD_BASE_URL."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.MALBILD_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def sender(organisation=None) -> str:
    """DEFAULT_FROM_EMAIL's address with the organisation's name (or its own, or Målbild)."""
    own_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = organisation.name if organisation is not None else ""
    return str(Address(display_name=name or own_name or "Målbild", addr_spec=address))


def recipient_language(user) -> str:
    """English when the user chose English; otherwise Swedish (LANGUAGE_CODE)."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render_message(kind: Kind, *, language: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of `kind` in `language`."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{kind.template}_subject.txt", context).split())
        context = {**context, "subject": subject}
        text = render_to_string(f"{kind.template}.txt", context)
        html = render_to_string(f"{kind.template}.html", context)
    return subject[:300], text, html


def _deliveries(users: list, kind: Kind) -> dict[int, str]:
    """user pk → delivery of `kind` (one query for all users)."""
    if not kind.configurable:
        return {u.pk: Delivery.IMMEDIATE for u in users}
    chosen = dict(
        NotificationPreference.objects.filter(
            user__in=[u.pk for u in users], kind=kind.key
        ).values_list("user_id", "delivery")
    )
    return {u.pk: chosen.get(u.pk, kind.default) for u in users}


def _build(
    kind: Kind,
    *,
    user,
    email: str,
    language: str,
    organisation,
    context,
    path,
    attachments: Attachments | None = None,
):
    url = absolute_url(path)
    full = {
        **(context or {}),
        "recipient": user,
        "organisation": organisation,
        "url": url,
        "profile_url": absolute_url(reverse("accounts:profile")),
        "configurable": kind.configurable,
    }
    subject, text, html = render_message(kind, language=language, context=full)
    message = OutboxMessage(
        kind=kind.key,
        recipient=user,
        email=email,
        language=language,
        organisation=organisation,
        from_email=sender(organisation),
        subject=subject,
        text_body=text,
        html_body=html,
        url=url,
    )
    files = []
    if attachments is not None:
        with translation.override(language):
            files = list(attachments())
    message.files = files
    return message


def _save_attachments(messages: list[OutboxMessage]) -> None:
    """Store the files `_build` rendered for each (saved) message: one insert for all."""
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(
            message=message,
            organisation=message.organisation,  # cached: the message was built with it
            filename=f.filename[:255],
            mimetype=f.mimetype[:100],
            content=f.as_bytes(),
        )
        for message in messages
        for f in getattr(message, "files", ())
    )


def _enqueue_on_commit(messages: list[OutboxMessage]) -> None:
    pks = [m.pk for m in messages if m.status == OutboxStatus.QUEUED]
    if not pks:
        return

    def enqueue():
        for pk in pks:
            enqueue_message(pk)

    transaction.on_commit(enqueue)


@transaction.atomic
def notify_all(
    *,
    kind: str,
    recipients: Iterable,
    organisation=None,
    context: dict | None = None,
    path: str = "",
    attachments: Attachments | None = None,
) -> list[OutboxMessage]:
    """The same notification to several users (each in their language, by their preference):
    the stored messages, in the order of `recipients`. Inactive users and users without an
    e-mail address are left out, as is anyone who chose "not at all". Two queries besides the
    inserts, whatever the number of recipients."""
    the_kind = get_kind(kind)
    users = [u for u in recipients if u.is_active and u.email]
    deliveries = _deliveries(users, the_kind)
    messages = []
    for user in users:
        delivery = deliveries[user.pk]
        if delivery == Delivery.NONE:
            continue
        message = _build(
            the_kind,
            user=user,
            email=user.email,
            language=recipient_language(user),
            organisation=organisation,
            context=context,
            path=path,
            attachments=attachments,
        )
        if delivery == Delivery.DIGEST:
            message.status = OutboxStatus.DIGEST
        messages.append(message)
    OutboxMessage.objects.bulk_create(messages)
    _save_attachments(messages)
    _enqueue_on_commit(messages)
    return messages


@transaction.atomic
def notify(
    *,
    kind: str,
    to,
    organisation=None,
    context: dict | None = None,
    path: str = "",
    language: str | None = None,
    attachments: Attachments | None = None,
) -> OutboxMessage | None:
    """Notify `to` — a user, or a bare e-mail address (then in `language`, default Swedish) —
    of `kind`: the stored message, or None when the user chose "not at all" for the kind, is
    inactive or has no e-mail address. See the module docstring for the contract."""
    the_kind = get_kind(kind)
    if isinstance(to, str):
        email = get_user_model().objects.normalize_email(to.strip())
        if not email:
            return None
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        message = _build(
            the_kind,
            user=None,
            email=email,
            language=language,
            organisation=organisation,
            context=context,
            path=path,
            attachments=attachments,
        )
        message.save()
        _save_attachments([message])
        _enqueue_on_commit([message])
        return message
    messages = notify_all(
        kind=kind,
        recipients=[to],
        organisation=organisation,
        context=context,
        path=path,
        attachments=attachments,
    )
    return messages[0] if messages else None


def mark_once(key: str) -> bool:
    """True the first time `key` is marked (then the caller sends), False ever after: what
    makes reminders and escalations go out once. Call it inside the sending transaction, so
    a rolled-back send leaves no mark."""
    with transaction.atomic():
        _mark, created = SentMark.objects.get_or_create(key=key[:200])
    return created


def preference_choices(*, user) -> list[tuple]:
    """(kind, delivery) for every configurable kind: the user's choice or the default."""
    kinds = configurable_kinds()
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(k, chosen.get(k.key, k.default)) for k in kinds]


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> dict[str, list]:
    """Store `user`'s delivery per kind (`{kind: delivery}`); only configurable kinds and known
    deliveries are accepted (ValidationError naming the kind). Audited on the user as
    `notifications.preferences_changed`; returns the changes."""
    known = {k.key: k for k in configurable_kinds()}
    for key, delivery in choices.items():
        if key not in known:
            raise ValidationError({key: _("Unknown kind of notification.")})
        if delivery not in Delivery.values:
            raise ValidationError({key: _("Choose how you want this notification.")})
    before = {k.key: d for k, d in preference_choices(user=user)}
    changes = {}
    for key, delivery in choices.items():
        if before.get(key) == delivery:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"delivery": delivery}
        )
        changes[key] = [before.get(key), delivery]
    if changes:
        audit_record(
            actor=user,
            instance=user,
            action="update",
            changes=changes,
            event="notifications.preferences_changed",
        )
    return changes


@transaction.atomic
def digests_build() -> list[OutboxMessage]:
    """One digest message per user with messages waiting for the digest (oldest first), in
    the user's language; the waiting messages become `digested` (linked to their digest).
    Run daily (`malbild send_digests`); a second run finds nothing new."""
    waiting = list(
        # Only the messages are locked: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the joins (a message to an address has no recipient).
        OutboxMessage.objects.select_for_update(of=("self",))
        .filter(status=OutboxStatus.DIGEST)
        .select_related("recipient", "organisation")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_user: dict[int | None, list[OutboxMessage]] = {}
    for message in waiting:
        by_user.setdefault(message.recipient_id, []).append(message)
    kind = get_kind("notifications.digest")
    digests = []
    for items in by_user.values():
        user = items[0].recipient
        if user is None or not user.is_active or not user.email:
            # The account is gone or closed: nothing to send, but never pending forever.
            OutboxMessage.objects.filter(pk__in=[m.pk for m in items]).update(
                status=OutboxStatus.FAILED, last_error="no recipient for the digest"
            )
            continue
        organisations = {m.organisation_id for m in items}
        organisation = items[0].organisation if len(organisations) == 1 else None
        digest = _build(
            kind,
            user=user,
            email=user.email,
            language=recipient_language(user),
            organisation=organisation,
            context={"items": items},
            path=reverse("accounts:profile"),
        )
        digest.save()
        OutboxMessage.objects.filter(pk__in=[m.pk for m in items]).update(
            status=OutboxStatus.DIGESTED, digest=digest
        )
        digests.append(digest)
    _enqueue_on_commit(digests)
    return digests


@transaction.atomic
def outbox_retry(*, message: OutboxMessage) -> bool:
    """Queue a failed (or still queued) message for sending now; False for any other state."""
    updated = OutboxMessage.objects.filter(
        pk=message.pk, status__in=[OutboxStatus.QUEUED, OutboxStatus.FAILED]
    ).update(status=OutboxStatus.QUEUED, next_attempt_at=timezone.now())
    if updated:
        message.status = OutboxStatus.QUEUED
        _enqueue_on_commit([message])
    return bool(updated)
