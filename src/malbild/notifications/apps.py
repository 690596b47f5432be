from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "malbild.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from malbild.core.events import register_events

        from . import checks  # noqa: F401  (system checks)
        from .kinds import register_kind

        register_events({"notifications.preferences_changed": _("Notification settings changed")})

        register_kind(
            "notifications.digest",
            label=_("Daily digest"),
            template="notifications/mail/digest",
            configurable=False,
        )
