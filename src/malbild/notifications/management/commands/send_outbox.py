"""`malbild send_outbox`: send every queued e-mail whose next attempt is due.

The background task sends each message when it is stored and retries it after a failure; this
sweep is the safety net (a message whose task was lost, a worker that was down, a backend that
cannot defer). Run it from cron every few minutes (docs/guide/operations.md, "E-mail")."""

from django.core.management.base import BaseCommand

from malbild.notifications.tasks import send_due


class Command(BaseCommand):
    help = "Send the queued e-mail of the outbox whose next attempt is due."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="at most this many")

    def handle(self, *args, limit=None, **options):
        counts = send_due(limit=limit)
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing due"
        self.stdout.write(f"send_outbox: {summary}")
