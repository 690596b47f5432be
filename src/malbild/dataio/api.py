"""API of the spreadsheet import and export (the same files as the web pages).

- `GET  …/documents/{document}/spreadsheet?format=xlsx|csv&sheet=…` the workbook (or one sheet)
- `POST …/documents/{document}/imports` (multipart, field `file`) → 201 the preview
- `GET  …/imports/{uid}` the preview, or the state and result of the import
- `POST …/imports/{uid}/preview` the preview again, with or without creating missing names
- `POST …/imports/{uid}/confirm` with the preview's `fingerprint` → 200 imported, 202 queued
  (a large file: poll `GET …/imports/{uid}` until `state` is `done` or `failed`); a preview
  with errors, or one the document no longer matches, is a 422 naming why (nothing written)

Only strategists and administrators import (403 otherwise); every reading role exports.

The Word import (a document started from a DOCX) is at the end of the module.
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from malbild.api.utils import InputSchema, created, org_access
from malbild.strategy.constants import DocumentKind
from malbild.strategy.selectors import document_get

from . import layout, services, word_services
from .models import ImportState, SheetImport
from .word.mapping import KIND_LABELS, Role

router = Router()

P = "/organisations/{org}"


class SheetChangeOut(Schema):
    column: str = Field(..., description="The column's heading in the file")
    before: str
    after: str


class SheetRowOut(Schema):
    sheet: str = Field(..., description="activities, budget, indicators or followup")
    row: int = Field(..., description="The row number in the spreadsheet")
    label: str
    state: str = Field(..., description="new, changed, unchanged or error")
    changes: list[SheetChangeOut]
    errors: list[str] = Field(..., description="“Rad 14, kolumn Ansvarigt organ: …”")


class SheetCountsOut(Schema):
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    error: int = 0


class SheetImportOut(Schema):
    uid: UUID
    document: int
    filename: str
    state: str = Field(..., description="preview, queued, running, done or failed")
    state_display: str
    row_count: int
    percent: int = Field(..., description="Progress of a background import")
    counts: SheetCountsOut
    fingerprint: str = Field(..., description="Give it back to confirm this preview")
    file_errors: list[str]
    notes: list[str]
    missing_bodies: list[str]
    missing_focus_areas: list[str]
    can_create_bodies: bool
    create_bodies: bool
    create_focus_areas: bool
    rows: list[SheetRowOut]
    result: SheetCountsOut | None = Field(None, description="The rows imported (when done)")
    error: str = Field(..., description="Why nothing was imported (when failed)")

    @staticmethod
    def resolve_document(obj: SheetImport) -> int:
        return obj.document_id

    @staticmethod
    def resolve_state_display(obj: SheetImport) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_counts(obj: SheetImport) -> dict:
        return obj.preview.get("counts", {})

    @staticmethod
    def resolve_result(obj: SheetImport) -> dict | None:
        return obj.result or None

    @staticmethod
    def resolve_fingerprint(obj: SheetImport) -> str:
        return obj.preview.get("fingerprint", "")

    @staticmethod
    def resolve_file_errors(obj: SheetImport) -> list[str]:
        return obj.preview.get("file_errors", [])

    @staticmethod
    def resolve_notes(obj: SheetImport) -> list[str]:
        return obj.preview.get("notes", [])

    @staticmethod
    def resolve_missing_bodies(obj: SheetImport) -> list[str]:
        return obj.preview.get("missing_bodies", [])

    @staticmethod
    def resolve_missing_focus_areas(obj: SheetImport) -> list[str]:
        return obj.preview.get("missing_focus_areas", [])

    @staticmethod
    def resolve_can_create_bodies(obj: SheetImport) -> bool:
        return obj.preview.get("can_create_bodies", False)

    @staticmethod
    def resolve_rows(obj: SheetImport) -> list[dict]:
        return obj.preview.get("rows", [])


class SheetQueryIn(InputSchema):
    format: str = Field(
        ...,
        description="xlsx (every sheet) or csv (one sheet)",
        json_schema_extra={"enum": ["xlsx", "csv"]},
    )
    sheet: str = Field(
        "activities",
        description="For csv: activities, budget, indicators or followup",
        json_schema_extra={"enum": [s.key for s in layout.SHEETS]},
    )


_BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_DOCS = {
    "responses": {
        200: {
            "description": "The workbook (XLSX) or one sheet (CSV, semicolons, UTF-8)",
            "content": {services.XLSX: _BINARY, "text/csv": _BINARY},
            "headers": {
                "Content-Disposition": {
                    "description": 'attachment; filename="<title>.xlsx"',
                    "schema": {"type": "string"},
                }
            },
        }
    }
}


class SheetChoicesIn(InputSchema):
    create_bodies: bool = Field(False, description="Create the bodies the file names (admins)")
    create_focus_areas: bool = Field(False, description="Create the missing focus areas")


class SheetConfirmIn(SheetChoicesIn):
    fingerprint: str = Field(..., description="The fingerprint of the preview confirmed")


@router.get(
    P + "/documents/{document_id}/spreadsheet",
    summary="Download the document as the import's workbook (XLSX) or one sheet as CSV",
    openapi_extra=FILE_DOCS,
)
def sheet_download(request, org: str, document_id: str, query: Query[SheetQueryIn]):
    access = org_access(request, org)
    document = document_get(access=access, ref=document_id)
    content, filename, content_type = services.sheet_export(
        access=access, document=document, fmt=query.format, sheet=query.sheet
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@router.post(
    P + "/documents/{document_id}/imports",
    response={201: SheetImportOut},
    summary="Upload a spreadsheet: its preview (nothing is imported yet)",
)
def import_create(request, org: str, document_id: str, file: File[UploadedFile]):
    access = org_access(request, org)
    document = document_get(access=access, ref=document_id)
    if file.size > services.MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)s MB.")
                % {"mb": services.MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    sheet_import = services.sheet_import_create(
        access=access, document=document, filename=file.name or "", content=file.read()
    )
    return created(sheet_import)


@router.get(P + "/imports/{uid}", response=SheetImportOut, summary="A preview or an import")
def import_get(request, org: str, uid: UUID):
    access = org_access(request, org)
    services.require_import(access)
    return services.sheet_import_get(access=access, uid=uid)


@router.post(
    P + "/imports/{uid}/preview",
    response=SheetImportOut,
    summary="Compute the preview again (create the missing bodies or focus areas, or not)",
)
def import_replan(request, org: str, uid: UUID, payload: SheetChoicesIn):
    access = org_access(request, org)
    services.require_import(access)
    sheet_import = services.sheet_import_get(access=access, uid=uid)
    return services.sheet_import_replan(
        access=access,
        sheet_import=sheet_import,
        create_bodies=payload.create_bodies,
        create_focus_areas=payload.create_focus_areas,
    )


@router.post(
    P + "/imports/{uid}/confirm",
    response={200: SheetImportOut, 202: SheetImportOut},
    summary="Import what the preview showed: all rows or none",
)
def import_confirm(request, org: str, uid: UUID, payload: SheetConfirmIn):
    access = org_access(request, org)
    services.require_import(access)
    sheet_import = services.sheet_import_get(access=access, uid=uid)
    sheet_import = services.sheet_import_confirm(
        access=access,
        sheet_import=sheet_import,
        fingerprint=payload.fingerprint,
        create_bodies=payload.create_bodies,
        create_focus_areas=payload.create_focus_areas,
    )
    if sheet_import.state == ImportState.FAILED:
        raise ValidationError(sheet_import.error)
    return Status(202 if sheet_import.is_pending else 200, sheet_import)


# Starting a document from a Word file ---------------------------------------------------------
#
# - `POST …/word-imports` (multipart: `file`, optional `kind`) → 201 the proposal: every part
#   of the file in order with what it becomes, and the outline that creates
# - `GET  …/word-imports/{uid}` the same
# - `POST …/word-imports/{uid}/mapping` the corrected mapping (title, kind, one {role, text}
#   per part) → the new proposal and outline
# - `POST …/word-imports/{uid}/confirm` with the proposal's `fingerprint` → 201 the document
#   (all or nothing; the Word file is kept as its attachment); a mapping with problems, or one
#   changed since the fingerprint, is a 422 naming why (nothing created)


class WordPartOut(Schema):
    number: int = Field(..., description="The part's place in the file, from 1")
    kind: str = Field(..., description="title, heading, paragraph, list or table")
    kind_display: str
    level: int = Field(..., description="A heading's level (1 = chapter); 0 otherwise")
    role: str = Field(..., description="section, focus_area, goal, indicator, body or ignore")
    role_display: str
    text: str = Field(..., description="The text used (editable); a list has one item a line")
    original: str = Field(..., description="The text as read from the file")


class WordIndicatorOut(Schema):
    name: str
    definition: str


class WordGoalOut(Schema):
    title: str
    description: str


class WordFocusAreaOut(Schema):
    number: str
    title: str
    goal_text: str = Field(..., description="The focus area's goal (its first goal in full)")
    description: str
    goals: list[WordGoalOut]
    indicators: list[WordIndicatorOut]


class WordSectionOut(Schema):
    heading: str
    body: str = Field(..., description="Markdown")


class WordCountsOut(Schema):
    sections: int
    focus_areas: int
    goals: int
    indicators: int


class WordOutlineOut(Schema):
    summary: str = Field(..., description="The document's summary: text before every heading")
    sections: list[WordSectionOut]
    focus_areas: list[WordFocusAreaOut]
    indicators: list[WordIndicatorOut] = Field(..., description="Outside every focus area")
    counts: WordCountsOut
    errors: list[str] = Field(..., description="“Del 4: ett mål hör till ett insatsområde …”")


class WordImportOut(Schema):
    uid: UUID
    filename: str
    state: str = Field(..., description="preview or done")
    state_display: str
    title: str
    kind: str
    kind_display: str
    fingerprint: str = Field(..., description="Give it back to confirm this mapping")
    parts: list[WordPartOut]
    outline: WordOutlineOut
    document: UUID | None = Field(None, description="The created document's uid (when done)")

    @staticmethod
    def resolve_state_display(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_fingerprint(obj) -> str:
        return word_services.fingerprint(obj)

    @staticmethod
    def resolve_parts(obj) -> list[dict]:
        roles = dict(Role.choices)
        return [
            {
                **e,
                "number": n,
                "kind_display": str(KIND_LABELS.get(e["kind"], "")),
                "role_display": str(roles.get(e["role"], "")),
            }
            for n, e in enumerate(obj.elements, start=1)
        ]

    @staticmethod
    def resolve_outline(obj) -> dict:
        return word_services.outline(obj).as_dict()

    @staticmethod
    def resolve_document(obj) -> UUID | None:
        return obj.document.uid if obj.document_id else None


class WordDocumentOut(Schema):
    id: int
    uid: UUID
    title: str
    kind: str
    status: str
    counts: WordCountsOut
    attachment: str = Field(..., description="The name of the Word file kept with it")


class WordPartIn(InputSchema):
    role: str = Field(..., json_schema_extra={"enum": list(Role.values)})
    text: str = Field("", max_length=20000)


class WordMappingIn(InputSchema):
    title: str = Field(..., max_length=300)
    kind: str = Field(..., json_schema_extra={"enum": list(DocumentKind.values)})
    parts: list[WordPartIn] = Field(..., description="One per part of the file, in its order")


class WordConfirmIn(InputSchema):
    fingerprint: str = Field(..., description="The fingerprint of the mapping confirmed")


@router.post(
    P + "/word-imports",
    response={201: WordImportOut},
    summary="Upload a Word file (DOCX): the proposed structure (nothing is created yet)",
)
def word_import_create(request, org: str, file: File[UploadedFile], kind: Form[str] = ""):
    access = org_access(request, org)
    word_services.require_create(access)
    if file.size > word_services.MAX_WORD_BYTES:
        raise ValidationError({"file": word_services.too_large_message()})
    word_import = word_services.word_import_create(
        access=access, filename=file.name or "", content=file.read(), kind=kind
    )
    return created(word_import)


@router.get(P + "/word-imports/{uid}", response=WordImportOut, summary="A Word file's mapping")
def word_import_get(request, org: str, uid: UUID):
    access = org_access(request, org)
    return word_services.word_import_get(access=access, uid=uid)


@router.post(
    P + "/word-imports/{uid}/mapping",
    response=WordImportOut,
    summary="Correct the mapping: what each part becomes and its text",
)
def word_import_remap(request, org: str, uid: UUID, payload: WordMappingIn):
    access = org_access(request, org)
    word_import = word_services.word_import_get(access=access, uid=uid)
    return word_services.word_import_remap(
        access=access,
        word_import=word_import,
        title=payload.title,
        kind=payload.kind,
        parts=[p.dict() for p in payload.parts],
    )


@router.post(
    P + "/word-imports/{uid}/confirm",
    response={201: WordDocumentOut},
    summary="Create the document the mapping shows: all of it or nothing",
)
def word_import_confirm(request, org: str, uid: UUID, payload: WordConfirmIn):
    access = org_access(request, org)
    word_import = word_services.word_import_get(access=access, uid=uid)
    plan = word_services.outline(word_import)
    document = word_services.word_import_confirm(
        access=access, word_import=word_import, fingerprint_seen=payload.fingerprint
    )
    return created(
        {
            "id": document.pk,
            "uid": document.uid,
            "title": document.title,
            "kind": document.kind,
            "status": document.status,
            "counts": plan.counts,
            "attachment": word_import.filename,
        }
    )
