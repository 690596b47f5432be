"""`malbild send_reminders`: queue every reminder and escalation that is due today (remiss
deadlines, follow-up deadlines). Run it daily from cron, before `send_digests`
(docs/guide/operations.md, "E-mail"); each reminder is sent once only, however often the
command runs. `--date YYYY-MM-DD` runs it as of another day (catching up after downtime)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from malbild.notifications.reminders import reminder_runners


class Command(BaseCommand):
    help = "Queue the reminders and escalations that are due (each once)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date: give a date as YYYY-MM-DD") from exc
        parts = []
        for name, runner in sorted(reminder_runners().items()):
            parts.append(f"{name} {runner(today)}")
        self.stdout.write("send_reminders: " + (", ".join(parts) or "nothing registered"))
