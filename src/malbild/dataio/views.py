"""The import and export pages of a document: the download of the workbook (or one sheet as
CSV), the upload, the preview with its confirmation, and the status of an import (which
refreshes itself while a background worker imports). No JavaScript: plain forms and links."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from malbild.strategy.selectors import document_get
from malbild.web.mixins import OrgMixin

from . import layout, selectors, services
from .forms import ConfirmForm, UploadForm
from .models import ImportState

ROWS_PER_PAGE = 500
STATE_LABELS = {
    "new": gettext_lazy("New"),
    "changed": gettext_lazy("Changed"),
    "unchanged": gettext_lazy("Unchanged"),
    "error": gettext_lazy("Error"),
}


class DocumentSheetView(OrgMixin, View):
    """`…/documents/<ref>/spreadsheet.xlsx` (every sheet) or `.csv?sheet=<key>` (one)."""

    def get(self, request, *args, **kwargs):
        document = document_get(access=self.access, ref=kwargs["pk"])
        fmt = kwargs["fmt"]
        sheet = request.GET.get("sheet", "activities")
        if fmt not in ("xlsx", "csv") or sheet not in layout.SHEETS_BY_KEY:
            raise Http404
        content, filename, content_type = services.sheet_export(
            access=self.access, document=document, fmt=fmt, sheet=sheet
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class _ImportAccessMixin(OrgMixin):
    def require_import(self):
        if not self.access.can_edit_documents:
            raise PermissionDenied(_("Only a strategist or an administrator may import a plan."))


class ImportUploadView(_ImportAccessMixin, FormView):
    template_name = "dataio/import_upload.html"
    form_class = UploadForm

    def get(self, request, *args, **kwargs):
        self.require_import()
        self.document = document_get(access=self.access, ref=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_import()
        self.document = document_get(access=self.access, ref=kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["document"] = self.document
        ctx["sheets"] = layout.SHEETS
        ctx["imports"] = selectors.import_list(access=self.access, document=self.document)[:10]
        return ctx

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_UPLOAD_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(mb)s MB.")
                % {"mb": services.MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
            return self.form_invalid(form)
        try:
            sheet_import = services.sheet_import_create(
                access=self.access,
                document=self.document,
                filename=upload.name,
                content=upload.read(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        return redirect(self.org_url("dataio:import-preview", uid=sheet_import.uid))


def sheet_groups(rows: list[dict]) -> list[dict]:
    """The rows of one page grouped by sheet, in the layout's order, with readable states."""
    groups = []
    for sheet in layout.SHEETS:
        mine = [
            {**r, "state_label": STATE_LABELS.get(r["state"], "")}
            for r in rows
            if r["sheet"] == sheet.key
        ]
        if mine:
            groups.append({"sheet": sheet, "rows": mine})
    return groups


class ImportPreviewView(_ImportAccessMixin, FormView):
    template_name = "dataio/import_preview.html"
    form_class = ConfirmForm

    def _load(self):
        self.require_import()
        self.sheet_import = services.sheet_import_get(access=self.access, uid=self.kwargs["uid"])
        self.document = self.sheet_import.document

    def get(self, request, *args, **kwargs):
        self._load()
        if self.sheet_import.state != ImportState.PREVIEW:
            return redirect(self.org_url("dataio:import-status", uid=self.sheet_import.uid))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._load()
        if self.sheet_import.state != ImportState.PREVIEW:
            return redirect(self.org_url("dataio:import-status", uid=self.sheet_import.uid))
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {
            "create_bodies": self.sheet_import.create_bodies,
            "create_focus_areas": self.sheet_import.create_focus_areas,
            "fingerprint": self.sheet_import.preview.get("fingerprint", ""),
        }

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        preview = self.sheet_import.preview
        if not preview.get("missing_bodies") or not preview.get("can_create_bodies"):
            del form.fields["create_bodies"]
        if not preview.get("missing_focus_areas"):
            del form.fields["create_focus_areas"]
        return form

    def form_valid(self, form):
        create_bodies = form.cleaned_data.get("create_bodies", False)
        create_focus_areas = form.cleaned_data.get("create_focus_areas", False)
        if self.request.POST.get("action") != "confirm":
            services.sheet_import_replan(
                access=self.access,
                sheet_import=self.sheet_import,
                create_bodies=create_bodies,
                create_focus_areas=create_focus_areas,
            )
            return redirect(self.org_url("dataio:import-preview", uid=self.sheet_import.uid))
        try:
            sheet_import = services.sheet_import_confirm(
                access=self.access,
                sheet_import=self.sheet_import,
                fingerprint=form.cleaned_data["fingerprint"],
                create_bodies=create_bodies,
                create_focus_areas=create_focus_areas,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
            return redirect(self.org_url("dataio:import-preview", uid=self.sheet_import.uid))
        return redirect(self.org_url("dataio:import-status", uid=sheet_import.uid))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        preview = self.sheet_import.preview
        page = Paginator(preview.get("rows", []), ROWS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        counts = preview.get("counts", {})
        ctx.update(
            sheet_import=self.sheet_import,
            document=self.document,
            preview=preview,
            page=page,
            groups=sheet_groups(list(page.object_list)),
            counts=[(STATE_LABELS[k], counts.get(k, 0)) for k in STATE_LABELS],
            total=sum(counts.values()),
            can_confirm=not preview.get("file_errors") and not counts.get("error"),
            errors=[e for r in preview.get("rows", []) if r["errors"] for e in r["errors"]],
        )
        return ctx


class ImportStatusView(_ImportAccessMixin, TemplateView):
    template_name = "dataio/import_status.html"

    def get_context_data(self, **kwargs):
        self.require_import()
        ctx = super().get_context_data(**kwargs)
        sheet_import = services.sheet_import_get(access=self.access, uid=kwargs["uid"])
        result = sheet_import.result or {}
        ctx.update(
            sheet_import=sheet_import,
            document=sheet_import.document,
            pending=sheet_import.is_pending,
            done=sheet_import.state == ImportState.DONE,
            failed=sheet_import.state == ImportState.FAILED,
            result=[(STATE_LABELS[k], result.get(k, 0)) for k in ("new", "changed", "unchanged")],
            refresh_seconds=2,
        )
        return ctx
