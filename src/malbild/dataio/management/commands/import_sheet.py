"""`malbild import_sheet`: import a spreadsheet into a document from the command line, in one
transaction, through the same service as the web page (`services.sheet_import_run`), and
print the throughput. With `--generate N` it imports a generated sheet of N rows (half
activities, half budget lines) instead of a file: the bench's import measurement.

    malbild import_sheet --organisation alingsas --user alingsas-strateg \
        --document "<title or uid>" plan.xlsx [--create-missing] [--dry-run]
    malbild import_sheet --organisation alingsas --user alingsas-strateg --generate 5000

Without `--document`, `--generate` imports into a new draft action plan ("Importtest …")."""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from malbild.core.access import get_organisation_access
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, SteeringDocument
from malbild.strategy.services import document_create

from ... import services
from ...models import ImportState, SheetImport
from ...sample import sample_workbook


class Command(BaseCommand):
    help = "Import an XLSX or CSV file (or a generated sheet) into a document."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="The XLSX or CSV file")
        parser.add_argument("--organisation", required=True, help="The organisation's slug")
        parser.add_argument("--user", required=True, help="Who imports (a strategist or admin)")
        parser.add_argument("--document", help="The document's title or uid")
        parser.add_argument("--generate", type=int, help="Import a generated sheet of N rows")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create the bodies and focus areas the file names but that do not exist",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show the preview only")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        access = get_organisation_access(user, options["organisation"])
        document = self._document(access, options)
        if options["generate"]:
            body = Body.objects.for_access(access).order_by("pk").first()
            if body is None:
                raise CommandError("The organisation has no body to make responsible.")
            areas = list(
                FocusArea.objects.for_access(access)
                .filter(document=document)
                .exclude(number="")
                .values_list("number", flat=True)
            )
            content = sample_workbook(
                rows=options["generate"],
                body=body.name,
                focus_areas=areas,
                first_year=document.period_start or timezone.now().year,
                last_year=document.period_end or timezone.now().year,
            )
            filename = f"generated-{options['generate']}.xlsx"
        else:
            if not options["file"]:
                raise CommandError("Give a file, or --generate N.")
            path = Path(options["file"])
            content, filename = path.read_bytes(), path.name
        started = time.perf_counter()
        sheet_import = services.sheet_import_create(
            access=access, document=document, filename=filename, content=content
        )
        if options["create_missing"]:
            sheet_import = services.sheet_import_replan(
                access=access,
                sheet_import=sheet_import,
                create_bodies=True,
                create_focus_areas=True,
            )
        previewed = time.perf_counter()
        preview = sheet_import.preview
        counts = preview["counts"]
        self.stdout.write(
            f"{document.title}: {sheet_import.row_count} rows – {counts['new']} new, "
            f"{counts['changed']} changed, {counts['unchanged']} unchanged, "
            f"{counts['error']} with errors (preview {previewed - started:.1f} s)"
        )
        for message in (
            preview["file_errors"] + [e for r in preview["rows"] for e in r["errors"]][:50]
        ):
            self.stderr.write(message)
        if preview["file_errors"] or counts["error"]:
            raise CommandError("Nothing imported: the file has errors.")
        if options["dry_run"]:
            return
        SheetImport.objects.filter(pk=sheet_import.pk).update(state=ImportState.QUEUED)
        state = services.sheet_import_run(pk=sheet_import.pk)
        finished = time.perf_counter()
        sheet_import.refresh_from_db()
        if state != ImportState.DONE:
            raise CommandError(sheet_import.error or "Nothing imported.")
        rows = sheet_import.row_count
        seconds = finished - previewed
        self.stdout.write(
            f"imported {rows} rows in {seconds:.1f} s ({rows / seconds:.0f} rows/s; "
            f"with the preview {rows / (finished - started):.0f} rows/s)"
        )

    def _document(self, access, options) -> SteeringDocument:
        ref = options["document"]
        if ref:
            docs = SteeringDocument.objects.for_access(access)
            found = docs.filter(title=ref).first()
            if found is None:
                try:
                    found = docs.by_ref(ref).first()
                except (ValueError, TypeError):
                    found = None
            if found is None:
                raise CommandError(f"No document {ref!r} in {options['organisation']}.")
            return found
        if not options["generate"]:
            raise CommandError("Give --document.")
        with transaction.atomic():
            year = timezone.now().year
            return document_create(
                access=access,
                data={
                    "kind": "action_plan",
                    "title": f"Importtest {timezone.now():%Y-%m-%d %H:%M:%S}",
                    "period_start": year,
                    "period_end": year + 2,
                },
            )
