"""The working copy's snapshot for pages that read it (comparing a version with the working
copy, the revision state on the document page, the compare API), built once per change of the
organisation's data and then served from Django's cache
(docs/adr/0028-working-copy-snapshot-cache.md).

The key holds the document, the snapshot format, `CACHE_VERSION` and the organisation's audit
marker (`core.selectors.audit_marker`): every write of a service is audited in its own
transaction (ADR 0003), so any change of the document's items, of what they refer to (bodies,
catalogue items, the documents above it) or of the document itself gives a new key. Writes
that bypass the services (the admin, a shell, a data migration) are covered only by the
timeout (`settings.WORKING_COPY_CACHE_TIMEOUT`).

Freezing a version and anything else that writes never uses this: they build the snapshot
from the database (`snapshot.document_snapshot`)."""

from typing import Any

from django.conf import settings
from django.core.cache import cache

from malbild.core.selectors import audit_marker

from .schema import FORMAT

#: Raise when what `build.document_snapshot` puts in a snapshot changes without a new format.
CACHE_VERSION = 1


def cache_key(document) -> str:
    count, last = audit_marker(organisation=document.organisation_id)
    return (
        f"malbild:working-snapshot:{CACHE_VERSION}:{FORMAT}:{document.organisation_id}:"
        f"{document.pk}:{count}:{last}"
    )


def working_copy_snapshot(document) -> dict[str, Any]:
    """The working copy of `document` as a snapshot, equal to `document_snapshot(document)`:
    from the cache while nothing in the organisation changed, else built and kept. Two queries
    when cached (the marker and, with a database cache, the cache)."""
    from .build import document_snapshot

    key = cache_key(document)
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = document_snapshot(document)
        cache.set(key, snapshot, settings.WORKING_COPY_CACHE_TIMEOUT)
    return snapshot
