from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "malbild.followup"
    label = "followup"

    def ready(self):
        from malbild.core.events import register_events
        from malbild.notifications.reminders import register_reminders
        from malbild.reports.jobs import register_export

        from . import notices, report_export

        notices.register()
        register_reminders("followup", notices.send_reminders)

        register_export(
            report_export.KIND,
            build=report_export.build,
            cache_key=report_export.cache_key,
            label=report_export.label,
        )

        register_events(
            {
                "followup.period_opened": _("Follow-up period opened"),
                "followup.period_updated": _("Follow-up period changed"),
                "followup.period_closed": _("Follow-up period closed and frozen"),
                "followup.analysis_saved": _("Analysis and conclusions saved"),
                "followup.period_amended": _("Frozen follow-up data amended"),
                "followup.contribution_submitted": _("Contribution submitted"),
                "followup.contribution_approved": _("Contribution approved"),
                "followup.contribution_returned": _("Contribution returned for correction"),
                "followup.status_overridden": _("Status assessed (override)"),
                "followup.override_removed": _("Status override removed"),
                "followup.self_assessment_saved": _("Self-assessment answered"),
                "followup.question_set_copied": _("Self-assessment template copied"),
                "followup.question_updated": _("Self-assessment question changed"),
                "followup.question_moved": _("Self-assessment question moved"),
            }
        )
