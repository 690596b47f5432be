"""Hashed bearer tokens: the one home for personal API tokens (accounts.ApiToken, `mb_…`) and
consultation secret links (consultation.SecretLink, `rm_…`).

A token is a prefix and 32 random bytes (URL-safe); only its SHA-256 hex digest is stored, the
raw token is shown once. Looking a token up hashes the raw value; last use is recorded at most
once a minute (one UPDATE, no audit entry); revoking sets `revoked_at` once and is audited.
Domain-free: it knows only the fields `<hash field>`, `last_used_at` and `revoked_at`.
"""

import hashlib
import secrets

from django.db import models
from django.utils import timezone

from malbild.core.services import model_update

TOUCH_EVERY_SECONDS = 60


def hash_token(raw: str) -> str:
    """The stored form of a raw token: its SHA-256 hex digest."""
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(prefix: str) -> tuple[str, str]:
    """A new raw token with `prefix` and its hash: (raw, hash)."""
    raw = prefix + secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def token_candidates(
    queryset: models.QuerySet, *, raw: str | None, prefix: str, hash_field: str, max_length=None
) -> models.QuerySet:
    """The rows of `queryset` whose hash matches the raw token (empty for a raw value without
    the prefix, or longer than `max_length`), before any further check by the caller."""
    raw = raw or ""
    if not raw.startswith(prefix) or (max_length is not None and len(raw) > max_length):
        return queryset.none()
    return queryset.filter(**{hash_field: hash_token(raw)})


def token_touch(instance: models.Model) -> None:
    """Record the token's use, at most once a minute (a plain UPDATE: no audit entry)."""
    now = timezone.now()
    last = instance.last_used_at
    if last is None or (now - last).total_seconds() > TOUCH_EVERY_SECONDS:
        type(instance).objects.filter(pk=instance.pk).update(last_used_at=now)
        instance.last_used_at = now


def token_revoke(instance: models.Model, *, actor, event: str = "") -> bool:
    """Make the token unusable at once (audited, and refused for a stale copy of a versioned
    row, see core.services.model_update); False if it was revoked already."""
    if instance.revoked_at is not None:
        return False
    model_update(
        instance=instance,
        actor=actor,
        data={"revoked_at": timezone.now()},
        fields=("revoked_at",),
        event=event,
    )
    return True
