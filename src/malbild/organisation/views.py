"""Pages of one organisation: editing it, and its bodies as a tree with create, edit, delete
and a detail page with history. Superusers add organisations. (The overview combines apps:
malbild/site/.)"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, UpdateView

from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.core.selectors import audit_history
from malbild.web.mixins import (
    ConfirmDeleteMixin,
    FormAccessMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
    apply_validation_error,
    posted_version,
)

from . import selectors, services
from .forms import BodyForm, OrganisationCreateForm, OrganisationForm


class _AdminCheck:
    """Runs after OrgMixin has resolved `self.access` (it comes later in the MRO)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.access.is_admin:
            raise PermissionDenied(_("Only an administrator may do this."))
        return super().dispatch(request, *args, **kwargs)


class AdminRequiredMixin(OrgMixin, _AdminCheck):
    """Organisation pages only administrators may open: other organisations 404, other roles
    of this organisation 403. (accounts' member pages use it too.)"""


class OrganisationUpdateView(AdminRequiredMixin, ServiceFormMixin, FormView):
    template_name = "organisation/organisation_form.html"
    form_class = OrganisationForm
    success_message = gettext_lazy("The organisation was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.organisation}

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields}
        with transaction.atomic():
            services.organisation_logo_set(
                access=self.access,
                upload=form.cleaned_data.get("logo"),
                remove=form.cleaned_data.get("remove_logo", False),
            )
            return services.organisation_update(access=self.access, data=data)

    def get_success_url(self):
        return self.org_url("organisation:overview")


class OrganisationCreateView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """Superusers add a further organisation (tenant); its admins are then given roles."""

    template_name = "organisation/organisation_create.html"
    form_class = OrganisationCreateForm
    success_message = gettext_lazy("The organisation was created.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_superuser:
            raise PermissionDenied(_("Only a superuser may add organisations."))
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.organisation_create(actor=self.request.user, data=form.cleaned_data)

    def get_success_url(self):
        return reverse("organisation:overview", kwargs={"org": self.object.slug})


# Bodies ---------------------------------------------------------------------------------------


class BodyMixin:
    """The body named by the URL, by uid or id (404 for another organisation's body)."""

    def get_body(self):
        if not hasattr(self, "body"):
            self.body = selectors.body_get(access=self.access, ref=self.kwargs["pk"])
        return self.body

    def body_url(self, body):
        return self.org_url("organisation:body-detail", pk=body.uid)


class BodyListView(OrgMixin, TemplateView):
    template_name = "organisation/body_list.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "tree": selectors.body_tree(access=self.access),
        }


class BodyDetailView(BodyMixin, OrgMixin, TemplateView):
    template_name = "organisation/body_detail.html"

    def get_context_data(self, **kwargs):
        body = self.get_body()
        return {
            **super().get_context_data(**kwargs),
            "body": body,
            "children": list(selectors.body_children(access=self.access, body=body)),
            "history": audit_history(instance=body),
        }


class BodyCreateView(AdminRequiredMixin, ServiceFormMixin, BodyMixin, FormAccessMixin, FormView):
    template_name = "organisation/body_form.html"
    form_class = BodyForm
    success_message = gettext_lazy("The body was added.")

    def get_initial(self):
        ref = self.request.GET.get("parent")
        parent = selectors.body_list(access=self.access).by_ref(ref).first() if ref else None
        return {"parent": parent} if parent is not None else {}

    def perform(self, form):
        return services.body_create(access=self.access, data=form.cleaned_data)

    def get_success_url(self):
        return self.body_url(self.object)


class BodyUpdateView(
    AdminRequiredMixin, ServiceFormMixin, BodyMixin, OriginalObjectMixin, UpdateView
):
    """Edit a body; the form carries its version, a stale save shows the conflict page."""

    template_name = "organisation/body_form.html"
    form_class = BodyForm
    success_message = gettext_lazy("The body was saved.")

    def get_object(self, queryset=None):
        return self.get_body()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "body": self.get_body()}

    def perform(self, form):
        return services.body_update(
            access=self.access, body=self.get_body(), data=form.cleaned_data
        )

    def get_success_url(self):
        return self.body_url(self.object)


class BodyDeleteView(ConfirmDeleteMixin, AdminRequiredMixin, BodyMixin, FormView):
    """Confirm and delete; a body that documents, activities or other bodies refer to is kept
    and the page says which items refer to it."""

    def delete_target(self):
        return self.get_body()

    def get_cancel_url(self) -> str:
        return self.body_url(self.get_body())

    def form_valid(self, form):
        body = self.get_body()
        try:
            with expect_version(body, posted_version(form)):
                services.body_delete(access=self.access, body=body)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except ConflictError as exc:
            return self.render_conflict(form, exc.current)
        messages.success(self.request, _("The body “%(name)s” was deleted.") % {"name": body})
        return HttpResponseRedirect(self.org_url("organisation:body-list"))
