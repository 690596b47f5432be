"""`Idempotency-Key` for every POST under /api/v1: a client that retries a request (after a
5xx, a timeout or a lost connection) with the same key gets the first answer again instead of
a second write. Installed on the NinjaAPI by `install(api)` (router.py); no endpoint knows.

- The key (1–255 printable ASCII characters) is scoped to the authenticated user and the
  endpoint (method + path); another user, or another path, with the same key is independent.
- The first request runs inside one transaction that also stores its answer (status, body and
  the headers in `STORED_HEADERS`): the answer is stored exactly when the writes are committed.
  A retry after a committed request replays it with `Idempotent-Replayed: true`; after a
  rolled-back one (a 5xx, a crash, the database gone) nothing was stored and it runs again.
  Answers with status < 500 are stored (a 422 of the same body would be a 422 again); a 5xx
  rolls everything back.
- The same key with another body → 422. A key is forgotten `MALBILD_IDEMPOTENCY_HOURS` after
  its first use (default 24), then it may be used again.
- Concurrent duplicates: a unique constraint on (user, key, method, path). The row is inserted
  first, inside the transaction: on PostgreSQL the second insert waits for the first
  transaction and then replays its answer (or runs, when the first rolled back); on SQLite
  the IMMEDIATE transaction already serialises them. A key whose first request is still
  running when a duplicate reads it (not reachable with either database) → 409.

Two ninja decorators do it: `_transaction` wraps the whole operation (authentication,
validation, view, error handlers) in `transaction.atomic()` and stores the final answer;
`_claim` runs after authentication and validation, inserts or reads the key and answers a
replay, a mismatch or a conflict itself.
"""

import hashlib
import json
import os
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
#: Response headers kept with the stored answer (the rest — security headers, cookies, caching
#: — is added again by the middleware on the replay).
STORED_HEADERS = ("Content-Type", "ETag", "Location", "Content-Disposition")
METHODS = {"POST"}


def _ttl() -> timedelta:
    """How long a key is kept: the setting MALBILD_IDEMPOTENCY_HOURS, else the environment
    variable of that name, else 24 hours."""
    hours = getattr(settings, "MALBILD_IDEMPOTENCY_HOURS", None)
    if hours is None:
        hours = float(os.environ.get("MALBILD_IDEMPOTENCY_HOURS", "") or 24)
    return timedelta(hours=float(hours))


def _wanted(request: HttpRequest) -> bool:
    return request.method in METHODS and HEADER in request.headers


def _fingerprint(request: HttpRequest) -> str:
    """SHA-256 of the body; for multipart (whose boundary differs per attempt) of the fields
    and of each file's name and content."""
    digest = hashlib.sha256()
    if request.content_type == "multipart/form-data":
        fields = sorted((k, request.POST.getlist(k)) for k in request.POST)
        digest.update(json.dumps(fields).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"\0{name}\0{upload.name}\0{upload.size}\0".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _detail(status: int, message: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"detail": message}), status=status, content_type="application/json"
    )


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status)
    for name, value in record.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def _answer_existing(request: HttpRequest, record: IdempotencyKey, fingerprint: str):
    if record.fingerprint != fingerprint:
        return _detail(
            422, _("This Idempotency-Key was already used with a different request body.")
        )
    if record.status == 0:
        return _detail(409, _("A request with this Idempotency-Key is still being processed."))
    request._idempotency_replayed = True
    return _replay(record)


def _claim(view_func):
    """Operation decorator (after authentication and validation): insert the key, or answer
    from the row that already holds it."""

    @wraps(view_func)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not _wanted(request) or not getattr(request, "_idempotency_atomic", False):
            return view_func(request, *args, **kwargs)
        key = request.headers[HEADER]
        if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
            return _detail(
                422,
                _("Idempotency-Key must be 1–%(max)d printable ASCII characters.")
                % {"max": MAX_KEY_LENGTH},
            )
        user = request.auth
        fingerprint = _fingerprint(request)
        now = timezone.now()
        scope = {"user": user, "key": key, "method": request.method, "path": request.path}
        # Expired keys of this user are forgotten (so this one may be used again).
        IdempotencyKey.objects.filter(user=user, expires_at__lte=now).delete()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    **scope, fingerprint=fingerprint, expires_at=now + _ttl()
                )
        except IntegrityError:
            # Another request holds the key; on PostgreSQL the insert waited for it to end.
            existing = IdempotencyKey.objects.filter(**scope).first()
            if existing is None:  # it rolled back meanwhile: let the client retry
                return _detail(
                    409, _("A request with this Idempotency-Key is still being processed.")
                )
            return _answer_existing(request, existing, fingerprint)
        request._idempotency_record = record
        return view_func(request, *args, **kwargs)

    return wrapper


def _transaction(run):
    """View decorator (around the whole operation): one transaction for the request's writes
    and its stored answer."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not _wanted(request):
            return run(request, *args, **kwargs)
        with transaction.atomic():
            request._idempotency_atomic = True
            response = run(request, *args, **kwargs)
            record = getattr(request, "_idempotency_record", None)
            if record is None or getattr(request, "_idempotency_replayed", False):
                return response
            if response.status_code >= 500:
                transaction.set_rollback(True)
                return response
            if getattr(response, "streaming", False):  # not storable: the key is not kept
                record.delete()
                return response
            record.status = response.status_code
            record.headers = {h: response[h] for h in STORED_HEADERS if h in response}
            record.body = response.content
            record.save(update_fields=["status", "headers", "body"])
        return response

    return wrapper


def install(api) -> None:
    """Apply both decorators to every operation of `api` (before its URLs are built)."""
    api.add_decorator(_transaction, mode="view")
    api.add_decorator(_claim, mode="operation")
