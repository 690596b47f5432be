"""Checks every update service must pass (docs/adr/0007-optimistic-locking.md), for the apps'
tests to call:

- `assert_writes_only(model, run, changed)`: `run()` performs the update; the UPDATE it sends
  sets only the `changed` columns (plus modified_at/by and lock_version), and its audit entry
  names exactly those fields.
- `assert_stale_refused(instance, run)`: someone else saved the row after `instance` was
  loaded; `run(instance)` (the service called with the stale copy) raises ConflictError and
  the row is unchanged.
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.core.errors import ConflictError
from malbild.core.models import AuditEntry

BOOKKEEPING = {"modified_at", "modified_by_id", "lock_version"}


def _set_columns(sql: str) -> set[str]:
    match = re.search(r"\bSET\s+(.*?)\s+WHERE\b", sql, flags=re.S | re.I)
    assert match, sql
    return set(re.findall(r'"?(\w+)"?\s*=', match.group(1)))


def assert_writes_only(model, run, changed: set[str]) -> None:
    """`run()` changes exactly the `changed` fields of one `model` row, and writes only them."""
    table = model._meta.db_table
    before = AuditEntry.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        run()
    updates = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")
    ]
    mine = [sql for sql in updates if re.search(rf'\bUPDATE\s+"?{table}"?\s', sql, re.I)]
    assert mine, f"no UPDATE of {table} among {updates}"
    columns = {model._meta.get_field(name).column for name in changed if not _is_m2m(model, name)}
    for sql in mine:
        assert _set_columns(sql) - BOOKKEEPING <= columns, sql
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() > before, "the update wrote no audit entry"
    assert set(entry.changes) == set(changed), entry.changes


def _is_m2m(model, name: str) -> bool:
    return model._meta.get_field(name).many_to_many


def assert_stale_refused(instance, run) -> None:
    """A save from a copy older than the stored row is refused and changes nothing."""
    model = type(instance)
    manager = model._base_manager
    stored = manager.get(pk=instance.pk)
    manager.filter(pk=instance.pk).update(lock_version=stored.lock_version + 1)
    snapshot = {f.attname: getattr(stored, f.attname) for f in model._meta.concrete_fields}
    snapshot["lock_version"] = stored.lock_version + 1
    try:
        run(instance)
    except ConflictError as exc:
        assert exc.current.lock_version == stored.lock_version + 1
    else:
        raise AssertionError("a stale version was accepted")
    after = manager.get(pk=instance.pk)
    assert {f.attname: getattr(after, f.attname) for f in model._meta.concrete_fields} == snapshot
