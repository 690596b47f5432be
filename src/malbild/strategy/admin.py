"""Django admin for operators: steering documents and their items, versions (read-only,
they are immutable) and decisions. Changes made here are audited like any other."""

from django.contrib import admin

from malbild.core.admin import OrganisationScopedAdmin

from .models import (
    Decision,
    DocumentVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    OverallGoal,
    Section,
    SteeringDocument,
)


@admin.register(SteeringDocument)
class SteeringDocumentAdmin(OrganisationScopedAdmin):
    list_display = ["title", "kind", "status", "period_start", "period_end", "organisation"]
    list_filter = ["organisation", "kind", "status"]
    search_fields = ["title", "registry_number"]
    raw_id_fields = ["parent", "owning_body"]


@admin.register(Section)
class SectionAdmin(OrganisationScopedAdmin):
    list_display = ["heading", "document", "order"]
    list_select_related = ["organisation", "document"]
    search_fields = ["heading", "body"]
    raw_id_fields = ["document"]


@admin.register(OverallGoal)
class OverallGoalAdmin(OrganisationScopedAdmin):
    list_display = ["title", "document", "order"]
    list_select_related = ["organisation", "document"]
    search_fields = ["title"]
    raw_id_fields = ["document"]


@admin.register(FocusArea)
class FocusAreaAdmin(OrganisationScopedAdmin):
    list_display = ["__str__", "document", "order"]
    list_select_related = ["organisation", "document"]
    search_fields = ["title", "number"]
    raw_id_fields = ["document"]
    filter_horizontal = ["overall_goals"]


@admin.register(Goal)
class GoalAdmin(OrganisationScopedAdmin):
    list_display = ["title", "focus_area", "order"]
    list_select_related = ["organisation", "focus_area"]
    search_fields = ["title"]
    raw_id_fields = ["focus_area"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    exclude = ["created_by", "modified_by"]


@admin.register(Indicator)
class IndicatorAdmin(OrganisationScopedAdmin):
    list_display = ["name", "document", "unit", "source", "responsible_body"]
    list_filter = ["organisation", "source", "kind"]
    list_select_related = ["organisation", "document", "responsible_body"]
    search_fields = ["name", "kolada_kpi"]
    raw_id_fields = ["document", "responsible_body", "eservice"]
    filter_horizontal = ["focus_areas", "goals"]
    inlines = [IndicatorTargetInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "label", "status_at_freeze", "created_at"]
    list_filter = ["organisation"]
    list_select_related = ["document"]
    readonly_fields = [
        "organisation",
        "document",
        "number",
        "label",
        "note",
        "status_at_freeze",
        "snapshot",
        "created_at",
        "created_by",
    ]
    exclude = ["modified_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(OrganisationScopedAdmin):
    list_display = ["title", "body", "date", "paragraph", "registry_number", "organisation"]
    list_filter = ["organisation", "kind"]
    list_select_related = ["organisation", "body"]
    search_fields = ["title", "registry_number"]
    raw_id_fields = ["body", "document", "version"]
    filter_horizontal = ["distribution"]
    readonly_fields = ["created_at", "modified_at", "created_by", "modified_by"]
