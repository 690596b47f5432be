"""`malbild send_digests`: the daily digest — one e-mail per person with every notification
they chose to get "in a daily digest" since the last run. Run it once a day from cron
(docs/guide/operations.md, "E-mail"); the digests are sent by the background worker."""

from django.core.management.base import BaseCommand

from malbild.notifications.services import digests_build


class Command(BaseCommand):
    help = "Build and queue the daily digest e-mails."

    def handle(self, *args, **options):
        digests = digests_build()
        self.stdout.write(f"send_digests: {len(digests)} digest(s) queued")
