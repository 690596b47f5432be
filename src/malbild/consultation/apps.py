from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "malbild.consultation"
    label = "consultation"

    def ready(self):
        from malbild.core.events import register_events
        from malbild.notifications.reminders import register_reminders
        from malbild.reports.jobs import register_export

        from . import notices, summary_export

        notices.register()
        register_reminders("consultation", notices.send_reminders)

        register_export(
            summary_export.KIND,
            build=summary_export.build,
            cache_key=summary_export.cache_key,
            label=summary_export.label,
        )

        register_events(
            {
                "consultation.round_opened": _("Consultation round opened"),
                "consultation.consultee_added": _("Consultee added"),
                "consultation.deadline_extended": _("Consultation deadline extended"),
                "consultation.round_closed": _("Consultation round closed"),
                "consultation.round_revised": _("Revised version frozen after consultation"),
                "consultation.round_adopted": _("Adoption decision recorded"),
                "consultation.conclusions_updated": _(
                    "Assessment and proposed decision of the summary changed"
                ),
                "consultation.link_issued": _("Secret link issued"),
                "consultation.link_revoked": _("Secret link revoked"),
                "consultation.link_language_changed": _(
                    "Language of the e-mail to a secret link's recipient changed"
                ),
                "consultation.response_submitted": _("Consultation response submitted"),
                "consultation.response_superseded": _("Consultation response replaced"),
                "consultation.response_correction_started": _("Correction of a response started"),
                "consultation.consultee_declined": _("Consultee declined to respond"),
                "consultation.comment_disposed": _("Comment handled (disposition)"),
            }
        )
