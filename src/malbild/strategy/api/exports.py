"""API of plan files: a document's working copy, or one of its frozen versions, as a PDF or
Word file (built by `strategy.exports`, the same file as the pages' download links). Any role
in the organisation may download what it may read; another organisation's is 404.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query

from malbild.api.utils import InputSchema

from .. import exports, selectors
from ._common import P, StrategyRouter, _org_document, _ref

router = StrategyRouter()


class ExportQuery(InputSchema):
    format: str = Field(
        ...,
        description="pdf (A4, with page numbers and contents) or docx (Word)",
        json_schema_extra={"enum": list(exports.FORMATS)},
    )


def _file_docs(what: str) -> dict:
    """The OpenAPI answer of an export: the file in either content type, as an attachment."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "responses": {
            200: {
                "description": f"{what} as a file (application/pdf or DOCX, by `format`)",
                "content": {exports.PDF_TYPE: binary, exports.DOCX_TYPE: binary},
                "headers": {
                    "Content-Disposition": {
                        "description": 'attachment; filename="<title>-version-<n>.<format>"',
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    }


def _format(query: ExportQuery) -> str:
    if query.format not in exports.FORMATS:
        raise ValidationError({"format": _("Choose the file format pdf or docx.")})
    return query.format


def _answer(document, version, fmt: str) -> HttpResponse:
    content, filename, content_type = exports.plan_file(document=document, version=version, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get(
    P + "/documents/{document_id}/export",
    summary="Download a document's working copy as a PDF or Word file",
    description="The plan as it stands now: cover, text, goals, indicators with targets, "
    "activities, what it inherits and the budget tables, every reference by its name.",
    openapi_extra=_file_docs("The working copy"),
)
def document_export(
    request, org: str, query: Query[ExportQuery], document_id: str = _ref("document")
):
    access, document = _org_document(request, org, document_id)
    return _answer(document, None, _format(query))


@router.get(
    P + "/documents/{document_id}/versions/{number}/export",
    summary="Download a frozen version as a PDF or Word file",
    description="The version as it was frozen (the same file whenever it is downloaded, but "
    "for the cover's labels in the reader's language).",
    openapi_extra=_file_docs("The frozen version"),
)
def version_export(
    request, org: str, number: int, query: Query[ExportQuery], document_id: str = _ref("document")
):
    access, document = _org_document(request, org, document_id)
    version = selectors.version_get(access=access, document=document, number=number)
    return _answer(document, version, _format(query))
