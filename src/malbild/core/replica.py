"""Reads of published pages from a read replica (docs/guide/scaling.md, "Read replicas").

Off by default: without `MALBILD_READ_REPLICA_URL` there is no "replica" database and
`ReplicaRouter` is not installed. With it (malbild.conf.base):

- every write, every read inside a transaction and every read of a page not marked goes to
  the primary ("default") — the router answers None, Django's default;
- a page marked with `ReplicaReadsMixin` (views of published, frozen content: a closed
  period's dashboard and report) reads from the replica for its GET/HEAD requests, because
  replication lag cannot make frozen content wrong;
- a user who has just written something (any POST, PUT, PATCH or DELETE that did not fail)
  gets a short-lived cookie from `ReplicaPinMiddleware`, and their reads stay on the primary
  for `MALBILD_REPLICA_PIN_SECONDS`, so they see what they saved (an amendment, say) at once.

The choice is a context variable set around the view, so it holds for the request's thread or
task and nothing else.
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "malbild_primary"

_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "malbild_replica_reads", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads(enabled: bool = True):
    """Within the block, reads outside transactions go to the replica (when configured)."""
    token = _replica_reads.set(enabled)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """Sends reads to the replica only inside `replica_reads()` and outside any transaction
    on the primary; writes, migrations and everything else to the primary."""

    def db_for_read(self, model, **hints):
        if not _replica_reads.get() or not replica_configured():
            return None
        if connections["default"].in_atomic_block:  # read what the transaction sees
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects read from either relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def pinned_to_primary(request) -> bool:
    """Whether `request`'s user wrote something a moment ago (the pin cookie)."""
    return PIN_COOKIE in request.COOKIES


class ReplicaReadsMixin:
    """For views of published, frozen content: GET and HEAD read from the replica unless the
    user has just written (pinned to the primary)."""

    def dispatch(self, request, *args, **kwargs):
        enabled = request.method in ("GET", "HEAD") and not pinned_to_primary(request)
        with replica_reads(enabled):
            return super().dispatch(request, *args, **kwargs)


class ReplicaPinMiddleware:
    """After a write request that did not fail, keep the user's reads on the primary for
    MALBILD_REPLICA_PIN_SECONDS (a cookie without any content of its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.MALBILD_REPLICA_PIN_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
