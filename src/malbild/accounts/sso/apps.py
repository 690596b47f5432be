from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "malbild.accounts.sso"
    label = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        from malbild.core.events import register_events

        from . import checks  # noqa: F401  (system checks)

        register_events(
            {
                "sso.identity_linked": _("Single sign-on identity linked"),
            }
        )
