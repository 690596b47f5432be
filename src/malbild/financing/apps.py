from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "malbild.financing"
    label = "financing"
    verbose_name = _("Cost allocation and shared projects")

    def ready(self) -> None:
        from malbild.core.events import register_events
        from malbild.notifications.kinds import register_kind
        from malbild.reports.jobs import register_export

        from . import exports

        register_export(exports.KIND, build=exports.export_build, label=exports.export_label)
        register_kind(
            "financing.invited",
            label=_("Your organisation was invited to a shared project"),
            template="financing/mail/invited",
        )
        register_kind(
            "financing.answered",
            label=_("An organisation answered the invitation to a shared project"),
            template="financing/mail/answered",
        )
        register_events(
            {
                "financing.participant_invited": _("Organisation invited to the shared project"),
                "financing.participation_accepted": _("Invitation to the shared project accepted"),
                "financing.participation_declined": _("Invitation to the shared project declined"),
            }
        )
