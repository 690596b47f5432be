"""Django admin for operators: cases and their events (audited, scoped like the others)."""

from django.contrib import admin

from malbild.core.admin import OrganisationScopedAdmin

from .models import Assignment, Case, CaseDecision, Motion, Proposal

#: Events have no stable uid (only cases do).
EVENT_READONLY = ["created_at", "modified_at", "created_by", "modified_by"]


@admin.register(Case)
class CaseAdmin(OrganisationScopedAdmin):
    list_display = ["registry_number", "title", "status", "organisation"]
    list_filter = ["organisation", "status"]
    list_select_related = ["organisation"]
    search_fields = ["registry_number", "title"]
    raw_id_fields = ["responsible_body", "documents"]


@admin.register(Motion)
class MotionAdmin(OrganisationScopedAdmin):
    readonly_fields = EVENT_READONLY
    list_display = ["title", "author", "party", "date", "case", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "case"]
    raw_id_fields = ["case"]


@admin.register(Assignment)
class AssignmentAdmin(OrganisationScopedAdmin):
    readonly_fields = EVENT_READONLY
    list_display = ["case", "assigned_to", "date", "due_date", "status", "organisation"]
    list_filter = ["organisation", "status"]
    list_select_related = ["organisation", "case", "assigned_to"]
    raw_id_fields = ["case", "assigned_to", "decision"]


@admin.register(Proposal)
class ProposalAdmin(OrganisationScopedAdmin):
    readonly_fields = EVENT_READONLY
    list_display = ["case", "from_body", "to_body", "date", "proposed_outcome", "organisation"]
    list_filter = ["organisation", "proposed_outcome"]
    list_select_related = ["organisation", "case", "from_body", "to_body"]
    raw_id_fields = ["case", "from_body", "to_body"]


@admin.register(CaseDecision)
class CaseDecisionAdmin(OrganisationScopedAdmin):
    readonly_fields = EVENT_READONLY
    list_display = ["case", "decision", "outcome", "organisation"]
    list_filter = ["organisation", "outcome"]
    list_select_related = ["organisation", "case", "decision__body"]
    raw_id_fields = ["case", "decision"]
