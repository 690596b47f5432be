"""Delete old export jobs with their files, and the finished task rows of django_tasks_db.

    malbild prune_exports [--days 14] [--cache-days 180] [--dry-run]

Jobs of live data (and django_tasks_db's finished task rows) are deleted `--days` after they
were created; cached files (closed periods, frozen versions) live `--cache-days` after they
were made, then are rendered again on the next download. A job still queued or running is
kept. Run it daily (docs/guide/operations.md, "Workers").
"""

from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from malbild.reports.models import ExportJob, ExportState


class Command(BaseCommand):
    help = "Delete old export jobs and their files, then prune finished task rows."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14)
        parser.add_argument("--cache-days", type=int, default=180)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days: int, cache_days: int, dry_run: bool, **options):
        now = timezone.now()
        old = ExportJob.objects.filter(state__in=(ExportState.DONE, ExportState.FAILED)).filter(
            Q(cache_key="", created_at__lt=now - timedelta(days=days))
            | (~Q(cache_key="") & Q(created_at__lt=now - timedelta(days=cache_days)))
        )
        count = 0
        for job in old.iterator():
            count += 1
            if dry_run:
                continue
            if job.file:
                job.file.delete(save=False)
            job.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} export job(s).")
        if not isinstance(task_backends["default"], DatabaseBackend):
            return  # the tests' immediate backend keeps no task rows
        call_command(
            "prune_db_task_results",
            min_age_days=days,
            dry_run=dry_run,
            stdout=self.stdout,
        )
