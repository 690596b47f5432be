"""Kolada's stored values and municipality names in the admin, read-only (they are replaced
by each sync)."""

from django.contrib import admin

from .models import KoladaMunicipality, KoladaValue


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KoladaValue)
class KoladaValueAdmin(ReadOnlyAdmin):
    list_display = ("kpi", "municipality", "year", "value", "status", "fetched_at")
    list_filter = ("kpi",)
    search_fields = ("kpi", "municipality")


@admin.register(KoladaMunicipality)
class KoladaMunicipalityAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "kind", "fetched_at")
    search_fields = ("code", "title")
