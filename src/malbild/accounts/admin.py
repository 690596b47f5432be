"""Django admin for operators: users with their memberships, and API tokens (read-only; a
token is created by its owner in the web interface, where the key is shown once). Login
lockouts are django-axes' "Access attempts" (and "Access failures") in the admin; deleting
an attempt lifts its lockout."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from malbild.core.admin import AuditedModelAdmin

from .models import ApiToken, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["bodies"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, AuditedModelAdmin):
    inlines = [MembershipInline]
    audit_exclude = frozenset({"password", "last_login"})
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_superuser"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    filter_horizontal = ["bodies"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "key_prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "key_prefix"]
    readonly_fields = ["user", "name", "key_prefix", "scope", "created_at", "last_used_at"]
    fields = [
        "user",
        "name",
        "key_prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        return False
