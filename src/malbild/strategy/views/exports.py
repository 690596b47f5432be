"""Downloads of a plan as a PDF or Word file: the working copy of a document, or one of its
frozen versions (built by `strategy.exports`), rendered in the background
(`malbild.reports.jobs`, export "plan"): the file when it is ready in time or cached (a frozen
version's), else 303 to the export's status page. Whoever may read the document or the
version may download it; another organisation's gets 404."""

from django.http import Http404
from django.views.generic import View

from malbild.reports import jobs

from .. import exports, selectors
from .versions import DocumentSubpageMixin


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
        return jobs.request_export(
            user=request.user,
            organisation_slug=self.organisation.slug,
            kind=exports.KIND,
            params=exports.export_params(document=document, version=version),
            fmt=fmt,
        )
