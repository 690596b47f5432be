"""`malbild kolada_sync`: fetch Kolada's values for every indicator whose source is Kolada, in
every organisation with a Kolada municipality id (or only `--organisation SLUG`), and apply
them to the follow-up (malbild.followup.kolada). Run it from cron, e.g. weekly
(docs/guide/kolada.md). By default each organisation's sync is queued as a background task
(a `KoladaSyncJob`, run by `malbild db_worker`); `--now` runs it here and prints the result.
A value a person entered is never overwritten: differences wait on the conflicts page."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from malbild.organisation.models import Organisation

from ... import kolada


class Command(BaseCommand):
    help = "Sync the indicators whose source is Kolada (every organisation, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="Only this organisation (its short name).")
        parser.add_argument(
            "--now", action="store_true", help="Run here and now instead of queueing a task."
        )

    def handle(self, *args, **options):
        orgs = Organisation.objects.exclude(kolada_id="").order_by("slug")
        if options.get("organisation"):
            orgs = orgs.filter(slug=options["organisation"])
            if not orgs.exists():
                raise CommandError(
                    f"--organisation: no organisation {options['organisation']!r} with a "
                    "Kolada municipality id"
                )
        failed = False
        for org in orgs:
            if not kolada.kolada_indicators(org).exists():
                self.stdout.write(f"{org.slug}: no indicator from Kolada, skipped")
                continue
            try:
                job = kolada.sync_job_create(access=None, organisation=org)
            except ValidationError as exc:
                self.stdout.write(f"{org.slug}: {' '.join(exc.messages)}")
                continue
            if options.get("now"):
                job = kolada.sync_job_run(job.pk)
                failed = failed or job.state == "failed"
                self.stdout.write(
                    f"{org.slug}: {job.state} – fetched {job.fetched}, added {job.created}, "
                    f"updated {job.updated}, unchanged {job.unchanged}, conflicts "
                    f"{job.conflicts}, closed periods {job.skipped}"
                    + (f" ({job.error})" if job.error else "")
                )
            else:
                job = kolada.sync_enqueue(job)
                self.stdout.write(f"{org.slug}: queued (job {job.uid})")
        if failed:
            raise CommandError("kolada_sync: at least one sync failed")
