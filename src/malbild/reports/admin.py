"""Export jobs in the admin, read-only: for the staff's look at a failed export's error."""

from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("label", "fmt", "state", "user", "organisation_slug", "created_at")
    list_filter = ("state", "kind", "fmt")
    search_fields = ("label", "organisation_slug")
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
