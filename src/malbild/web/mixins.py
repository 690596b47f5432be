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
  views also give the form a copy of the object, so the service sees the saved values, and a
  hidden `lock_version`: the version the user edits. A save made from an older version than
  the one now stored shows the conflict page (`web/conflict.html`): the user's values beside
  the saved ones, field by field, with "keep mine" / "take theirs"; nothing is overwritten
  silently (docs/adr/0007-optimistic-locking.md).
"""

import copy

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from malbild.core.access import request_access, require_roles
from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version

#: Names of the fields the conflict page adds to an edit form's data.
VERSION_FIELD = "lock_version"
RESOLVE_PREFIX = "resolve-"
CONFLICT_FLAG = "_conflict"


class OrgMixin(LoginRequiredMixin):
    need_read = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = require_roles(
            request_access(request, kwargs["org"]), need_read=self.need_read
        )
        self.organisation = self.access.organisation
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
    link to `get_cancel_url()`; posting the (empty) form deletes. The form carries the target's
    `lock_version`: a delete confirmed from an older version than the stored one shows the
    confirmation page again (409) with the message and nothing is deleted; confirming again
    deletes the row as it is now."""

    template_name = "web/confirm_delete.html"
    form_class = forms.Form

    def delete_target(self):  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def get_cancel_url(self) -> str:  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def get_form(self, form_class=None):
        self.object = self.delete_target()
        return with_version_field(super().get_form(form_class), self.object)

    def render_conflict(self, form, current):
        self.object = current
        fresh = with_version_field(forms.Form(data={VERSION_FIELD: current.lock_version}), current)
        fresh.is_valid()
        fresh.add_error(None, ConflictError(current).message)
        return self.render_to_response(self.get_context_data(form=fresh), status=409)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.delete_target()
        ctx["cancel_url"] = self.get_cancel_url()
        return ctx


class TransitionViewMixin:
    """FormView of a status change of one row, `transition_target()`: the form (built with
    `transition_form_kwargs(target)`) carries the row's `lock_version`. A change made from an
    older version than the stored one shows the form again for the row as it is now — its
    status and the choices from there — with the message `conflict_message` and status 409;
    nothing is saved (a status is no field-by-field merge)."""

    def transition_target(self):  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def transition_form_kwargs(self, target) -> dict:
        return {}

    def transition_refreshed(self, current) -> None:
        """Called with the row as stored now before the form is shown again: subclasses
        that cache their target replace it here."""

    def transition(self, target, *, status: str, message: str):  # pragma: no cover
        """Call the app's transition service; returns the row in its new status."""
        raise NotImplementedError

    def perform(self, form):
        row = self.transition(
            self.transition_target(),
            status=form.cleaned_data["status"],
            message=form.cleaned_data["message"],
        )
        self.success_message = _("The status is now “%(status)s”.") % {
            "status": row.get_status_display()
        }
        return row

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            **self.transition_form_kwargs(self.transition_target()),
        }

    def get_form(self, form_class=None):
        self.object = self.transition_target()
        return with_version_field(super().get_form(form_class), self.object)

    def render_conflict(self, form, current):
        self.transition_refreshed(current)
        target = self.object = self.transition_target()
        data = self.request.POST.copy()
        data[VERSION_FIELD] = str(target.lock_version)
        fresh = with_version_field(type(form)(data, **self.transition_form_kwargs(target)), target)
        fresh.is_valid()
        fresh.add_error(None, conflict_status_message(target))
        return self.render_to_response(self.get_context_data(form=fresh), status=409)


def conflict_status_message(current) -> str:
    """ "Someone else changed it …; its status is now “X”. Nothing was saved." """
    display = getattr(current, "get_status_display", None)
    if display is None:
        return str(ConflictError(current).message)
    return _(
        "Someone else changed this after you opened the page; its status is now “%(status)s”. "
        "Nothing was saved."
    ) % {"status": display()}


class FormAccessMixin:
    """Form views: the form gets the user's `access` (to scope choices and check roles)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}


class OriginalObjectMixin(FormAccessMixin):
    """Update views: the form edits a copy, so the service sees the unchanged original and
    the audit log records a real before/after; the form carries the version it was made from
    (see the module docstring). After a conflict, the posted choices ("take theirs") replace
    the user's value of those fields with the saved one."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def get_form(self, form_class=None):
        form_class = form_class or self.get_form_class()
        kwargs = self.get_form_kwargs()
        data = kwargs.get("data")
        if data is not None and data.get(CONFLICT_FLAG):
            saved = form_class(**{**kwargs, "data": None, "files": None})
            kwargs["data"] = resolved_data(saved, data)
        return with_version_field(form_class(**kwargs), self.object)


def with_version_field(form, obj):
    """Add the hidden `lock_version` field (the version `obj` had when the form was made)."""
    if obj is not None and hasattr(obj, VERSION_FIELD):
        form.fields[VERSION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=obj.lock_version, min_value=0
        )
    return form


