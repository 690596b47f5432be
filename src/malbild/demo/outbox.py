"""The outbox of the demo: the e-mail the 2018 remiss and the follow-up periods would have
sent, dated when it would have been sent. The demo writes through the services, which queue
the mail; `sent_since(mark, day)` marks what was queued after `mark = outbox_mark()` as sent
on that day (so the worker does not send history again, and the admin's outbox shows it with
its date)."""

import datetime

from django.db.models import Max
from django.utils import timezone

from malbild.notifications.constants import OutboxStatus
from malbild.notifications.models import OutboxMessage


def outbox_mark() -> int:
    """The newest message's pk (0 for an empty outbox)."""
    return OutboxMessage.objects.aggregate(m=Max("pk"))["m"] or 0


def sent_since(mark: int, day: datetime.date | datetime.datetime) -> int:
    """Every message queued after `mark`: sent at `day` (07:00 for a date). Returns how many."""
    when = day
    if not isinstance(day, datetime.datetime):
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(7, 0)))
    return OutboxMessage.objects.filter(pk__gt=mark).update(
        status=OutboxStatus.SENT, created_at=when, sent_at=when, next_attempt_at=when
    )
