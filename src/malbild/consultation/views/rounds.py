"""Pages of the round itself: the list, opening a round, the overview with its actions, and
extending, closing, revising and adopting it; the deadline as a calendar file.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from malbild.core.selectors import audit_history
from malbild.strategy.models import DocumentVersion
from malbild.web.mixins import OrgMixin, ServiceFormMixin, VersionedFormMixin

from .. import exports, selectors, services
from ..forms import AdoptForm, CloseForm, ConsulteeAddForm, ExtendForm, ReviseForm, RoundOpenForm
from ..permissions import can_manage_rounds
from ._common import RoundMixin


class RoundListView(OrgMixin, TemplateView):
    need_read = False
    template_name = "consultation/round_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rounds = list(selectors.round_list(access=self.access))
        ctx["rounds"] = rounds
        ctx["can_manage"] = can_manage_rounds(self.access)
        ctx["my_consultees"] = selectors.consultees_for_respondent(access=self.access)
        return ctx


class RoundCreateView(OrgMixin, ServiceFormMixin, FormView):
    template_name = "consultation/round_form.html"
    form_class = RoundOpenForm

    def get(self, request, *args, **kwargs):
        if not can_manage_rounds(self.access):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not can_manage_rounds(self.access):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_initial(self):
        """Preselect the version when coming from a document or version page."""

        initial = {"sent_on": timezone.localdate()}
        versions = DocumentVersion.objects.for_access(self.access)
        version, document = (
            self.request.GET.get("version", ""),
            self.request.GET.get("document", ""),
        )
        chosen = None
        if version.isdigit():
            chosen = versions.filter(pk=int(version)).first()
        elif document.isdigit():
            chosen = versions.filter(document_id=int(document)).order_by("-number").first()
        if chosen is not None:
            initial["version"] = chosen.pk
        return initial

    def perform(self, form):
        d = form.cleaned_data
        bodies = list(d["bodies"])
        for choice in d["quick"]:
            bodies += list(selectors.bodies_for_quick_choice(access=self.access, choice=choice))
        return services.consultation_round_open(
            access=self.access,
            version=d["version"],
            title=d["title"],
            instructions=d["instructions"],
            registry_number=d["registry_number"],
            sent_on=d["sent_on"],
            deadline=d["deadline"],
            reminder_days=d.get("reminder_days"),
            bodies=bodies,
            decision=form.decision(),
        )

    def get_success_url(self):
        return reverse(
            "consultation:round-detail",
            kwargs={"org": self.organisation.slug, "pk": self.object.pk},
        )


class RoundDetailView(RoundMixin, TemplateView):
    """The overview: each consultee's state with dates, who still has to answer, extensions,
    comment handling progress, and the strategist's actions."""

    template_name = "consultation/round_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["overview"] = selectors.round_overview(round=self.round)
        ctx["add_form"] = ConsulteeAddForm(access=self.access, prefix="add")
        ctx["history"] = audit_history(instance=self.round, limit=50)
        return ctx


class RoundExtendView(RoundMixin, VersionedFormMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = ExtendForm

    def setup_round(self):
        super().setup_round()
        self.object = self.round

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Extend the deadline")}

    def perform(self, form):
        d = form.cleaned_data
        return services.consultation_round_extend(
            access=self.access,
            round=self.round,
            new_deadline=d["new_deadline"],
            reason=d["reason"],
            decision=form.decision(),
        )


class RoundCloseView(RoundMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = CloseForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Close the consultation round"),
            "intro": _(
                "After closing, no responses are accepted and all submitted responses become "
                "readable to the organisation's readers."
            ),
        }

    def perform(self, form):
        return services.consultation_round_close(
            access=self.access, round=self.round, note=form.cleaned_data["note"]
        )


class RoundReviseView(RoundMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = ReviseForm
    initial = {"label": ""}

    def get_initial(self):
        return {"label": _("Revised after consultation")}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Freeze the revised version"),
            "intro": _(
                "Freezes the current working copy of the document; the summary compares the "
                "consulted version with it."
            ),
        }

    def perform(self, form):
        return services.consultation_round_revise(
            access=self.access, round=self.round, **form.cleaned_data
        )


class RoundAdoptView(RoundMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = AdoptForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Record the adoption decision"),
            "intro": _(
                "The decision points at the revised version and moves the document to “adopted”."
            ),
        }

    def perform(self, form):
        d = dict(form.cleaned_data)
        distribution = list(d.pop("distribution"))
        return services.consultation_round_adopt(
            access=self.access, round=self.round, decision=d, distribution=distribution
        )


class RoundIcsView(RoundMixin, View):
    def get(self, request, *args, **kwargs):
        self.setup_round()
        response = HttpResponse(
            exports.deadline_ics(round=self.round), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="remiss-{self.round.pk}.ics"'
        return response
