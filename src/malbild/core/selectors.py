"""Reads of the audit log: an object's history, an organisation's recent changes."""

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
