"""The version an edit was made from (optimistic locking, docs/adr/0007-optimistic-locking.md).

Every organisation-owned row has a `lock_version` that `core.services.model_update` and
`model_delete` compare with the version the edit was made from, and increment on save. That
version comes from the web form's hidden `lock_version` field or the API's `If-Match` header,
registered for the edited row with `expect_version(instance, version)` around the service call;
without an expectation the version held by the in-memory instance counts (the row as the
caller loaded it).
"""

from contextlib import contextmanager
from contextvars import ContextVar

_expected: ContextVar[dict | None] = ContextVar("malbild_expected_versions", default=None)


def _key(instance) -> tuple[str, object]:
    return (instance._meta.label_lower, instance.pk)


@contextmanager
def expect_version(instance, version: int | None):
    """Within the block, an update or delete of `instance` must find it at `version`."""
    if version is None:
        yield
        return
    current = dict(_expected.get() or {})
    current[_key(instance)] = int(version)
    token = _expected.set(current)
    try:
        yield
    finally:
        _expected.reset(token)


def expected_version(instance) -> int | None:
    """The version an edit of `instance` was made from (see module docstring)."""
    registered = (_expected.get() or {}).get(_key(instance))
    if registered is not None:
        return registered
    return getattr(instance, "lock_version", None)
