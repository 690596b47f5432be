"""Spreadsheet import and export of a document (the contract of `malbild.dataio`).

- `sheet_export` renders the document (or the empty template) as XLSX, or one sheet as CSV.
- `sheet_import_create` keeps an uploaded file and its preview (nothing else is written);
  `sheet_import_replan` computes the preview again (with or without creating the missing
  bodies and focus areas).
- `sheet_import_confirm` imports what the preview showed: in the request for a small file,
  else as a background task (`jobs.run_import`, django-tasks-db) whose progress the status
  page shows. The import runs in one transaction through the domain services (validation,
  permissions, audit log, edit versions): all rows or none. When the document changed since
  the preview (its fingerprint differs), nothing is written and the new preview is shown.
- `sheet_import_run` is that import itself (the worker's, and the bench's, entry point).

Only strategists and administrators import; every role that reads may export.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from malbild.core.access import Access, get_organisation_access
from malbild.core.audit import audit_record
from malbild.core.errors import ConflictError
from malbild.strategy.models import SteeringDocument

from . import layout, reader, writer
from .importer import ImportFailed, apply_plan, plan_import
from .models import ImportState, SheetImport

logger = logging.getLogger("malbild.dataio")

MAX_UPLOAD_BYTES = getattr(settings, "MALBILD_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
#: Files with more rows than this are imported by a background worker.
BACKGROUND_ROWS = getattr(settings, "MALBILD_IMPORT_BACKGROUND_ROWS", 300)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require_import(access: Access) -> None:
    if not access.can_edit_documents:
        raise PermissionDenied(_("Only a strategist or an administrator may import a plan."))


def sheet_export(
    *, access: Access, document: SteeringDocument, fmt: str, sheet: str = "activities"
) -> tuple[bytes, str, str]:
    """(content, filename, content type) of the document in the import layout."""
    access.require_same_org(document)
    rows = writer.document_rows(access=access, document=document)
    base = slugify(document.title)[:80] or "plan"
    if fmt == "csv":
        if sheet not in layout.SHEETS_BY_KEY:
            raise ValidationError({"sheet": _("Choose one of the sheets.")})
        name = slugify(layout.SHEETS_BY_KEY[sheet].title)
        return writer.csv_bytes(rows, sheet), f"{base}-{name}.csv", "text/csv; charset=utf-8"
    if fmt != "xlsx":
        raise ValidationError({"format": _("Choose xlsx or csv.")})
    return writer.workbook_bytes(rows), f"{base}.xlsx", XLSX


def _plan(
    access: Access, sheet_import: SheetImport, *, create_bodies: bool, create_focus_areas: bool
):
    parsed = reader.read_file(bytes(sheet_import.content), sheet_import.filename)
    return (
        parsed,
        plan_import(
            access=access,
            document=sheet_import.document,
            parsed=parsed,
            create_bodies=create_bodies,
            create_focus_areas=create_focus_areas,
        ),
    )


@transaction.atomic
def sheet_import_create(
    *, access: Access, document: SteeringDocument, filename: str, content: bytes
) -> SheetImport:
    """Keep the uploaded file and its preview; nothing of the document changes."""
    access.require_same_org(document)
    require_import(access)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)s MB.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    sheet_import = SheetImport(
        organisation=document.organisation,
        document=document,
        user=access.user,
        created_by=access.user,
        filename=(filename or "import.xlsx")[-200:],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        language=translation.get_language() or "sv",
    )
    parsed, plan = _plan(access, sheet_import, create_bodies=False, create_focus_areas=False)
    sheet_import.preview = plan.as_dict()
    sheet_import.row_count = parsed.row_count
    sheet_import.save()
    return sheet_import


def sheet_import_get(*, access: Access, uid) -> SheetImport:
    """The import `uid` of the access's organisation (Http404 otherwise)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        # The file is read only to plan or import it (one more query then), not for a page.
        SheetImport.objects.for_access(access).select_related("document", "user").defer("content"),
        uid=uid,
    )


@transaction.atomic
def sheet_import_replan(
    *, access: Access, sheet_import: SheetImport, create_bodies: bool, create_focus_areas: bool
) -> SheetImport:
    """The preview again, as the document is now, with the choices about missing names."""
    access.require_same_org(sheet_import)
    require_import(access)
    if sheet_import.state != ImportState.PREVIEW:
        raise ValidationError(_("This file has already been imported or is being imported."))
    _parsed, plan = _plan(
        access, sheet_import, create_bodies=create_bodies, create_focus_areas=create_focus_areas
    )
    sheet_import.create_bodies = plan.create_bodies
    sheet_import.create_focus_areas = plan.create_focus_areas
    sheet_import.preview = plan.as_dict()
    sheet_import.save(
        update_fields=["create_bodies", "create_focus_areas", "preview", "modified_at"]
    )
    return sheet_import


