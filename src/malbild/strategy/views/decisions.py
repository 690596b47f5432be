"""Pages of decisions: the list, the detail page with its history, record, edit and delete."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from malbild.core.selectors import audit_history
from malbild.web.mixins import FormAccessMixin, OrgMixin, OriginalObjectMixin, ServiceFormMixin

from .. import selectors, services
from ..forms import DecisionForm, split_data
from ..models import Decision, SteeringDocument
from ._common import EditPermissionMixin, ServiceDeleteView


class DecisionListView(OrgMixin, ListView):
    template_name = "strategy/decision_list.html"
    context_object_name = "decisions"
    paginate_by = 50

    def get_queryset(self):
        return selectors.decision_list(access=self.access).order_by("-date", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.access.can_edit_documents
        return ctx


class DecisionDetailView(OrgMixin, DetailView):
    template_name = "strategy/decision_detail.html"
    context_object_name = "decision"

    def get_object(self, queryset=None):
        return selectors.decision_get(access=self.access, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.access.can_edit_documents
        ctx["history"] = list(audit_history(instance=self.object, limit=100))
        return ctx


class DecisionFormMixin(OrgMixin, EditPermissionMixin, ServiceFormMixin, FormAccessMixin):
    model = Decision
    form_class = DecisionForm
    template_name = "strategy/form.html"

    def get_success_url(self):
        return self.org_url("strategy:decision-detail", pk=self.object.pk)


class DecisionCreateView(DecisionFormMixin, CreateView):
    success_message = gettext_lazy("The decision was recorded.")

    def get_initial(self):
        initial = super().get_initial()
        ref = self.request.GET.get("document", "")
        if ref:
            document = SteeringDocument.objects.for_access(self.access).by_ref(ref).first()
            if document is not None:
                initial["document"] = document.pk
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Record a decision")
        ctx["cancel_url"] = self.org_url("strategy:decision-list")
        return ctx

    def perform(self, form):
        data, m2m = split_data(form)
        return services.decision_create(access=self.access, data=data, m2m=m2m)


class DecisionUpdateView(DecisionFormMixin, OriginalObjectMixin, UpdateView):
    success_message = gettext_lazy("The decision was saved.")

    def get_object(self, queryset=None):
        return selectors.decision_get(access=self.access, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit decision “%(name)s”") % {"name": self.object}
        ctx["cancel_url"] = self.get_success_url()
        return ctx

    def perform(self, form):
        data, m2m = split_data(form)
        return services.decision_update(
            access=self.access, decision=self.object, data=data, m2m=m2m
        )


class DecisionDeleteView(ServiceDeleteView):
    def get_object(self):
        return selectors.decision_get(access=self.access, pk=self.kwargs["pk"])

    def get_cancel_url(self):
        return self.org_url("strategy:decision-detail", pk=self.object.pk)

    def get_success_url(self):
        return self.org_url("strategy:decision-list")

    def delete_object(self):
        services.decision_delete(access=self.access, decision=self.object)
