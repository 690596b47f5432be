"""The pages of starting a document from a Word file: the upload, and the preview where the
user corrects what each part of the file becomes, sees what that creates, and confirms. No
JavaScript: "Show the preview again" stores the mapping and shows the page again; "Create the
document" creates it when the mapping on the page is the one previewed (else it is stored and
shown again, so nothing unseen is created)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from malbild.web.mixins import OrgMixin

from . import word_services
from .forms import WordMappingForm, WordUploadForm
from .models import WordImportState
from .word.mapping import Role


class _WordMixin(OrgMixin):
    def require(self):
        word_services.require_create(self.access)


class WordUploadView(_WordMixin, FormView):
    template_name = "dataio/word_upload.html"
    form_class = WordUploadForm

    def get(self, request, *args, **kwargs):
        self.require()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > word_services.MAX_WORD_BYTES:
            form.add_error("file", word_services.too_large_message())
            return self.form_invalid(form)
        try:
            word_import = word_services.word_import_create(
                access=self.access,
                filename=upload.name,
                content=upload.read(),
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)
        return redirect(self.org_url("dataio:word-preview", uid=word_import.uid))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class WordPreviewView(_WordMixin, FormView):
    template_name = "dataio/word_preview.html"

    def _load(self):
        self.require()
        self.word_import = word_services.word_import_get(access=self.access, uid=self.kwargs["uid"])

    def _done(self):
        if self.word_import.document_id:
            return redirect(
                self.org_url("strategy:document-detail", pk=self.word_import.document.uid)
            )
        messages.info(self.request, _("A document has already been created from this file."))
        return redirect(self.org_url("strategy:document-list"))

    def get(self, request, *args, **kwargs):
        self._load()
        if self.word_import.state != WordImportState.PREVIEW:
            return self._done()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._load()
        if self.word_import.state != WordImportState.PREVIEW:
            return self._done()
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return WordMappingForm(**self.get_form_kwargs(), elements=self.word_import.elements)

    def get_initial(self):
        return {
            "title": self.word_import.title,
            "kind": self.word_import.kind,
            "fingerprint": word_services.fingerprint(self.word_import),
        }

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        seen = word_services.fingerprint(self.word_import)
        try:
            word_services.word_import_remap(
                access=self.access,
                word_import=self.word_import,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                parts=form.parts(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        here = self.org_url("dataio:word-preview", uid=self.word_import.uid)
        if self.request.POST.get("action") != "confirm":
            return redirect(here)
        if word_services.fingerprint(self.word_import) != seen or (
            form.cleaned_data["fingerprint"] != seen
        ):
            messages.warning(
                self.request,
                _("You changed the mapping: check what it creates below and confirm again."),
            )
            return redirect(here)
        try:
            document = word_services.word_import_confirm(
                access=self.access, word_import=self.word_import, fingerprint_seen=seen
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
            return redirect(here)
        messages.success(
            self.request,
            _("The document was created from “%(name)s”; the file is kept as its attachment.")
            % {"name": self.word_import.filename},
        )
        return redirect(self.org_url("strategy:document-detail", pk=document.uid))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        outline = word_services.outline(self.word_import)
        counts = outline.counts
        ctx.update(
            word_import=self.word_import,
            outline=outline,
            counts=[
                (_("Sections"), counts["sections"]),
                (_("Focus areas"), counts["focus_areas"]),
                (_("Goals"), counts["goals"]),
                (_("Indicators"), counts["indicators"]),
            ],
            total=sum(counts.values()),
            role_labels=dict(Role.choices),
        )
        return ctx
