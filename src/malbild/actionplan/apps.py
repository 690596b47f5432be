from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "malbild.actionplan"
    label = "actionplan"

    def ready(self) -> None:
        from .snapshot import register

        register()
        from malbild.core.events import register_events

        # Status changes (actionplan.services.activity_transition: `activity_<status>`).
        register_events(
            {
                "actionplan.activity_planned": _("Activity planned again"),
                "actionplan.activity_ongoing": _("Activity started"),
                "actionplan.activity_done": _("Activity completed"),
                "actionplan.activity_postponed": _("Activity postponed"),
                "actionplan.activity_cancelled": _("Activity cancelled"),
            }
        )
