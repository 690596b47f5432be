from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    name = "malbild.backup"
    label = "backup"
    verbose_name = _("Backup")

    def ready(self):
        from malbild.core.events import register_events
        from malbild.reports.jobs import register_export

        from . import export

        register_export(export.KIND, build=export.build, label=export.label)
        register_events(
            {
                "backup.created": _("Backup taken"),
                "backup.restored": _("Organisation restored from a backup"),
            }
        )
