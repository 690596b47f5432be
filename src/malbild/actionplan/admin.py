"""Django admin for operators: activities with their budget lines (audited)."""

from django.contrib import admin

from malbild.core.admin import OrganisationScopedAdmin

from .models import Activity, BudgetLine


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["year", "kind", "amount", "financing_source", "organisation"]


@admin.register(Activity)
class ActivityAdmin(OrganisationScopedAdmin):
    list_display = ["__str__", "document", "responsible_body", "status", "start_year", "end_year"]
    list_filter = ["organisation", "status", "priority"]
    list_select_related = ["organisation", "document", "responsible_body"]
    search_fields = ["title", "number", "description"]
    raw_id_fields = ["document", "responsible_body"]
    filter_horizontal = ["focus_areas", "goals", "co_responsible_bodies", "catalogue_items"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(OrganisationScopedAdmin):
    list_display = ["activity", "year", "kind", "amount", "financing_source"]
    list_filter = ["organisation", "kind", "year"]
    list_select_related = ["organisation", "activity"]
    raw_id_fields = ["activity"]
