"""Operators' view of allocation rules and shared projects (read-mostly, across tenants)."""

from django.contrib import admin

from .models import CostAllocation, DeviceCount, FixedShare, Participant, SharedProject


@admin.register(CostAllocation)
class CostAllocationAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "rule", "activity")
    list_filter = ("rule", "organisation")
    raw_id_fields = ("activity",)


@admin.register(SharedProject)
class SharedProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "annual_amount", "start_year", "end_year")
    list_filter = ("organisation",)
    raw_id_fields = ("activity",)


admin.site.register(FixedShare)
admin.site.register(DeviceCount)
admin.site.register(Participant)