def sheet_import_confirm(
    *,
    access: Access,
    sheet_import: SheetImport,
    fingerprint: str,
    create_bodies: bool,
    create_focus_areas: bool,
) -> SheetImport:
    """Import what the preview with `fingerprint` showed, in the request or in the
    background (see the module docstring). A preview that no longer matches the document, or
    one with errors, raises ValidationError (the preview is updated, nothing imported)."""
    access.require_same_org(sheet_import)
    require_import(access)
    if sheet_import.state != ImportState.PREVIEW:
        raise ValidationError(_("This file has already been imported or is being imported."))
    if (
        create_bodies != sheet_import.create_bodies
        or create_focus_areas != sheet_import.create_focus_areas
        or fingerprint != sheet_import.preview.get("fingerprint")
    ):
        sheet_import_replan(
            access=access,
            sheet_import=sheet_import,
            create_bodies=create_bodies,
            create_focus_areas=create_focus_areas,
        )
        raise ValidationError(
            _(
                "The preview has changed (your choices, or the document since it was shown). "
                "Check it again before importing."
            )
        )
    counts = sheet_import.preview.get("counts", {})
    if sheet_import.preview.get("file_errors") or counts.get("error"):
        raise ValidationError(_("The file has errors; correct them and upload it again."))
    claimed = SheetImport.objects.filter(pk=sheet_import.pk, state=ImportState.PREVIEW).update(
        state=ImportState.QUEUED, language=translation.get_language() or "sv"
    )
    if not claimed:
        raise ValidationError(_("This file has already been imported or is being imported."))
    if sheet_import.row_count <= BACKGROUND_ROWS:
        sheet_import_run(pk=sheet_import.pk)
    else:
        from .jobs import run_import

        result = run_import.enqueue(sheet_import.pk)
        SheetImport.objects.filter(pk=sheet_import.pk).update(task_id=str(result.id)[:64])
    sheet_import.refresh_from_db()
    return sheet_import


def _progress_writer(pk: int) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """`progress(done, total)` for the status page while the import's transaction is open.
    The import's own connection cannot show it (the transaction is not committed), so on
    PostgreSQL the percentage goes through a second, autocommitting connection; SQLite allows
    one writer at a time, so there the page shows the step (“being imported”) until done."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # (Inside a caller's transaction the row may be locked by it: no second writer.)
        return (lambda done, total: None), (lambda: None)
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    table = SheetImport._meta.db_table
    last = [-1]

    def progress(done: int, total: int) -> None:
        percent = min(99, int(done * 100 / max(total, 1)))
        if percent == last[0]:
            return
        last[0] = percent
        try:
            with side.cursor() as cursor:
                # Never wait for a lock: a skipped percentage is better than a stalled import.
                cursor.execute("SET lock_timeout = '1s'")
                cursor.execute(f'UPDATE "{table}" SET percent = %s WHERE id = %s', [percent, pk])
        except Exception:  # noqa: BLE001 - progress is a courtesy, never a reason to fail
            logger.warning("Import %s: progress not written", pk, exc_info=True)

    return progress, side.close


def sheet_import_run(*, pk: int) -> str:
    """Import a confirmed file in one transaction (the worker's task, and the bench's entry
    point): plan it again as the document is now; when the plan is what the user confirmed,
    write it, else write nothing. Returns the final state."""
    claimed = SheetImport.objects.filter(pk=pk, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, started_at=timezone.now(), percent=0
    )
    if not claimed:
        return "skipped"
    sheet_import = SheetImport.objects.select_related("document", "user").get(pk=pk)
    progress, close = _progress_writer(pk)
    try:
        with translation.override(sheet_import.language):
            result = _run(sheet_import, progress)
    except (ImportFailed, ConflictError, ValidationError, PermissionDenied) as exc:
        message = str(exc) if not isinstance(exc, ValidationError) else "; ".join(exc.messages)
        if isinstance(exc, ConflictError):
            with translation.override(sheet_import.language):
                message = _(
                    "The document changed while the file was imported; nothing was imported."
                )
        SheetImport.objects.filter(pk=pk).update(
            state=ImportState.FAILED, error=message[:5000], finished_at=timezone.now()
        )
        return ImportState.FAILED
    except Exception:
        logger.exception("Import %s failed", pk)
        with translation.override(sheet_import.language):
            message = _("The import failed unexpectedly; nothing was imported.")
        SheetImport.objects.filter(pk=pk).update(
            state=ImportState.FAILED, error=message, finished_at=timezone.now()
        )
        return ImportState.FAILED
    finally:
        close()
    SheetImport.objects.filter(pk=pk).update(
        state=ImportState.DONE, percent=100, result=result, finished_at=timezone.now()
    )
    return ImportState.DONE


def _run(sheet_import: SheetImport, progress) -> dict:
    access = get_organisation_access(sheet_import.user, sheet_import.organisation.slug)
    require_import(access)
    with transaction.atomic():
        _parsed, plan = _plan(
            access,
            sheet_import,
            create_bodies=sheet_import.create_bodies,
            create_focus_areas=sheet_import.create_focus_areas,
        )
        if plan.as_dict()["fingerprint"] != sheet_import.preview.get("fingerprint"):
            raise ImportFailed(
                _(
                    "The document changed after the preview; nothing was imported. Upload the "
                    "file again to see what it would change now."
                )
            )
        counts = apply_plan(
            access=access, document=sheet_import.document, plan=plan, progress=progress
        )
        audit_record(
            actor=access.user,
            instance=sheet_import.document,
            # "update": the document's contents changed (its rows); the event and the message
            # say how. (Not "other", whose English label is the bare code on the overview.)
            action="update",
            event="dataio.sheet_imported",
            message=_("%(file)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged rows")
            % {
                "file": sheet_import.filename,
                "new": counts["new"],
                "changed": counts["changed"],
                "unchanged": counts["unchanged"],
            },
        )
    return counts
