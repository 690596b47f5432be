"""Pages of contributions: the report form of one activity or indicator, with the
strategist's review (approve or return, apply the reported status) below it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.web.mixins import (
    VERSION_FIELD,
    ServiceFormMixin,
    VersionedFormMixin,
    apply_validation_error,
    with_version_field,
)

from .. import selectors, services
from ..constants import ContributionState
from ..forms import (
    ActivityReportForm,
    IndicatorValueForm,
    OverrideForm,
    ReviewForm,
    benefit_initial,
    year_target_text,
)
from ..report import activity_status_label
from ._common import PeriodMixin


class ContributionView(PeriodMixin, VersionedFormMixin, ServiceFormMixin, FormView):
    """Report form for one activity or indicator, with the strategist's review below it."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["item"] = self.get_item()
        ctx["contribution"] = self.get_contribution()
        ctx["can_edit"] = self.can_edit()
        ctx["review_form"] = kwargs.get("review_form") or ReviewForm(apply_offer=self.apply_offer())
        ctx["kind"] = self.kind
        home = self.reporting_period()
        if home is not None and home.pk != self.get_period().pk:
            # Asked for in another period of the same span: shown read-only from there.
            ctx["reported_in"] = home
            ctx["contribution"] = self.contribution_in(home)
        return ctx

    def reporting_period(self):
        """The period of this span the item is reported in (followup.scope's rule)."""
        if not hasattr(self, "_home"):
            self._home = selectors.reporting_period(
                period=self.get_period(), kind=self.kind, item=self.get_item()
            )
        return self._home

    def reported_here(self) -> bool:
        home = self.reporting_period()
        return home is None or home.pk == self.get_period().pk

    def apply_offer(self):
        """(current, reported) status labels when approving may apply the reported status."""
        return None

    def can_edit(self):
        item = self.get_item()
        return (
            not self.get_period().is_closed
            and self.reported_here()
            and self.access.can_edit_for_body(item.responsible_body_id)
        )

    def get_success_url(self):
        return self.request.path

    def post(self, request, *args, **kwargs):
        if "review" in request.POST:
            return self.review()
        if "apply_status_now" in request.POST:
            return self.apply_status_now()
        if not self.can_edit():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def apply_status_now(self):
        contribution = self.get_contribution()
        if self.kind != "activity" or contribution is None:
            raise PermissionDenied
        try:
            services.report_status_apply(access=self.access, report=contribution)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
        else:
            messages.success(self.request, _("The activity's status in the plan was updated."))
        return HttpResponseRedirect(self.request.path)

    def review(self):
        form = ReviewForm(self.request.POST, apply_offer=self.apply_offer())
        contribution = self.get_contribution()
        if contribution is None or not form.is_valid():
            raise PermissionDenied
        try:
            services.contribution_review(
                access=self.access,
                contribution=contribution,
                action=self.request.POST["review"],
                comment=form.cleaned_data["comment"],
                apply_status=bool(form.cleaned_data.get("apply_status")),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.render_to_response(
                self.get_context_data(form=self.get_form(), review_form=form)
            )
        messages.success(self.request, _("The review was saved."))
        return HttpResponseRedirect(self.period_url())

    def versioned_object(self):
        return self.get_contribution()

    def form_valid(self, form):
        contribution = self.get_contribution()
        version = form.cleaned_data.get(VERSION_FIELD) if VERSION_FIELD in form.fields else None
        try:
            if contribution is not None:
                with expect_version(contribution, version):
                    self.save(form, submit="submit" in self.request.POST)
            else:
                self.save(form, submit="submit" in self.request.POST)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except ConflictError as exc:
            return self.render_conflict(form, exc.current)
        if "submit" in self.request.POST:
            messages.success(self.request, _("The contribution was submitted."))
            return HttpResponseRedirect(self.period_url())
        messages.success(self.request, _("The draft was saved."))
        return HttpResponseRedirect(self.get_success_url())


class ActivityReportView(ContributionView):
    template_name = "followup/contribution_form.html"
    form_class = ActivityReportForm
    kind = "activity"

    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.activity_in_period(
                period=self.get_period(), pk=self.kwargs["item"]
            )
        return self._item

    def get_contribution(self):
        if not hasattr(self, "_contribution"):
            self._contribution = selectors.activity_report_get(
                period=self.get_period(), activity_id=self.get_item().pk
            )
        return self._contribution

    def contribution_in(self, period):
        return selectors.activity_report_get(period=period, activity_id=self.get_item().pk)

    def get_form_kwargs(self):
        """Only the budget lines of the period's year are asked for (each with its budget)."""
        kwargs = super().get_form_kwargs()
        year = self.get_period().year
        kwargs["budget_lines"] = [b for b in self.get_item().budget_lines.all() if b.year == year]
        kwargs["benefit_lines"] = self.benefit_lines()
        kwargs["year"] = year
        return kwargs

    def benefit_lines(self):
        """The benefit lines of the activity's calculation this period asks about."""
        if not hasattr(self, "_benefit_lines"):
            self._benefit_lines = selectors.activity_benefit_lines(
                period=self.get_period(), activity=self.get_item()
            )
        return self._benefit_lines

    def apply_offer(self):
        report = self.get_contribution()
        if report is None or report.state != ContributionState.SUBMITTED:
            return None
        return self._offer_labels(report)

    def _offer_labels(self, report):
        activity = self.get_item()
        if services.status_apply_offer(report, activity) is None:
            return None
        return (activity_status_label(activity.status), activity_status_label(report.status))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.get_contribution()
        activity = self.get_item()
        year = self.get_period().year
        ctx["year_budget"] = [b for b in activity.budget_lines.all() if b.year == year]
        lines = self.benefit_lines()
        ctx["benefit_lines"] = lines
        ctx["benefit_alternative"] = lines[0].alternative if lines else None
        shown = ctx["contribution"]
        realised = {r.line_id: r for r in shown.realised_benefits.all()} if shown else {}
        ctx["realised_benefits"] = [
            {"line": line, "planned": line.planned.get(year), "realised": realised.get(line.pk)}
            for line in lines
        ]
        ctx["status_differs"] = bool(report and report.status != activity.status)
        ctx["apply_later"] = (
            self._offer_labels(report)
            if report is not None and report.state == ContributionState.APPROVED
            else None
        )
        return ctx

    def get_initial(self):
        report = self.get_contribution()
        if report is None:
            return {"status": self.get_item().status, "progress": 0}
        initial = {
            "status": report.status,
            "progress": report.progress,
            "comment": report.comment,
            "forecast": report.forecast,
        }
        for o in report.outcomes.all():
            initial[f"outcome_{o.budget_line_id}"] = o.spent
        for r in report.realised_benefits.all():
            initial.update(benefit_initial(r))
        return initial

    def save(self, form, submit):
        data = {k: form.cleaned_data.get(k) for k in ("status", "progress", "comment", "forecast")}
        return services.activity_report_save(
            access=self.access,
            period=self.get_period(),
            activity=self.get_item(),
            data=data,
            outcomes=form.outcomes(),
            benefits=form.benefits(),
            submit=submit,
        )


class IndicatorValueView(ContributionView):
    template_name = "followup/contribution_form.html"
    form_class = IndicatorValueForm
    kind = "indicator"

    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.indicator_in_period(
                period=self.get_period(), pk=self.kwargs["item"]
            )
        return self._item

    def get_contribution(self):
        if not hasattr(self, "_contribution"):
            self._contribution = selectors.indicator_value_get(
                period=self.get_period(), indicator_id=self.get_item().pk
            )
        return self._contribution

    def contribution_in(self, period):
        return selectors.indicator_value_get(period=period, indicator_id=self.get_item().pk)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicator"] = self.get_item()
        kwargs["year"] = self.get_period().year
        return kwargs

    def get_initial(self):
        value = self.get_contribution()
        if value is None:
            return {"measured_on": self.get_period().end}
        return {
            "value": value.value,
            "text": value.text,
            "measured_on": value.measured_on,
            "comment": value.comment,
            "source": value.source,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        override = selectors.override_get(period=self.get_period(), indicator_id=self.get_item().pk)
        ctx["year_target"] = year_target_text(self.get_item(), self.get_period().year)
        ctx["override"] = override
        ctx["override_form"] = with_version_field(
            OverrideForm(
                initial={"status": override.status, "reason": override.reason} if override else None
            ),
            override,
        )
        return ctx

    def save(self, form, submit):
        data = {
            k: form.cleaned_data.get(k)
            for k in ("value", "text", "measured_on", "comment", "source")
            if k in form.fields
        }
        data["text"] = data.get("text") or ""
        return services.indicator_value_save(
            access=self.access,
            period=self.get_period(),
            indicator=self.get_item(),
            data=data,
            submit=submit,
        )
