"""Pages of the self-assessment: question sets (copied from the SKL template), their
sections and questions, and a period's answers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from malbild.web.mixins import (
    OrgMixin,
    ServiceFormMixin,
    VersionedFormMixin,
)

from .. import selectors, services
from ..forms import (
    QuestionForm,
    SectionForm,
    SelfAssessmentForm,
)
from ._common import PeriodMixin


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
