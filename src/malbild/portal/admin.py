"""Django admin for operators: the portal's settings, publications and feedback (audited)."""

from django.contrib import admin

from malbild.core.admin import AuditedModelAdmin

from .models import FeedbackMessage, PortalSettings, Publication


@admin.register(PortalSettings)
class PortalSettingsAdmin(AuditedModelAdmin):
    list_display = ["organisation", "enabled", "contact_email", "modified_at"]
    list_select_related = ["organisation"]
    readonly_fields = ["created_at", "modified_at", "created_by", "modified_by"]


@admin.register(Publication)
class PublicationAdmin(AuditedModelAdmin):
    list_display = ["document", "organisation", "published", "published_at"]
    list_filter = ["organisation", "published"]
    list_select_related = ["document", "organisation"]
    readonly_fields = ["created_at", "modified_at", "created_by", "modified_by"]


@admin.register(FeedbackMessage)
class FeedbackMessageAdmin(AuditedModelAdmin):
    list_display = ["created_at", "organisation", "name", "email", "handled_at"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    search_fields = ["message", "name", "email"]
    readonly_fields = ["created_at", "modified_at", "created_by", "modified_by"]