def resolved_data(saved, data):
    """The posted data with the "take theirs" fields set to the values of `saved` (an unbound
    form of the row as it is stored now)."""
    data = data.copy()
    for name in saved.fields:
        if data.get(RESOLVE_PREFIX + name) != "theirs":
            continue
        value = saved[name].value()
        if isinstance(value, list | tuple):
            data.setlist(name, [str(getattr(v, "pk", v)) for v in value])
        elif isinstance(value, bool):
            data.setlist(name, ["on"] if value else [])
        else:
            data[name] = "" if value is None else str(getattr(value, "pk", value))
    return data


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
        edited = getattr(self, "object", None)
        version = form.cleaned_data.get(VERSION_FIELD) if VERSION_FIELD in form.fields else None
        try:
            with expect_version(edited, version) if edited is not None else _nothing():
                self.object = self.perform(form)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except ConflictError as exc:
            return self.render_conflict(form, exc.current)
        except PermissionDenied:
            raise
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def render_conflict(self, form, current):
        """The conflict page (see `conflict_page`) for this view's form."""
        self.object = current
        kwargs = {**self.get_form_kwargs(), "data": None, "files": None}
        if accepts_instance(type(form)):
            kwargs["instance"] = copy.copy(current)
        saved = type(form)(**kwargs)
        return conflict_page(self.request, form, saved, current, self.get_context_data(form=form))


def accepts_instance(form_class) -> bool:
    """Whether the form is built from a row (`instance=`): model forms and `InstanceForm`s."""
    return issubclass(form_class, forms.ModelForm | InstanceForm)


def posted_version(form) -> int | None:
    """The `lock_version` a bound, valid form was made from (None without the field)."""
    return form.cleaned_data.get(VERSION_FIELD) if VERSION_FIELD in form.fields else None


def conflict_page(request, form, saved, current, context):
    """The conflict page (`web/conflict.html`, 409): for every field where the user's value
    (`form`, validated) and the saved one (`saved`, an unbound form of the row as it is now)
    differ, both values and a choice; the user's whole submission travels along hidden."""
    rows = []
    for name, field in form.fields.items():
        if name == VERSION_FIELD or name not in saved.fields:
            continue
        mine = display_value(field, form.cleaned_data.get(name))
        theirs = display_value(saved.fields[name], saved[name].value(), initial=True)
        if mine != theirs:
            rows.append(
                {"name": name, "label": field.label or name, "mine": mine, "theirs": theirs}
            )
    hidden = [
        (key, value)
        for key in form.data
        if key not in {VERSION_FIELD, CONFLICT_FLAG, "csrfmiddlewaretoken"}
        and not key.startswith(RESOLVE_PREFIX)
        for value in form.data.getlist(key)
    ]
    context = {
        **context,
        "conflict_rows": rows,
        "conflict_hidden": hidden,
        "conflict_version": current.lock_version,
        "conflict_object": current,
    }
    return render(request, "web/conflict.html", context, status=409)


class InstanceForm(forms.Form):
    """A plain form that edits one saved row: made with `instance=`, it starts from that row's
    values (`initial_from`), so the conflict page can show the row as saved now beside the
    user's values (docs/adr/0007-optimistic-locking.md)."""

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**(kwargs.get("initial") or {}), **self.initial_from(instance)}
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_from(instance) -> dict:
        return {}


class VersionedFormMixin:
    """A plain-form view that changes one row, `versioned_object()` (by default `self.object`):
    the form carries its `lock_version`; after a conflict the "take theirs" choices replace the
    posted values with the saved ones (as `OriginalObjectMixin` does for model forms)."""

    def versioned_object(self):
        return getattr(self, "object", None)

    def get_form(self, form_class=None):
        self.object = self.versioned_object()
        form_class = form_class or self.get_form_class()
        kwargs = self.get_form_kwargs()
        data = kwargs.get("data")
        if data is not None and data.get(CONFLICT_FLAG) and self.object is not None:
            saved_kwargs = {**kwargs, "data": None, "files": None}
            if accepts_instance(form_class):
                saved_kwargs["instance"] = self.object
            kwargs["data"] = resolved_data(form_class(**saved_kwargs), data)
        return with_version_field(form_class(**kwargs), self.object)


def versioned_form(form_class, data, obj, **kwargs):
    """A bound plain form editing `obj`, with its `lock_version`; after a conflict, the "take
    theirs" choices are applied from the row as saved now (for views outside FormView)."""
    if data.get(CONFLICT_FLAG) and obj is not None:
        data = resolved_data(form_class(instance=obj, **kwargs), data)
    return with_version_field(form_class(data, **kwargs), obj)


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def display_value(field, value, *, initial: bool = False) -> str:
    """A field's value as the person reads it: choice labels, object names, "–" for empty."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        if initial:
            objs = field.queryset.filter(pk__in=[getattr(v, "pk", v) for v in value or []])
        else:
            objs = value or []
        names = sorted(str(field.label_from_instance(o)) for o in objs)
        return ", ".join(names) or "–"
    if isinstance(field, forms.ModelChoiceField):
        if initial and value not in (None, ""):
            value = field.queryset.filter(pk=getattr(value, "pk", value)).first()
        return str(field.label_from_instance(value)) if value else "–"
    if isinstance(field, forms.BooleanField):
        return str(_("yes")) if value else str(_("no"))
    if isinstance(field, forms.ChoiceField):
        choices = {str(k): str(v) for k, v in field.choices}
        if isinstance(value, list | tuple):
            return ", ".join(choices.get(str(v), str(v)) for v in value) or "–"
        return choices.get(str(value), str(value)) if value not in (None, "") else "–"
    if value in (None, ""):
        return "–"
    if initial:
        value = (
            field.to_python(field.prepare_value(value)) if hasattr(field, "to_python") else value
        )
    return str(value)
