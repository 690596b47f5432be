"""The API's own table: stored answers of POSTs sent with an `Idempotency-Key` (see
malbild/api/idempotency.py and docs/guide/api-retries.md)."""

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """One client-chosen key of one user for one endpoint (method + path), with the answer
    of the first request that used it. Written in the same transaction as the request's own
    writes, so it exists exactly when they were committed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    #: SHA-256 of the request body (multipart: of its fields and files), hex.
    fingerprint = models.CharField(max_length=64)
    #: The stored answer; status 0 while the first request is still running.
    status = models.PositiveSmallIntegerField(default=0)
    headers = models.JSONField(default=dict)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "method", "path"], name="api_idempotency_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
