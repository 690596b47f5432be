"""The outbox in the Django admin (operators): every e-mail with its status, attempts and last
error; failed or queued messages can be queued again for sending now. Messages are written
only by `notify`, never here. The bodies of one-time links (set-password, password reset)
are erased once sent and never shown."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .kinds import get_kind
from .models import NotificationPreference, OutboxAttachment, OutboxMessage
from .services import outbox_retry

READONLY = [
    "kind_label",
    "recipient",
    "email",
    "language",
    "organisation",
    "from_email",
    "subject",
    "text_shown",
    "url_shown",
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "digest",
    "created_at",
    "sent_at",
]


def _sensitive(obj) -> bool:
    try:
        return get_kind(obj.kind).sensitive
    except LookupError:
        return False


class OutboxAttachmentInline(admin.TabularInline):
    """The files sent with a message: name, type and size (read-only)."""

    model = OutboxAttachment
    fields = ["filename", "mimetype", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("size (bytes)"))
    def size(self, obj):
        return len(obj.content or b"")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind_label", "email", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    list_select_related = ["organisation"]
    search_fields = ["email", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = READONLY
    fields = READONLY
    actions = ["retry"]
    inlines = [OutboxAttachmentInline]

    @admin.display(description=_("kind"))
    def kind_label(self, obj):
        return obj.kind_label

    @admin.display(description=_("text"))
    def text_shown(self, obj):
        if _sensitive(obj):
            return _("(contains a one-time link: not shown, erased once sent)")
        return obj.text_body

    @admin.display(description=_("link"))
    def url_shown(self, obj):
        return "" if _sensitive(obj) else obj.url

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send again now"), permissions=["change"])
    def retry(self, request, queryset):
        count = sum(outbox_retry(message=m) for m in queryset)
        self.message_user(
            request,
            ngettext("%(n)d message queued.", "%(n)d messages queued.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "kind", "delivery"]

    def has_add_permission(self, request):
        return False
