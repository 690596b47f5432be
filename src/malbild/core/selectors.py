"""Reads of the audit log: an object's history, an organisation's recent changes."""

from .models import AuditEntry


def audit_history(*, instance, limit: int = 200):
    """Entries about one object, newest first."""
    return AuditEntry.objects.filter(
        model=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")[:limit]


def audit_recent(*, organisation, limit: int = 50):
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")[:limit]
