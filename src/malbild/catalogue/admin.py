"""Django admin for operators: the catalogue of IT systems and e-services (audited)."""

from django.contrib import admin

from malbild.core.admin import OrganisationScopedAdmin

from .models import CatalogueItem


@admin.register(CatalogueItem)
class CatalogueItemAdmin(OrganisationScopedAdmin):
    list_display = ["name", "kind", "owning_body", "system_owner", "organisation"]
    list_filter = ["organisation", "kind"]
    list_select_related = ["organisation", "owning_body"]
    search_fields = ["name", "system_owner", "system_manager"]
    raw_id_fields = ["owning_body"]
