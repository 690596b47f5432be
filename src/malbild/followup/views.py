"""Pages of the follow-up cycle: periods, the reporting overview, contribution forms with
approval, overrides, amendments, the self-assessment and the dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, UpdateView, View

from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.reports import charts
from malbild.strategy.selectors import document_get, document_list
from malbild.web.formatting import value_with_unit
from malbild.web.mixins import (
    VERSION_FIELD,
    EditCheckMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
    VersionedFormMixin,
    apply_validation_error,
    with_version_field,
)

from . import selectors, services
from .constants import ContributionState, Status
from .forms import (
    ActivityReportForm,
    AmendmentForm,
    IndicatorValueForm,
    OverrideForm,
    PeriodForm,
    QuestionForm,
    ReviewForm,
    SectionForm,
    SelfAssessmentForm,
)
from .report import activity_status_label, build_report, indicator_table
from .snapshot import upgrade as upgrade_snapshot


class PeriodMixin(OrgMixin):
    """Resolves `<int:pk>` to a period of the user's organisation (404 otherwise)."""

    strategists_only = False

    def get(self, request, *args, **kwargs):
        if self.strategists_only and not self.access.can_edit_documents:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_period(self):
        if not hasattr(self, "_period"):
            self._period = selectors.period_get(access=self.access, pk=self.kwargs["pk"])
        return self._period

    def period_url(self, name="period-detail"):
        return reverse(
            f"followup:{name}", kwargs={"org": self.organisation.slug, "pk": self.get_period().pk}
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["period"] = self.get_period()
        return ctx


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


def _document_field(access):
    from django import forms

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
        for a in data["activities"]:
            a["status_label"] = activity_status_label(a["status"])
        for i in data["indicators"]:
            i["value_display"] = value_with_unit(i["value"], i["unit"])
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
            if x["state"]
            in {ContributionState.MISSING, ContributionState.DRAFT, ContributionState.RETURNED}
        ]
        ctx["can_report"] = {
            x["uid"]: self.access.can_edit_for_body(x["responsible_body_id"])
            for x in data["activities"] + data["indicators"]
        }
        return ctx


