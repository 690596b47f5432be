from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "malbild.strategy"
    label = "strategy"

    def ready(self) -> None:
        from malbild.core.events import register_events
        from malbild.reports.jobs import register_export

        from . import exports
        from .snapshot import build  # noqa: F401 - registers the document's own item kinds

        # Plan files (PDF, Word) render in the background; a frozen version's are cached.
        register_export(
            exports.KIND,
            build=exports.export_build,
            cache_key=exports.export_cache_key,
            label=exports.export_label,
        )

        # The named events of strategy/services.py (docs/adr/0007); others are derived.
        register_events(
            {
                "strategy.document_draft": _("Document returned to draft"),
                "strategy.document_in_consultation": _("Document sent out for consultation"),
                "strategy.document_adopted": _("Document adopted"),
                "strategy.document_revision": _("Revision of the adopted document started"),
                "strategy.document_archived": _("Document archived"),
                "strategy.version_frozen": _("Version frozen"),
                "strategy.decision_recorded": _("Decision recorded"),
                "strategy.target_set": _("Target set"),
                "strategy.target_removed": _("Target removed"),
                "strategy.document_items_created": _("Contents created from a file"),
            }
        )
