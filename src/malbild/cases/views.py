"""Case pages: the list (filter by status, search by Dnr or title), a case's page with its
timeline of events in date order, the documents it led to and its history, and the forms
that create, edit and delete a case and each kind of event (strategists and admins; readers
read). Writes go through cases/services.py; other organisations' cases are 404."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from malbild.strategy.forms import TransitionForm
from malbild.strategy.models import SteeringDocument
from malbild.web.mixins import (
    ConfirmDeleteMixin,
    EditCheckMixin,
    FormAccessMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
    TransitionViewMixin,
    with_version_field,
)

from . import selectors, services
from .forms import (
    AssignmentForm,
    CaseDecisionEditForm,
    CaseDecisionForm,
    CaseFilterForm,
    CaseForm,
    MotionForm,
    ProposalForm,
)
from .models import Assignment, Case, CaseDecision, Motion, Proposal
from .workflow import case_next_statuses


class CaseEditMixin(EditCheckMixin):
    """Only strategists and admins change cases (403 for everyone else, GET included)."""

    def check_edit(self) -> None:
        if not self.access.can_edit_documents:
            raise PermissionDenied(_("You may not edit cases."))


class CaseListView(OrgMixin, ListView):
    template_name = "cases/case_list.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = CaseFilterForm(self.request.GET or None)
        return selectors.case_list(access=self.access, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["can_edit"] = self.access.can_edit_documents
        return ctx


class CaseMixin(OrgMixin):
    """Pages of one case (`pk`, or `case` under which an event is added)."""

    def get_case(self) -> Case:
        if getattr(self, "_case", None) is None:
            ref = self.kwargs.get("case") or self.kwargs["pk"]
            self._case = selectors.case_get(access=self.access, ref=ref)
        return self._case

    def case_url(self, case=None) -> str:
        return self.org_url("cases:case-detail", pk=(case or self.get_case()).pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["case"] = self.get_case()
        return ctx


def status_choices(case: Case) -> list[tuple[str, str]]:
    labels = dict(Case._meta.get_field("status").flatchoices)
    return [(s, labels[s]) for s in case_next_statuses(case.status)]


class CaseDetailView(OrgMixin, DetailView):
    template_name = "cases/case_detail.html"
    context_object_name = "case"

    def get_object(self, queryset=None):
        return selectors.case_detail(access=self.access, ref=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        case = self.object
        can_edit = self.access.can_edit_documents
        ctx.update(
            can_edit=can_edit,
            timeline=selectors.case_timeline(case),
            history=list(selectors.case_history(case=case)),
        )
        if can_edit and case_next_statuses(case.status):
            ctx["transition_form"] = with_version_field(
                TransitionForm(choices=status_choices(case)), case
            )
        return ctx


class CaseFormMixin(CaseEditMixin, OrgMixin, ServiceFormMixin, FormAccessMixin):
    form_class = CaseForm
    template_name = "cases/form.html"

    def get_success_url(self):
        return self.org_url("cases:case-detail", pk=self.object.pk)


class CaseCreateView(CaseFormMixin, CreateView):
    success_message = gettext_lazy("The case was opened.")

    def get_initial(self):
        initial = super().get_initial()
        ref = self.request.GET.get("document", "")
        if ref:
            document = SteeringDocument.objects.for_access(self.access).by_ref(ref).first()
            if document is not None:
                initial["documents"] = [document.pk]
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Open a case")
        ctx["cancel_url"] = self.org_url("cases:case-list")
        return ctx

    def perform(self, form):
        return services.case_create(access=self.access, data=form.cleaned_data)


class CaseUpdateView(CaseFormMixin, CaseMixin, OriginalObjectMixin, UpdateView):
    success_message = gettext_lazy("The case was saved.")

    def get_object(self, queryset=None):
        return self.get_case()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit case “%(name)s”") % {"name": self.object}
        ctx["cancel_url"] = self.case_url()
        return ctx

    def perform(self, form):
        return services.case_update(access=self.access, case=self.object, data=form.cleaned_data)


class CaseDeleteView(ConfirmDeleteMixin, CaseEditMixin, CaseMixin, ServiceFormMixin, FormView):
    success_message = gettext_lazy("The case was deleted.")

    def delete_target(self):
        return self.get_case()

    def get_cancel_url(self) -> str:
        return self.case_url()

    def perform(self, form):
        services.case_delete(access=self.access, case=self.get_case())

    def get_success_url(self):
        return self.org_url("cases:case-list")


class CaseTransitionView(CaseEditMixin, CaseMixin, TransitionViewMixin, ServiceFormMixin, FormView):
    """Change a case's status to one of the allowed next statuses."""

    form_class = TransitionForm
    template_name = "cases/case_transition.html"

    def transition_target(self):
        return self.get_case()

    def transition_refreshed(self, current) -> None:
        self._case = current

    def transition_form_kwargs(self, target) -> dict:
        return {"choices": status_choices(target)}

    def transition(self, target, *, status: str, message: str):
        return services.case_transition(
            access=self.access, case=target, status=status, message=message
        )

    def get_success_url(self):
        return self.case_url()


# Events: motions, assignments, proposals ------------------------------------------------------

