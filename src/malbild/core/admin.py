"""Django admin for operators (not the user interface): the audit log read-only, and
`AuditedModelAdmin`, which every domain admin uses so that operator edits are audited too."""

from django.contrib import admin
from django.db import transaction

from .audit import audit_record, diff, field_values
from .models import AuditEntry


class AuditedModelAdmin(admin.ModelAdmin):
    """Writes an audit entry (field-level before/after) for every add, change and delete made
    in the admin, in the admin's own transaction. Fields in `audit_exclude` (secrets such as
    password hashes) are left out of the entry."""

    audit_exclude: frozenset[str] = frozenset()

    def _values(self, obj):
        values = field_values(obj, m2m=False)
        return {k: v for k, v in values.items() if k not in self.audit_exclude}

    def save_model(self, request, obj, form, change):
        before = {}
        if change and obj.pk:
            original = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = self._values(original) if original else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, self._values(obj))
        if changes or not change:
            audit_record(
                actor=request.user,
                instance=obj,
                action="update" if change else "create",
                changes=changes,
                message="admin",
            )

    def save_formset(self, request, form, formset, change):
        """Inline rows (memberships, budget lines, targets) are audited one by one too."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                instance=obj,
                action="delete",
                changes=diff(field_values(obj, m2m=False), {}),
                message="admin",
            )
            obj.delete()
        for obj in instances:
            original = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
            before = field_values(original, m2m=False) if original else {}
            obj.save()
            changes = diff(before, field_values(obj, m2m=False))
            if changes:
                audit_record(
                    actor=request.user,
                    instance=obj,
                    action="update" if original else "create",
                    changes=changes,
                    message="admin",
                )
        formset.save_m2m()

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                instance=obj,
                action="delete",
                changes=diff(self._values(obj), {}),
                message="admin",
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class OrganisationScopedAdmin(AuditedModelAdmin):
    """Common list settings for rows that belong to one organisation."""

    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    readonly_fields = ["uid", "created_at", "modified_at", "created_by", "modified_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organisation", "actor", "action", "model", "object_repr"]
    list_filter = ["action", "model", "organisation"]
    list_select_related = ["organisation", "actor"]
    search_fields = ["object_repr", "object_id", "message"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
