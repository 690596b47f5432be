"""Django admin for operators: benefit calculations and the per-organisation threshold
(users set the threshold on /o/<org>/benefits/settings/; edits here are audited)."""

from django.contrib import admin

from malbild.core.admin import OrganisationScopedAdmin

from .models import Alternative, BenefitCalculation, BenefitSettings, CalculationLine


@admin.register(BenefitCalculation)
class BenefitCalculationAdmin(OrganisationScopedAdmin):
    list_display = ["__str__", "activity", "first_year", "years", "discount_rate"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "activity"]
    raw_id_fields = ["activity"]


@admin.register(Alternative)
class AlternativeAdmin(OrganisationScopedAdmin):
    list_display = ["name", "calculation", "is_zero", "is_chosen"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "calculation"]
    raw_id_fields = ["calculation"]


@admin.register(CalculationLine)
class CalculationLineAdmin(OrganisationScopedAdmin):
    list_display = ["name", "alternative", "direction", "kind", "party_kind", "certainty"]
    list_filter = ["organisation", "direction", "certainty"]
    list_select_related = ["organisation", "alternative"]
    raw_id_fields = ["alternative", "body"]


@admin.register(BenefitSettings)
class BenefitSettingsAdmin(OrganisationScopedAdmin):
    list_display = ["organisation", "budget_threshold"]
    list_select_related = ["organisation"]
    readonly_fields = ["created_at", "modified_at", "created_by", "modified_by"]
