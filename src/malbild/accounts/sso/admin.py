"""Operators see, add and remove single sign-on identities (e.g. to link an operator's
account, which e-mail matching never does, or to unlink an identity)."""

from django.contrib import admin

from .models import OidcIdentity


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "issuer", "subject", "created_at", "last_login_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "subject"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "last_login_at"]
