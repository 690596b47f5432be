from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "malbild.benefits"
    label = "benefits"
    verbose_name = _("Benefit calculations")

    def ready(self) -> None:
        from .snapshot import register

        register()
