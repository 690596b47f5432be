"""`malbild backup --organisation SLUG [--output FILE]`: write the organisation's archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from malbild.backup.services import backup_write
from malbild.organisation.models import Organisation


class Command(BaseCommand):
    help = "Write a backup archive (zip) of everything one organisation owns."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the organisation's slug")
        parser.add_argument(
            "--output", help="the archive to write (default: malbild-backup-SLUG-DATE.zip)"
        )

    def handle(self, *args, organisation, output=None, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"No organisation has the slug {organisation!r}.")
        path = Path(output or f"malbild-backup-{org.slug}-{timezone.localdate():%Y-%m-%d}.zip")
        tmp = path.with_name(path.name + ".part")
        try:
            with tmp.open("wb") as out:
                counts = backup_write(organisation=org, out=out)
            tmp.replace(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self.stdout.write(f"{path}: {sum(counts.values())} rows of {org.name} ({org.slug}).")
        for label, n in counts.items():
            if n:
                self.stdout.write(f"  {label}: {n}")
