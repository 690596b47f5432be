"""Choices of the outbox and of the notification preferences."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a recipient wants one kind of notification."""

    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("In a daily digest")
    NONE = "none", _("Not at all")


class OutboxStatus(models.TextChoices):
    """A message's way out: queued (sent by a worker, retried on failure) → sent, or failed
    after MALBILD_MAIL_MAX_ATTEMPTS; a digest item waits for the daily digest (`digest`) and
    is then part of one digest message (`digested`)."""

    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    DIGEST = "digest", _("Waiting for the digest")
    DIGESTED = "digested", _("Sent in a digest")
