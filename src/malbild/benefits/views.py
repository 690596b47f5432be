"""Pages of benefit calculations: an activity's calculation (alternatives, lines per year,
results, distribution, sensitivity, chart), the forms that create and change it, the
organisation's overview (calculations, activities that lack one) and the threshold setting.
Every write goes through benefits/services.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, FormView, TemplateView, UpdateView, View

from malbild.actionplan import selectors as activity_selectors
from malbild.actionplan.services import activity_check_edit
from malbild.core.selectors import audit_history
from malbild.web.mixins import (
    ConfirmDeleteMixin,
    EditCheckMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
)

from . import presentation, selectors, services
from .forms import AlternativeForm, CalculationForm, LineForm, SettingsForm
from .models import BenefitSettings


class ActivityCalculationMixin(OrgMixin):
    """Pages under /activities/<activity_pk>/benefits/: the activity and its calculation."""

    def get_activity(self):
        if not hasattr(self, "_activity"):
            self._activity = activity_selectors.activity_get(
                access=self.access, ref=self.kwargs["activity_pk"]
            )
        return self._activity

    def get_calculation(self, *, required: bool = True):
        if not hasattr(self, "_calculation"):
            self._calculation = selectors.calculation_for_activity(self.get_activity())
        if required and self._calculation is None:
            raise Http404
        return self._calculation

    def detail_url(self) -> str:
        return self.org_url("benefits:calculation-detail", activity_pk=self.get_activity().uid)

    def get_success_url(self):
        return self.detail_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["activity"] = self.get_activity()
        ctx["calculation"] = self.get_calculation(required=False)
        ctx["cancel_url"] = self.detail_url()
        return ctx


class CalculationEditMixin(EditCheckMixin, ActivityCalculationMixin):
    def check_edit(self) -> None:
        activity_check_edit(access=self.access, activity=self.get_activity())


class CalculationDetailView(ActivityCalculationMixin, TemplateView):
    template_name = "benefits/calculation_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        activity = self.get_activity()
        calculation = ctx["calculation"]
        ctx["can_edit"] = self.access.can_edit_for_body(activity.responsible_body_id)
        if calculation is not None:
            ctx["view"] = presentation.calculation_view(calculation)
            ctx["history"] = audit_history(instance=calculation)
        return ctx


class CalculationCreateView(CalculationEditMixin, ServiceFormMixin, CreateView):
    template_name = "benefits/form.html"
    form_class = CalculationForm
    success_message = gettext_lazy("The benefit calculation was created.")

    def get(self, request, *args, **kwargs):
        if self.get_calculation(required=False) is not None:
            return HttpResponseRedirect(self.detail_url())
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        activity = self.get_activity()
        return {"first_year": activity.start_year or activity.document.period_start}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("New benefit calculation")}

    def perform(self, form):
        return services.calculation_create(
            access=self.access, activity=self.get_activity(), data=form.service_data()
        )


class CalculationUpdateView(
    CalculationEditMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView
):
    template_name = "benefits/form.html"
    form_class = CalculationForm
    success_message = gettext_lazy("The benefit calculation was saved.")

    def get_object(self, queryset=None):
        return self.get_calculation()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Edit benefit calculation")}

    def perform(self, form):
        return services.calculation_update(
            access=self.access, calculation=self.get_calculation(), data=form.service_data()
        )


class CalculationDeleteView(ConfirmDeleteMixin, CalculationEditMixin, ServiceFormMixin, FormView):
    success_message = gettext_lazy("The benefit calculation was deleted.")

    def delete_target(self):
        return self.get_calculation()

    def get_cancel_url(self) -> str:
        return self.detail_url()

    def perform(self, form):
        services.calculation_delete(access=self.access, calculation=self.get_calculation())

    def get_success_url(self):
        return self.org_url("actionplan:activity-detail", pk=self.get_activity().uid)


class AlternativeMixin(CalculationEditMixin):
    def get_alternative(self):
        if not hasattr(self, "_alternative"):
            self._alternative = selectors.alternative_get(
                access=self.access, ref=self.kwargs["pk"], calculation=self.get_calculation()
            )
        return self._alternative


class AlternativeCreateView(CalculationEditMixin, ServiceFormMixin, CreateView):
    template_name = "benefits/form.html"
    form_class = AlternativeForm
    success_message = gettext_lazy("The alternative was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Add alternative")}

    def perform(self, form):
        return services.alternative_create(
            access=self.access, calculation=self.get_calculation(), data=form.service_data()
        )


class AlternativeUpdateView(AlternativeMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView):
    template_name = "benefits/form.html"
    form_class = AlternativeForm
    success_message = gettext_lazy("The alternative was saved.")

    def get_object(self, queryset=None):
        return self.get_alternative()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Edit alternative")}

    def perform(self, form):
        return services.alternative_update(
            access=self.access, alternative=self.get_alternative(), data=form.service_data()
        )


class AlternativeChooseView(AlternativeMixin, View):
    """POST only (a button on the calculation page): make the option the chosen one."""

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.detail_url())

    def post(self, request, *args, **kwargs):
        try:
            services.alternative_choose(access=self.access, alternative=self.get_alternative())
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The chosen alternative was changed."))
        return HttpResponseRedirect(self.detail_url() + "#results-heading")


class AlternativeDeleteView(ConfirmDeleteMixin, AlternativeMixin, ServiceFormMixin, FormView):
    success_message = gettext_lazy("The alternative was deleted.")

    def delete_target(self):
        return self.get_alternative()

    def get_cancel_url(self) -> str:
        return self.detail_url()

    def perform(self, form):
        services.alternative_delete(access=self.access, alternative=self.get_alternative())


class LineFormMixin(CalculationEditMixin):
    template_name = "benefits/line_form.html"
    form_class = LineForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "access": self.access,
            "calculation": self.get_calculation(),
        }

    def get_success_url(self):
        return self.detail_url() + "#alternatives-heading"


class LineCreateView(LineFormMixin, ServiceFormMixin, CreateView):
    success_message = gettext_lazy("The line was added.")

    def get_alternative(self):
        return selectors.alternative_get(
            access=self.access,
            ref=self.kwargs["alternative_pk"],
            calculation=self.get_calculation(),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["alternative"] = self.get_alternative()
        ctx["heading"] = _("Add line")
        return ctx

    def perform(self, form):
        return services.line_create(
            access=self.access, alternative=self.get_alternative(), **form.service_kwargs()
        )


class LineMixin(CalculationEditMixin):
    def get_line(self):
        if not hasattr(self, "_line"):
            self._line = selectors.line_get(
                access=self.access, ref=self.kwargs["pk"], calculation=self.get_calculation()
            )
        return self._line


class LineUpdateView(LineFormMixin, LineMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView):
    success_message = gettext_lazy("The line was saved.")

    def get_object(self, queryset=None):
        return self.get_line()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["alternative"] = self.get_line().alternative
        ctx["heading"] = _("Edit line")
        return ctx

    def perform(self, form):
        return services.line_update(
            access=self.access, line=self.get_line(), **form.service_kwargs()
        )


class LineDeleteView(ConfirmDeleteMixin, LineMixin, ServiceFormMixin, FormView):
    success_message = gettext_lazy("The line was deleted.")

    def delete_target(self):
        return self.get_line()

    def get_cancel_url(self) -> str:
        return self.detail_url()

    def perform(self, form):
        services.line_delete(access=self.access, line=self.get_line())


class OverviewView(OrgMixin, TemplateView):
    """The organisation's calculations and the activities above the threshold without one."""

    template_name = "benefits/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        threshold = selectors.budget_threshold(self.organisation)
        ctx["threshold"] = threshold
        ctx["missing"] = list(selectors.activities_missing_calculation(access=self.access))
        ctx["rows"] = presentation.overview_rows(selectors.calculation_list(access=self.access))
        ctx["can_set"] = self.access.is_admin
        return ctx


class SettingsView(OrgMixin, EditCheckMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView):
    template_name = "benefits/settings_form.html"
    form_class = SettingsForm
    success_message = gettext_lazy("The threshold was saved.")

    def check_edit(self) -> None:
        if not self.access.is_admin:
            raise PermissionDenied(_("Only administrators set the benefit calculation threshold."))

    def get_object(self, queryset=None):
        return BenefitSettings.objects.for_access(self.access).first() or BenefitSettings(
            organisation=self.organisation
        )

    def perform(self, form):
        return services.settings_update(
            access=self.access, budget_threshold=form.cleaned_data["budget_threshold"]
        )

    def get_success_url(self):
        return self.org_url("benefits:overview")
