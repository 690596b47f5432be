"""Pages of follow-up periods: the list, open and change a period, the reporting overview
(what each body has missing, submitted, returned or approved), reminders and closing."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, UpdateView

from malbild.strategy.selectors import document_get, document_list
from malbild.web.formatting import value_with_unit
from malbild.web.mixins import (
    EditCheckMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
)

from .. import selectors, services
from ..constants import ContributionState
from ..forms import (
    AnalysisForm,
    PeriodForm,
)
from ..report import activity_status_label
from ._common import PeriodMixin


class PeriodListView(OrgMixin, TemplateView):
    template_name = "followup/period_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["periods"] = selectors.period_list(access=self.access)
        return ctx


class PeriodCreateView(OrgMixin, ServiceFormMixin, FormView):
    template_name = "followup/period_form.html"
    form_class = PeriodForm
    success_message = gettext_lazy("The follow-up period was opened.")

    def get_form_kwargs(self):
        if not self.access.can_edit_documents:
            raise PermissionDenied
        return {**super().get_form_kwargs(), "access": self.access}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["document"] = _document_field(self.access)
        form.order_fields(["document"])
        document = self.request.GET.get("document", "")
        if document.isdigit():
            form.fields["document"].initial = int(document)
        return form

    def perform(self, form):
        data = dict(form.cleaned_data)
        document = document_get(access=self.access, pk=int(data.pop("document")))
        return services.period_create(access=self.access, document=document, data=data)

    def get_success_url(self):
        return reverse(
            "followup:period-detail", kwargs={"org": self.organisation.slug, "pk": self.object.pk}
        )


class PeriodUpdateView(OrgMixin, EditCheckMixin, OriginalObjectMixin, ServiceFormMixin, UpdateView):
    """Change an open period's label, dates, deadline or self-assessment."""

    template_name = "followup/period_form.html"
    form_class = PeriodForm
    success_message = gettext_lazy("The follow-up period was saved.")

    def check_edit(self):
        if not self.access.can_edit_documents:
            raise PermissionDenied

    def get_object(self, queryset=None):
        return selectors.period_get(access=self.access, pk=self.kwargs["pk"])

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.period_update(access=self.access, period=self.object, data=data)

    def get_success_url(self):
        return reverse(
            "followup:period-detail", kwargs={"org": self.organisation.slug, "pk": self.object.pk}
        )


class PeriodAnalysisView(
    OrgMixin, EditCheckMixin, OriginalObjectMixin, ServiceFormMixin, UpdateView
):
    """The strategist's analysis and conclusions for the annual report, editable while the
    period is open; a closed period's analysis is frozen with its data (shown, not edited)."""

    template_name = "followup/period_analysis.html"
    form_class = AnalysisForm
    success_message = gettext_lazy("The analysis and conclusions were saved.")

    def check_edit(self):
        if not self.access.can_edit_documents:
            raise PermissionDenied

    def get_object(self, queryset=None):
        return selectors.period_get(access=self.access, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "period": self.object}

    def perform(self, form):
        return services.period_analysis_update(
            access=self.access, period=self.object, analysis=form.cleaned_data["analysis"]
        )

    def get_success_url(self):
        return reverse(
            "followup:period-report", kwargs={"org": self.organisation.slug, "pk": self.object.pk}
        )


def _document_field(access):
    return forms.ChoiceField(
        label=_("Document"),
        choices=[(d.pk, d.title) for d in document_list(access=access)],
    )


class PeriodDetailView(PeriodMixin, TemplateView):
    """The reporting overview: per body what is missing, submitted, returned or approved."""

    template_name = "followup/period_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        data = selectors.period_data(period=self.get_period())
        titles = {d["id"]: d["title"] for d in data["documents"]}
        org = self.organisation.slug
        for a in data["activities"]:
            a["status_label"] = activity_status_label(a["status"])
        for i in data["indicators"]:
            i["value_display"] = value_with_unit(i["value"], i["unit"])
        for kind, items in (
            ("activity-report", data["activities"]),
            ("indicator-value", data["indicators"]),
        ):
            for x in items:
                x["document_title"] = titles.get(x["document_id"], "")
                home = x["reported_in"]["id"] if x["reported_in"] else self.get_period().pk
                x["url"] = reverse(
                    f"followup:{kind}", kwargs={"org": org, "pk": home, "item": x["id"]}
                )
        names = {a["uid"]: f"{a['number']} {a['title']}".strip() for a in data["activities"]}
        names.update({i["uid"]: i["name"] for i in data["indicators"]})
        for fa in data["focus_areas"]:
            names[fa["uid"]] = f"{fa['number']} {fa['title']}".strip()
            names.update({g["uid"]: g["title"] for g in fa["goals"]})
        for am in data["amendments"]:
            am["item"] = names.get(am["target_uid"], "")
        ctx["data"] = data
        ctx["pending"] = [
            x
            for x in data["activities"] + data["indicators"]
            if not x["reported_in"]
            and x["state"]
            in {ContributionState.MISSING, ContributionState.DRAFT, ContributionState.RETURNED}
        ]
        ctx["several_documents"] = len(data["documents"]) > 1
        ctx["can_report"] = {
            x["uid"]: self.access.can_edit_for_body(x["responsible_body_id"])
            for x in data["activities"] + data["indicators"]
        }
        return ctx


class RemindersView(PeriodMixin, TemplateView):
    """Per body with contributions still to report: its editors and a ready e-mail text with
    a mailto: link. The server sends nothing."""

    strategists_only = True
    template_name = "followup/reminders.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period = self.get_period()
        data = selectors.period_data(period=period)
        ctx["reminders"] = (
            []
            if period.is_closed
            else selectors.reminders(
                period=period,
                data=data,
                period_url=self.request.build_absolute_uri(self.period_url()),
            )
        )
        return ctx


class PeriodCloseView(PeriodMixin, TemplateView):
    strategists_only = True
    template_name = "followup/period_close.html"

    def post(self, request, *args, **kwargs):
        try:
            services.period_close(access=self.access, period=self.get_period())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The period was closed and its data frozen."))
        return HttpResponseRedirect(self.period_url())
