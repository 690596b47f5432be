"""`malbild demo` (`python manage.py demo`): load the demo municipalities Alingsås and
Kristianstad from the public records in the seeds, through the domain services.

Idempotent: an organisation whose slug exists is skipped, so a second run changes nothing.
After the foundation data it runs the consultation and follow-up demo loaders
(malbild/demo/consultation.py, followup.py), then prints the demo accounts. See
src/malbild/demo/README.md.
"""

from django.core.management.base import BaseCommand

from malbild.demo.loader import accounts_text, load_all


class Command(BaseCommand):
    help = (
        "Load the demo organisations (Alingsås kommun, Kristianstads kommun) with their "
        "documents, activities, decisions and demo accounts. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-extensions",
            action="store_true",
            help="Load only the foundation data; skip the consultation and follow-up demos.",
        )
        parser.add_argument(
            "--no-accounts-list",
            action="store_true",
            help="Do not print the demo accounts at the end (make run prints them itself).",
        )

    def handle(self, *args, **options):
        load_all(stdout=self.stdout, extensions=not options["no_extensions"])
        if not options["no_accounts_list"]:
            self.stdout.write(accounts_text(), ending="")
