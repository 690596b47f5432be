"""A small rate limit kept in the database (so it holds across gunicorn workers and hosts):
`allow(scope, value, limit=, window=)` counts one request for `value` (an e-mail address, a
client address) and answers whether it is within `limit` requests per `window` seconds. The
table stores a keyed HMAC of the value, never the value; rows older than the window are
deleted as it goes. Used by the password-reset form."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitHit


def _key(scope: str, value: str) -> str:
    return salted_hmac(
        f"malbild.accounts.throttle.{scope}", value.strip().lower(), algorithm="sha256"
    ).hexdigest()


@transaction.atomic
def allow(scope: str, value: str | None, *, limit: int, window: int) -> bool:
    """Count a request for `value` in `scope`; False when `limit` requests were already
    counted within the last `window` seconds (the refused request is not counted)."""
    if not value or limit <= 0:
        return True
    now = timezone.now()
    since = now - timedelta(seconds=window)
    RateLimitHit.objects.filter(scope=scope, created_at__lt=since).delete()
    key = _key(scope, value)
    if RateLimitHit.objects.filter(scope=scope, key=key, created_at__gte=since).count() >= limit:
        return False
    RateLimitHit.objects.create(scope=scope, key=key, created_at=now)
    return True