class ContributionView(PeriodMixin, VersionedFormMixin, ServiceFormMixin, FormView):
    """Report form for one activity or indicator, with the strategist's review below it."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["item"] = self.get_item()
        ctx["contribution"] = self.get_contribution()
        ctx["can_edit"] = self.can_edit()
        ctx["review_form"] = kwargs.get("review_form") or ReviewForm(apply_offer=self.apply_offer())
        ctx["kind"] = self.kind
        return ctx

    def apply_offer(self):
        """(current, reported) status labels when approving may apply the reported status."""
        return None

    def can_edit(self):
        item = self.get_item()
        return not self.get_period().is_closed and self.access.can_edit_for_body(
            item.responsible_body_id
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

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["budget_lines"] = list(self.get_item().budget_lines.all())
        return kwargs

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
        return initial

    def save(self, form, submit):
        data = {k: form.cleaned_data.get(k) for k in ("status", "progress", "comment", "forecast")}
        return services.activity_report_save(
            access=self.access,
            period=self.get_period(),
            activity=self.get_item(),
            data=data,
            outcomes=form.outcomes(),
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

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicator"] = self.get_item()
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


class OverrideView(PeriodMixin, VersionedFormMixin, ServiceFormMixin, FormView):
    """Assess the status of an indicator, goal or focus area with a written reason. In a
    closed period the assessment is recorded as an amendment."""

    strategists_only = True
    template_name = "followup/override_form.html"
    form_class = OverrideForm
    success_message = gettext_lazy("The assessment was saved.")
    target = "indicator"

    def get_item(self):
        if not hasattr(self, "_item"):
            lookup = {
                "indicator": selectors.indicator_in_period,
                "goal": selectors.goal_in_period,
                "focus_area": selectors.focus_area_in_period,
            }[self.target]
            self._item = lookup(period=self.get_period(), pk=self.kwargs["item"])
        return self._item

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["closed"] = self.get_period().is_closed
        return kwargs

    def versioned_object(self):
        if self.get_period().is_closed:
            return None
        return selectors.override_get(
            period=self.get_period(), **{f"{self.target}_id": self.get_item().pk}
        )

    def get_initial(self):
        override = self.versioned_object()
        return {"status": override.status, "reason": override.reason} if override else {}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["item"] = self.get_item()
        ctx["target"] = self.target
        return ctx

    def perform(self, form):
        services.status_assess(
            access=self.access,
            period=self.get_period(),
            target=self.target,
            item=self.get_item(),
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
        return self.get_period()

    def get_success_url(self):
        return self.period_url("period-dashboard")


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


class AmendmentCreateView(PeriodMixin, ServiceFormMixin, FormView):
    strategists_only = True
    template_name = "followup/amendment_form.html"
    form_class = AmendmentForm
    success_message = gettext_lazy("The amendment was recorded.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["snapshot"] = upgrade_snapshot(self.get_period().snapshot)
        return kwargs

    def perform(self, form):
        target, uid = form.cleaned_data["item"].split(":", 1)
        return services.amendment_create(
            access=self.access,
            period=self.get_period(),
            target=target,
            target_uid=uid,
            field=form.cleaned_data["field"],
            new_value=form.cleaned_data["new_value"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self):
        return self.period_url()


class SelfAssessmentView(PeriodMixin, ServiceFormMixin, FormView):
    template_name = "followup/self_assessment_form.html"
    form_class = SelfAssessmentForm
    success_message = gettext_lazy("The self-assessment was saved.")

    def get_form_kwargs(self):
        period = self.get_period()
        kwargs = super().get_form_kwargs()
        if period.question_set_id is None:
            kwargs["questions"] = []
        else:
            kwargs["questions"] = list(selectors.question_list(question_set=period.question_set))
        kwargs["answers"] = {a.question_id: a for a in period.self_assessment_answers.all()}
        return kwargs

    def perform(self, form):
        services.self_assessment_save(
            access=self.access, period=self.get_period(), answers=form.answers()
        )
        return self.get_period()

    def get_success_url(self):
        return self.period_url()


class DashboardView(PeriodMixin, TemplateView):
    template_name = "followup/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        data = selectors.period_data(period=self.get_period())
        report = build_report(data)
        chart_blocks = []
        for section in report["sections"]:
            for block in section["blocks"]:
                if block["type"] == "chart":
                    block["chart"]["src"] = charts.data_uri(block["chart"])
                    chart_blocks.append(block["chart"])
        ctx["data"] = data
        ctx["overview_charts"] = [c for c in chart_blocks if c["kind"] != "trend"]
        ctx["trend_charts"] = [c for c in chart_blocks if c["kind"] == "trend"]
        ctx["indicator_table"] = indicator_table("indicators", _("Indicators"), data["indicators"])
        ctx["report"] = report
        ctx["status_choices"] = Status.choices
        return ctx


class QuestionSetListView(OrgMixin, TemplateView):
    template_name = "followup/question_set_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["question_sets"] = selectors.question_set_list(access=self.access)
        return ctx

    def post(self, request, *args, **kwargs):
        qs = services.question_set_create_from_template(access=self.access)
        messages.success(request, _("The self-assessment template was copied."))
        return HttpResponseRedirect(
            reverse(
                "followup:question-set-detail", kwargs={"org": self.organisation.slug, "pk": qs.pk}
            )
        )


class QuestionSetDetailView(OrgMixin, TemplateView):
    template_name = "followup/question_set_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.question_set_get(access=self.access, pk=self.kwargs["pk"])
        ctx["question_set"] = qs
        ctx["sections"] = selectors.section_list(question_set=qs)
        return ctx


def _question_set_url(view, question_set_id, anchor=""):
    url = reverse(
        "followup:question-set-detail",
        kwargs={"org": view.organisation.slug, "pk": question_set_id},
    )
    return f"{url}#{anchor}" if anchor else url


class StrategistFormMixin:
    """GET of a strategists-only form page: 403 for other roles (POST is checked by the
    service)."""

    def get(self, request, *args, **kwargs):
        if not self.access.can_edit_documents:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)


class SectionCreateView(OrgMixin, StrategistFormMixin, ServiceFormMixin, FormView):
    template_name = "followup/section_form.html"
    form_class = SectionForm
    success_message = gettext_lazy("The section was added.")

    def get_question_set(self):
        if not hasattr(self, "_qs"):
            self._qs = selectors.question_set_get(access=self.access, pk=self.kwargs["pk"])
        return self._qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["question_set"] = self.get_question_set()
        return ctx

    def perform(self, form):
        return services.section_create(
            access=self.access,
            question_set=self.get_question_set(),
            title=form.cleaned_data["title"],
        )

    def get_success_url(self):
        return _question_set_url(self, self.object.question_set_id, f"s-{self.object.pk}")


class QuestionCreateView(OrgMixin, StrategistFormMixin, ServiceFormMixin, FormView):
    template_name = "followup/question_form.html"
    form_class = QuestionForm
    success_message = gettext_lazy("The question was added.")

    def get_section(self):
        if not hasattr(self, "_section"):
            self._section = selectors.section_get(access=self.access, pk=self.kwargs["pk"])
        return self._section

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["section"] = self.get_section()
        ctx["question_set"] = self.get_section().question_set
        return ctx

    def perform(self, form):
        return services.question_create(
            access=self.access, section=self.get_section(), text=form.cleaned_data["text"]
        )

    def get_success_url(self):
        return _question_set_url(self, self.get_section().question_set_id, f"q-{self.object.pk}")


class QuestionDeleteView(OrgMixin, StrategistFormMixin, TemplateView):
    """Confirm and remove a question; refused (with the reason) if it has answers."""

    template_name = "followup/question_delete.html"

    def get_question(self):
        if not hasattr(self, "_question"):
            self._question = selectors.question_get(access=self.access, pk=self.kwargs["pk"])
        return self._question

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        question = self.get_question()
        ctx["question"] = question
        ctx["question_set"] = question.section.question_set
        ctx["answer_count"] = question.answers.count()
        return ctx

    def post(self, request, *args, **kwargs):
        question = self.get_question()
        try:
            services.question_delete(access=self.access, question=question)
        except ValidationError as exc:
            ctx = self.get_context_data(**kwargs)
            ctx["errors"] = exc.messages
            return self.render_to_response(ctx, status=400)
        messages.success(request, _("The question was removed."))
        return HttpResponseRedirect(
            _question_set_url(self, question.section.question_set_id, f"s-{question.section_id}")
        )


class QuestionMoveView(OrgMixin, View):
    """POST only: move a question up or down in its section (buttons, no JavaScript)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        question = selectors.question_get(access=self.access, pk=kwargs["pk"])
        try:
            services.question_move(
                access=self.access, question=question, direction=request.POST.get("direction", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The question was moved."))
        return HttpResponseRedirect(
            _question_set_url(self, question.section.question_set_id, f"q-{question.pk}")
        )


class QuestionEditView(
    OrgMixin, StrategistFormMixin, VersionedFormMixin, ServiceFormMixin, FormView
):
    template_name = "followup/question_form.html"
    form_class = QuestionForm
    success_message = gettext_lazy("The question was saved.")

    def get_question(self):
        if not hasattr(self, "_question"):
            self._question = selectors.question_get(access=self.access, pk=self.kwargs["pk"])
        return self._question

    def versioned_object(self):
        return self.get_question()

    def get_initial(self):
        return {"text": self.get_question().text}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["question"] = self.get_question()
        ctx["section"] = self.get_question().section
        ctx["question_set"] = self.get_question().section.question_set
        return ctx

    def perform(self, form):
        return services.question_update(
            access=self.access, question=self.get_question(), text=form.cleaned_data["text"]
        )

    def get_success_url(self):
        return reverse(
            "followup:question-set-detail",
            kwargs={"org": self.organisation.slug, "pk": self.object.section.question_set_id},
        )
