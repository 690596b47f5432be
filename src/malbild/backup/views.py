"""The organisation's backup page: what a backup holds, and the download (administrators)."""

from django.views.generic import TemplateView

from malbild.organisation.views import AdminRequiredMixin
from malbild.reports.jobs import request_export

from . import export


class BackupView(AdminRequiredMixin, TemplateView):
    """GET: the page; POST: the archive, made as a background export (at once when quick,
    else 303 to the export's status page, which offers the file when it is ready)."""

    template_name = "backup/backup.html"

    def post(self, request, *args, **kwargs):
        return request_export(
            user=request.user,
            organisation_slug=self.organisation.slug,
            kind=export.KIND,
            params={},
            fmt="zip",
        )
