"""`malbild restore FILE`: load a backup archive into this instance (one transaction)."""

from django.core.management.base import BaseCommand, CommandError

from malbild.backup.services import RestoreError, restore_archive


class Command(BaseCommand):
    help = (
        "Restore an organisation from a backup archive made by `malbild backup`, into an "
        "instance that does not have it (refused when its slug or its ids are in use)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive (zip) to restore")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as fh:
                result = restore_archive(fh)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        except RestoreError as exc:
            raise CommandError(str(exc)) from None
        org = result.organisation
        self.stdout.write(f"Restored {org.name} ({org.slug}): {sum(result.counts.values())} rows.")
        for label, n in result.counts.items():
            if n:
                self.stdout.write(f"  {label}: {n}")
        if result.reused_users:
            self.stdout.write(
                "Users that existed here and were kept as they are: "
                + ", ".join(sorted(result.reused_users))
            )
        self.stdout.write(
            "Restored accounts have no password: each person sets one with "
            "“Forgot your password?” (or logs in by single sign-on)."
        )
