from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "malbild.dataio"
    label = "dataio"
    verbose_name = _("Spreadsheet import and export")

    def ready(self) -> None:
        from malbild.core.events import register_events

        register_events({"dataio.sheet_imported": _("Imported from a spreadsheet")})
