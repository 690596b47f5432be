"""Django admin for operators: organisations and their bodies (audited)."""

from django.contrib import admin

from malbild.core.admin import AuditedModelAdmin

from .models import Body, Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "slug", "kolada_id", "population"]
    search_fields = ["name", "slug", "kolada_id"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "modified_at"]


@admin.register(Body)
class BodyAdmin(AuditedModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "organisation"]
    list_filter = ["organisation", "kind"]
    list_select_related = ["organisation", "parent"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["created_at", "modified_at", "created_by", "modified_by"]
