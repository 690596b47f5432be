from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public portal: what an organisation publishes for residents, without a login."""

    name = "malbild.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from malbild.core.events import register_events
        from malbild.notifications.kinds import register_kind

        register_kind(
            "portal.feedback",
            label=_("Feedback from the public portal"),
            template="portal/mail/feedback",
        )
        register_events(
            {
                "portal.settings_updated": _("Public portal settings changed"),
                "portal.document_published": _("Document published on the portal"),
                "portal.document_unpublished": _("Document withdrawn from the portal"),
                "portal.feedback_received": _("Feedback received through the portal"),
                "portal.feedback_handled": _("Portal feedback marked as handled"),
            }
        )
