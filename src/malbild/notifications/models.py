"""The outbox (every e-mail Målbild sends, with its status) and each person's choice of how
they get each kind of notification."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Delivery, OutboxStatus
from .kinds import kind_label


class OutboxMessage(models.Model):
    """One e-mail to one address, rendered when it was created (in the recipient's language).

    It is sent by a background task after the transaction that created it commits; a failed
    attempt leaves it queued with `attempts` + 1, `last_error` and a later `next_attempt_at`
    (retried by the task and by `malbild send_outbox`). Not organisation-scoped data of the
    user interface: only operators see it, in the Django admin."""

    kind = models.CharField(_("kind"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_email = models.CharField(_("sender"), max_length=300)
    subject = models.CharField(_("subject"), max_length=300)
    text_body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML"), blank=True)
    url = models.URLField(_("link"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    digest = models.ForeignKey(
        "self",
        verbose_name=_("digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["recipient", "status"], name="outbox_recipient_status"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.email}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class OutboxAttachment(models.Model):
    """A file sent with an outbox message (e.g. a consultation's deadline as a calendar file),
    rendered with the message in the recipient's language."""

    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    #: The message's organisation, copied when stored: the key a distributed table needs
    #: (ADR 0029); empty like the message's.
    organisation = models.ForeignKey(
        "organisation.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    mimetype = models.CharField(_("file type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["message", "pk"]

    def __str__(self) -> str:
        return self.filename


class NotificationPreference(models.Model):
    """A person's choice for one kind; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=100)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="uniq_notification_preference")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {kind_label(self.kind)}: {self.get_delivery_display()}"


class SentMark(models.Model):
    """A notification that must go out once only (a reminder, an escalation) is remembered by
    a key its sender builds, e.g. `consultation.reminder:12:34:2026-05-01`; the unique key
    makes a second run of `malbild send_reminders` (or two at once) send nothing again."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.key
