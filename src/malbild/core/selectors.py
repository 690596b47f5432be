"""Reads of the audit log: an object's history, an organisation's recent changes, the marker
of its latest change."""

from django.db.models import Count, Max

from .models import AuditEntry


def audit_history(*, instance, limit: int = 200):
    """Entries about one object, newest first."""
    return AuditEntry.objects.filter(
        model=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")[:limit]


def audit_recent(*, organisation, limit: int = 50, visible=None):
    """The organisation's latest audit entries, without their changes (the list shows what
    happened, not the values); `visible` (a Q from the apps, such as
    `consultation.selectors.audit_visible`) leaves out what the viewer may not see."""
    entries = AuditEntry.objects.filter(organisation=organisation).defer("changes")
    if visible is not None:
        entries = entries.filter(visible)
    return entries.select_related("actor")[:limit]


def audit_marker(*, organisation) -> tuple[int, int]:
    """(number of entries, latest id) of the organisation's audit log: it changes with every
    audited write of the organisation's data (entries are never changed or deleted, and a
    transaction committing an older id later still raises the number), so it keys caches of
    what is built from that data (docs/adr/0028-working-copy-snapshot-cache.md). One query."""
    found = AuditEntry.objects.filter(organisation=organisation).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    return found["n"] or 0, found["last"] or 0
