"""The attachments of a response: adding and removing one on a draft, and downloading one
(for those who may read the response).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from malbild.web.mixins import apply_validation_error

from .. import services
from ..constants import ResponseStatus
from ..forms import AttachmentForm
from ..models import Attachment
from ..permissions import can_read_response
from ..uploads import install_attachment_limit
from .respondent import ResponderMixin


@method_decorator(csrf_exempt, name="dispatch")
class AttachmentAddView(ResponderMixin):
    """POST a file. The size limit is enforced while the body streams in
    (`uploads.AttachmentLimitHandler`), which must be installed before anything reads the body,
    so CSRF middleware skips this view and `csrf_protect` checks it here instead."""

    def dispatch(self, request, *args, **kwargs):
        self.limit_handler = install_attachment_limit(request)
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_write()
        form = AttachmentForm(request.POST, request.FILES)
        if self.limit_handler.exceeded:
            form = AttachmentForm(request.POST)
            form.full_clean()
            form.errors.clear()
            form.add_error("file", services.attachment_too_large_message())
        elif form.is_valid():
            try:
                with transaction.atomic():  # a refused file leaves no empty draft behind
                    response = services.response_save_draft(
                        responder=self.responder, consultee=self.consultee, data={}
                    )
                    services.attachment_add(
                        responder=self.responder,
                        response=response,
                        upload=form.cleaned_data["file"],
                    )
                return self.back(_("The attachment has been added."))
            except ValidationError as exc:
                apply_validation_error(form, exc)
        return self.page(attachment_form=form, status=400)


class AttachmentDeleteView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        attachment = get_object_or_404(
            Attachment,
            pk=kwargs["attachment"],
            response__consultee=self.consultee,
            response__status=ResponseStatus.DRAFT,
        )
        services.attachment_delete(responder=self.responder, attachment=attachment)
        return self.back(_("The attachment has been removed."))


class AttachmentDownloadView(ResponderMixin):
    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(
            Attachment.objects.select_related("response__consultee"),
            pk=kwargs["attachment"],
            response__consultee=self.consultee,
        )
        response = attachment.response
        allowed = (
            self.can_write
            if response.is_draft
            else (
                self.link_mode
                or self.can_write
                or can_read_response(self.access, response, self.round.status)
            )
        )
        if not allowed:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
