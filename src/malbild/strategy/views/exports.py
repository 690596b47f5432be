"""Downloads of a plan as a PDF or Word file: the working copy of a document, or one of its
frozen versions (built by `strategy.exports`). Whoever may read the document or the version
may download it; another organisation's gets 404."""

from django.http import Http404, HttpResponse
from django.views.generic import View

from .. import exports, selectors
from .versions import DocumentSubpageMixin


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file as an attachment (the filename is ASCII: `exports.plan_filename`)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PlanExportView(DocumentSubpageMixin, View):
    """`…/documents/<ref>/export.<fmt>` (the working copy) and
    `…/documents/<ref>/versions/<n>/export.<fmt>` (a frozen version)."""

    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in exports.FORMATS:
            raise Http404
        document = self.get_document()
        version = None
        if "number" in kwargs:
            version = selectors.version_get(
                access=self.access, document=document, number=kwargs["number"]
            )
        return file_response(*exports.plan_file(document=document, version=version, fmt=fmt))
