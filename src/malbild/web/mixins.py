"""View plumbing shared by every app's pages: organisation scoping and service-backed forms.

- `OrgMixin`: login required; resolves `<slug:org>` to the user's `Access` or 404s, so one
  organisation's users never see another's pages.
- `ServiceFormMixin`: a form view whose `perform(form)` calls a service; a ValidationError from
  the service is shown next to the field it names, a PermissionDenied becomes 403, and because
  services are transactional a rejected form changes nothing.
- `EditCheckMixin`: runs `check_edit()` before GET and POST, so a user who may not make the
  change gets 403 on the form page too.
- `ConfirmDeleteMixin`: the confirmation page of a delete, with the object and a way back.
- `FormAccessMixin` / `OriginalObjectMixin`: pass the user's `access` to the form; on update
  views also give the form a copy of the object, so the service sees the saved values.
"""

import copy

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from malbild.core.access import get_organisation_access


class OrgMixin(LoginRequiredMixin):
    need_read = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = get_organisation_access(request.user, kwargs["org"], need_read=self.need_read)
        self.organisation = self.access.organisation
        request.organisation = self.organisation
        request.roles = self.access.roles
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["access"] = self.access
        ctx["organisation"] = self.organisation
        return ctx

    def org_url(self, name: str, **kwargs) -> str:
        """`reverse(name)` for a URL of this organisation (`org` filled in)."""
        return reverse(name, kwargs={"org": self.organisation.slug, **kwargs})


class EditCheckMixin:
    """Refuse the whole view — GET included — when `check_edit()` raises PermissionDenied."""

    def check_edit(self) -> None:  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.check_edit()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_edit()
        return super().post(request, *args, **kwargs)


class ConfirmDeleteMixin:
    """FormView of a delete: `web/confirm_delete.html` shows `delete_target()` with a cancel
    link to `get_cancel_url()`; posting the (empty) form deletes."""

    template_name = "web/confirm_delete.html"
    form_class = forms.Form

    def delete_target(self):  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def get_cancel_url(self) -> str:  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.delete_target()
        ctx["cancel_url"] = self.get_cancel_url()
        return ctx


class FormAccessMixin:
    """Form views: the form gets the user's `access` (to scope choices and check roles)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}


class OriginalObjectMixin(FormAccessMixin):
    """Update views: the form edits a copy, so the service sees the unchanged original and
    the audit log records a real before/after."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}


def apply_validation_error(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, next to the fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ServiceFormMixin:
    """Use with FormView/CreateView/UpdateView: implement `perform(form)` → saved object."""

    success_message = ""

    def perform(self, form):  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied:
            raise
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())
