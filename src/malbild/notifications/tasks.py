"""Sending the outbox: the background task that sends one message, its retries, and the
sweep of due messages (`malbild send_outbox`).

A message is claimed by moving its `next_attempt_at` a lease ahead and counting the attempt
in one conditional UPDATE, so two workers (a duplicate task, the sweep) never send it twice at
once, and a worker that dies mid-send leaves it due again when the lease ends. A failure
(the SMTP server down, a refused login, a timeout) keeps it queued, with the error for staff
and the next attempt after an exponential backoff (MALBILD_MAIL_RETRY_SECONDS doubled per
attempt, at most 6 hours); the task is enqueued again for then when the task backend can defer
(`django-tasks-db` can). After MALBILD_MAIL_MAX_ATTEMPTS attempts it is marked failed (the
admin can queue it again)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .constants import OutboxStatus
from .kinds import Kind, get_kind
from .models import OutboxMessage

logger = logging.getLogger("malbild.notifications")

#: How long a claimed message is left alone before another worker may try it.
LEASE = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: base × 2^(attempts − 1), capped."""
    base = timedelta(seconds=settings.MALBILD_MAIL_RETRY_SECONDS)
    return min(base * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def enqueue_message(pk: int, *, run_after=None) -> None:
    """Hand message `pk` to the task backend, at once or deferred to `run_after` (left to the
    sweep when the backend cannot defer). An unreachable backend is logged, not raised: the
    message stays queued for the sweep."""
    job = send_outbox_message
    if run_after is not None:
        if not job.get_backend().supports_defer:
            return  # the sweep (`malbild send_outbox`) retries it when it is due
        job = job.using(run_after=run_after)
    try:
        job.enqueue(pk)
    except Exception:
        logger.exception("Could not enqueue outbox message %s; `send_outbox` will send it", pk)


def _kind(key: str) -> Kind | None:
    try:
        return get_kind(key)
    except LookupError:
        return None


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=message.from_email,
        to=[message.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def deliver(pk: int) -> str:
    """Send message `pk` if it is queued and due: "sent", "retry", "failed" or "skipped"."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=pk, status=OutboxStatus.QUEUED, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    if not claimed:  # sent already, not due yet, or claimed by another worker
        return "skipped"
    message = OutboxMessage.objects.prefetch_related("attachments").get(pk=pk)
    try:
        _email(message).send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.warning("Outbox message %s: attempt %s failed: %s", pk, message.attempts, error)
        if message.attempts >= settings.MALBILD_MAIL_MAX_ATTEMPTS:
            OutboxMessage.objects.filter(pk=pk).update(status=OutboxStatus.FAILED, last_error=error)
            return "failed"
        retry_at = timezone.now() + backoff(message.attempts)
        OutboxMessage.objects.filter(pk=pk).update(next_attempt_at=retry_at, last_error=error)
        enqueue_message(pk, run_after=retry_at)
        return "retry"
    done = {"status": OutboxStatus.SENT, "sent_at": timezone.now(), "last_error": ""}
    kind = _kind(message.kind)
    if kind is not None and kind.sensitive:
        # A one-time link must not outlive its delivery in the database.
        done.update(text_body="", html_body="", url="")
    OutboxMessage.objects.filter(pk=pk).update(**done)
    return "sent"


@task()
def send_outbox_message(message_pk: int) -> str:
    """Send one outbox message (enqueued when the transaction that stored it commits)."""
    return deliver(message_pk)


def send_due(*, limit: int | None = None) -> dict[str, int]:
    """Try every queued message whose next attempt is due (oldest first): counts by result."""
    due = (
        OutboxMessage.objects.filter(
            status=OutboxStatus.QUEUED, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    if limit:
        due = due[:limit]
    counts: dict[str, int] = {}
    for pk in list(due):
        result = deliver(pk)
        counts[result] = counts.get(result, 0) + 1
    return counts
