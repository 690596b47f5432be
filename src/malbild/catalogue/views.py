"""Catalogue pages: the list of IT systems and e-services (filtered by kind), an item's page
with the activities and indicators that refer to it and its history, and the create, edit and
delete forms for strategists and admins. Writes go through catalogue/services.py."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from malbild.core.selectors import audit_history
from malbild.web.mixins import (
    ConfirmDeleteMixin,
    EditCheckMixin,
    FormAccessMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
)

from . import selectors, services
from .forms import CatalogueFilterForm, CatalogueItemForm


class CatalogueListView(OrgMixin, ListView):
    template_name = "catalogue/item_list.html"
    context_object_name = "items"

    def get_paginate_by(self, queryset):
        return getattr(settings, "MALBILD_PAGE_SIZE", 50)

    def get_queryset(self):
        self.filter_form = CatalogueFilterForm(self.request.GET or None)
        kind = self.filter_form.kind_filter() if self.request.GET else None
        return selectors.catalogue_list(access=self.access, kind=kind).order_by(
            "kind", "name", "id"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["can_edit"] = self.access.can_edit_documents
        return ctx


class CatalogueItemMixin(OrgMixin):
    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.catalogue_item_detail(access=self.access, ref=self.kwargs["pk"])
        return self._item

    def detail_url(self) -> str:
        return self.org_url("catalogue:item-detail", pk=self.kwargs["pk"])


class CatalogueEditMixin(EditCheckMixin):
    """Only strategists and admins change the catalogue (403 for everyone else)."""

    def check_edit(self) -> None:
        if not self.access.can_edit_documents:
            raise PermissionDenied(_("You may not edit the catalogue."))


class CatalogueItemDetailView(CatalogueItemMixin, DetailView):
    template_name = "catalogue/item_detail.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        return self.get_item()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.access.can_edit_documents
        ctx["history"] = audit_history(instance=self.object)
        return ctx


class CatalogueItemCreateView(
    CatalogueEditMixin, OrgMixin, ServiceFormMixin, FormAccessMixin, CreateView
):
    template_name = "catalogue/item_form.html"
    form_class = CatalogueItemForm
    success_message = gettext_lazy("The catalogue item was added.")

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("kind") in {"it_system", "e_service"}:
            initial["kind"] = self.request.GET["kind"]
        return initial

    def perform(self, form):
        return services.catalogue_item_create(access=self.access, data=form.cleaned_data)

    def get_success_url(self):
        return self.org_url("catalogue:item-detail", pk=self.object.pk)


class CatalogueItemUpdateView(
    CatalogueEditMixin, CatalogueItemMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView
):
    template_name = "catalogue/item_form.html"
    form_class = CatalogueItemForm
    context_object_name = "item"
    success_message = gettext_lazy("The catalogue item was saved.")

    def get_object(self, queryset=None):
        return self.get_item()

    def perform(self, form):
        return services.catalogue_item_update(
            access=self.access, item=self.get_item(), data=form.cleaned_data
        )

    def get_success_url(self):
        return self.detail_url()


class CatalogueItemDeleteView(
    ConfirmDeleteMixin, CatalogueEditMixin, CatalogueItemMixin, ServiceFormMixin, FormView
):
    success_message = gettext_lazy("The catalogue item was deleted.")

    def delete_target(self):
        return self.get_item()

    def get_cancel_url(self) -> str:
        return self.detail_url()

    def perform(self, form):
        services.catalogue_item_delete(access=self.access, item=self.get_item())

    def get_success_url(self):
        return self.org_url("catalogue:item-list")