#: kind → (model, form, create service, "add" title, "edit" title)
EVENT_KINDS = {
    "motion": (
        Motion,
        MotionForm,
        services.motion_create,
        gettext_lazy("Add a motion"),
        gettext_lazy("Edit the motion “%(name)s”"),
    ),
    "assignment": (
        Assignment,
        AssignmentForm,
        services.assignment_create,
        gettext_lazy("Add an assignment"),
        gettext_lazy("Edit the assignment “%(name)s”"),
    ),
    "proposal": (
        Proposal,
        ProposalForm,
        services.proposal_create,
        gettext_lazy("Add a proposal for a decision"),
        gettext_lazy("Edit the proposal “%(name)s”"),
    ),
}


class EventMixin(CaseEditMixin, CaseMixin):
    """Form pages of one kind of event (`kind`), under its case."""

    kind = ""
    template_name = "cases/form.html"

    @property
    def event_model(self):
        return EVENT_KINDS[self.kind][0]

    def get_event(self):
        if getattr(self, "_event", None) is None:
            self._event = selectors.event_get(
                access=self.access, model=self.event_model, pk=self.kwargs["pk"]
            )
            self._case = self._event.case
        return self._event

    def get_case(self) -> Case:
        if "case" not in self.kwargs and getattr(self, "_case", None) is None:
            self.get_event()
        return super().get_case()

    def get_success_url(self):
        return self.case_url() + f"#event-{self.kind}-{self.object.pk}"


class EventCreateView(EventMixin, ServiceFormMixin, FormAccessMixin, CreateView):
    def get_form_class(self):
        return EVENT_KINDS[self.kind][1]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = EVENT_KINDS[self.kind][3]
        ctx["cancel_url"] = self.case_url()
        return ctx

    def perform(self, form):
        self.success_message = _("“%(name)s” was added to the case.")
        obj = EVENT_KINDS[self.kind][2](
            access=self.access, case=self.get_case(), data=form.cleaned_data
        )
        self.success_message = self.success_message % {"name": obj}
        return obj


class EventUpdateView(EventMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView):
    def get_form_class(self):
        return EVENT_KINDS[self.kind][1]

    def get_object(self, queryset=None):
        return self.get_event()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = EVENT_KINDS[self.kind][4] % {"name": self.object}
        ctx["cancel_url"] = self.case_url()
        return ctx

    def perform(self, form):
        self.success_message = _("The changes were saved.")
        return services.event_update(access=self.access, event=self.object, data=form.cleaned_data)


class EventDeleteView(ConfirmDeleteMixin, EventMixin, ServiceFormMixin, FormView):
    def delete_target(self):
        return self.get_event()

    def get_cancel_url(self) -> str:
        return self.case_url()

    def perform(self, form):
        name = str(self.get_event())
        services.event_delete(access=self.access, event=self.get_event())
        self.success_message = _("“%(name)s” was deleted.") % {"name": name}

    def get_success_url(self):
        return self.case_url()


# Decisions in the case ---------------------------------------------------------------------------


class CaseDecisionMixin(CaseEditMixin, CaseMixin):
    template_name = "cases/form.html"

    def get_link(self) -> CaseDecision:
        if getattr(self, "_link", None) is None:
            self._link = selectors.event_get(
                access=self.access, model=CaseDecision, pk=self.kwargs["pk"]
            )
            self._case = self._link.case
        return self._link

    def get_case(self) -> Case:
        if "case" not in self.kwargs and getattr(self, "_case", None) is None:
            self.get_link()
        return super().get_case()


class CaseDecisionCreateView(CaseDecisionMixin, ServiceFormMixin, FormView):
    form_class = CaseDecisionForm
    success_message = gettext_lazy("The decision was added to the case.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access, "case": self.get_case()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Add a decision to the case")
        ctx["intro"] = _(
            "Choose a decision already recorded, or record a new one: it then also appears "
            "among the decisions, with the case's registry number."
        )
        ctx["cancel_url"] = self.case_url()
        return ctx

    def perform(self, form):
        self.object = services.case_decision_add(
            access=self.access, case=self.get_case(), **form.service_kwargs()
        )
        return self.object

    def get_success_url(self):
        return self.case_url() + f"#event-decision-{self.object.pk}"


class CaseDecisionUpdateView(CaseDecisionMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView):
    form_class = CaseDecisionEditForm
    success_message = gettext_lazy("The outcome was saved.")

    def get_object(self, queryset=None):
        return self.get_link()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Outcome of “%(name)s”") % {"name": self.object.decision}
        ctx["cancel_url"] = self.case_url()
        return ctx

    def perform(self, form):
        return services.case_decision_update(
            access=self.access, link=self.object, data=form.cleaned_data
        )

    def get_success_url(self):
        return self.case_url() + f"#event-decision-{self.object.pk}"


class CaseDecisionDeleteView(ConfirmDeleteMixin, CaseDecisionMixin, ServiceFormMixin, FormView):
    success_message = gettext_lazy(
        "The decision was removed from the case; it stays among the decisions."
    )

    def delete_target(self):
        return self.get_link()

    def get_cancel_url(self) -> str:
        return self.case_url()

    def perform(self, form):
        services.case_decision_remove(access=self.access, link=self.get_link())

    def get_success_url(self):
        return self.case_url()
