"""The response pages (for respondents by account and for holders of a secret link): the
response with its form, saving the draft, submitting, starting a correction and declining.
"""

import datetime
from contextlib import nullcontext

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.web.mixins import apply_validation_error, posted_version, versioned_form

from .. import selectors, services
from ..forms import DeclineForm, ResponseForm
from .respondent import ResponderMixin


class ResponseView(ResponderMixin):
    def get(self, request, *args, **kwargs):
        return self.page()


class ResponseSaveView(ResponderMixin):
    def get(self, request, *args, **kwargs):
        return self.back()

    def post(self, request, *args, **kwargs):
        self.require_write()
        draft = services.current_response(self.consultee)
        draft = draft if draft is not None and draft.is_draft else None
        form = versioned_form(ResponseForm, request.POST, draft)
        if form.is_valid():
            try:
                with expect_version(draft, posted_version(form)) if draft else nullcontext():
                    services.response_save_draft(
                        responder=self.responder, consultee=self.consultee, data=form.cleaned_data
                    )
                return self.back(_("The draft has been saved."))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except ConflictError as exc:
                return self.conflict(form, ResponseForm(instance=exc.current), exc.current)
        return self.page(response_form=form, status=400)


class SubmitView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        draft = selectors.response_detail(consultee=self.consultee)["draft"]
        if draft is None:
            messages.error(request, _("There is no draft to submit."))
            return self.back()
        received_at = None
        if self.is_registrar() and request.POST.get("received_on"):
            try:
                received_on = forms.DateField().clean(request.POST["received_on"])
            except ValidationError:
                messages.error(request, _("Received on: enter a valid date (YYYY-MM-DD)."))
                return self.back()
            received_at = timezone.make_aware(
                datetime.datetime.combine(received_on, datetime.time(12, 0))
            )
        try:
            response = services.response_submit(
                responder=self.responder, response=draft, received_at=received_at
            )
        except ValidationError as exc:
            form = ResponseForm(initial={f: getattr(draft, f) for f in services.RESPONSE_FIELDS})
            form.cleaned_data = {}
            form.full_clean()
            apply_validation_error(form, exc)
            return self.page(response_form=form, status=400)
        if response.is_late:
            msg = _("The response has been submitted after the deadline and is marked as late.")
        else:
            msg = _("The response has been submitted. Thank you!")
        return self.back(msg)


class CorrectView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        try:
            services.response_correct(responder=self.responder, consultee=self.consultee)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.back()
        return self.back(
            _("A correction has been started; the submitted response is kept until you submit it.")
        )


class DeclineView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        form = DeclineForm(request.POST)
        form.is_valid()
        try:
            services.consultee_decline(
                responder=self.responder,
                consultee=self.consultee,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.back()
        return self.back(_("You have declined to respond."))
