from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "malbild.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from malbild.core.events import register_events

        # The named events of cases/services.py; the others are derived (cases.motion_created …).
        register_events(
            {
                "cases.case_open": _("Case reopened"),
                "cases.case_decided": _("Case decided"),
                "cases.case_closed": _("Case closed"),
                "cases.decision_linked": _("Decision added to the case"),
                "cases.decision_unlinked": _("Decision removed from the case"),
            }
        )
