"""Pages of cost allocation (/o/<org>/cost-allocation/…) and shared projects
(/o/<org>/shared-projects/…). Everyone with a role reads; strategists and admins write (through
financing/services.py). A participant reads another organisation's project only once it has
accepted, and only the project, its split and its own share (ADR 0021); anything else is 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, FormView, TemplateView, UpdateView, View

from malbild.reports import jobs
from malbild.web.mixins import (
    ConfirmDeleteMixin,
    EditCheckMixin,
    FormAccessMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
    apply_validation_error,
)

from . import exports, selectors, services
from .constants import AllocationRule
from .forms import (
    AllocationForm,
    AnswerForm,
    DeviceCountForm,
    ExternalPartyForm,
    FixedShareForm,
    InviteForm,
    ProjectForm,
)
from .models import DeviceCount, FixedShare


class FinancingEditMixin(EditCheckMixin):
    def check_edit(self) -> None:
        if not self.access.can_edit_documents:
            raise PermissionDenied(_("You may not change cost allocations or shared projects."))


# Cost allocation ------------------------------------------------------------------------------


class AllocationOverviewView(OrgMixin, TemplateView):
    """The allocation tables per body and year, each rule, and the shared projects."""

    template_name = "financing/allocation_overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["overview"] = selectors.organisation_overview(access=self.access)
        ctx["can_edit"] = self.access.can_edit_documents
        return ctx


class AllocationMixin(OrgMixin):
    def get_allocation(self):
        if getattr(self, "_allocation", None) is None:
            self._allocation = selectors.allocation_get(access=self.access, ref=self.kwargs["pk"])
        return self._allocation

    def allocation_url(self, allocation=None) -> str:
        return self.org_url(
            "financing:allocation-detail", pk=(allocation or self.get_allocation()).uid
        )


class AllocationDetailView(AllocationMixin, TemplateView):
    template_name = "financing/allocation_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        allocation = self.get_allocation()
        can_edit = self.access.can_edit_documents
        ctx.update(
            allocation=allocation,
            result=selectors.allocation_result(allocation),
            can_edit=can_edit,
        )
        if can_edit:
            if allocation.rule == AllocationRule.FIXED:
                ctx.setdefault("share_form", FixedShareForm(access=self.access))
            elif allocation.rule == AllocationRule.DEVICE:
                ctx.setdefault(
                    "device_form",
                    DeviceCountForm(
                        access=self.access, initial={"year": allocation.start_year or ""}
                    ),
                )
        return ctx


class AllocationFormMixin(FinancingEditMixin, OrgMixin, ServiceFormMixin, FormAccessMixin):
    form_class = AllocationForm
    template_name = "financing/form.html"

    def get_success_url(self):
        return self.org_url("financing:allocation-detail", pk=self.object.uid)


class AllocationCreateView(AllocationFormMixin, CreateView):
    success_message = gettext_lazy("The cost allocation was added.")

    def get_initial(self):
        initial = super().get_initial()
        ref = self.request.GET.get("activity", "")
        if ref:
            activity = self.get_form_class()(access=self.access).fields["activity"].queryset
            found = activity.by_ref(ref).first()
            if found is not None:
                initial.update(activity=found, title=found.title)
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Add a cost allocation")
        ctx["cancel_url"] = self.org_url("financing:allocation-overview")
        return ctx

    def perform(self, form):
        return services.allocation_create(access=self.access, data=form.cleaned_data)


class AllocationUpdateView(AllocationFormMixin, AllocationMixin, OriginalObjectMixin, UpdateView):
    success_message = gettext_lazy("The cost allocation was saved.")

    def get_object(self, queryset=None):
        return self.get_allocation()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit the cost allocation “%(name)s”") % {"name": self.object}
        ctx["cancel_url"] = self.allocation_url()
        return ctx

    def perform(self, form):
        return services.allocation_update(
            access=self.access, allocation=self.object, data=form.cleaned_data
        )


class AllocationDeleteView(
    ConfirmDeleteMixin, FinancingEditMixin, AllocationMixin, ServiceFormMixin, FormView
):
    success_message = gettext_lazy("The cost allocation was deleted.")

    def delete_target(self):
        return self.get_allocation()

    def get_cancel_url(self) -> str:
        return self.allocation_url()

    def perform(self, form):
        services.allocation_delete(access=self.access, allocation=self.get_allocation())

    def get_success_url(self):
        return self.org_url("financing:allocation-overview")


class _InlinePostView(FinancingEditMixin):
    """A small form posted from a detail page: on success back to the page with a message;
    on a validation error the page again (400) with the errors next to the fields."""

    form_class = None
    context_name = ""
    success_message = ""

    def get(self, request, *args, **kwargs):
        raise Http404

    def post(self, request, *args, **kwargs):
        self.check_edit()
        form = self.form_class(request.POST, access=self.access)
        if form.is_valid():
            try:
                self.perform(form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(self.back_url())
        return self.render_page(form)


class FixedShareSetView(_InlinePostView, AllocationMixin, View):
    success_message = gettext_lazy("The share was saved.")

    @staticmethod
    def form_class(*args, **kwargs):
        return FixedShareForm(*args, **kwargs)

    def perform(self, data):
        services.fixed_share_set(
            access=self.access,
            allocation=self.get_allocation(),
            body=data["body"],
            percent=data["percent"],
        )

    def back_url(self):
        return self.allocation_url()

    def render_page(self, form):
        view = AllocationDetailView(request=self.request, kwargs=self.kwargs)
        view.access, view.organisation, view._allocation = (
            self.access,
            self.organisation,
            self.get_allocation(),
        )
        ctx = view.get_context_data(share_form=form)
        return view.render_to_response(ctx, status=400)


class DeviceCountSetView(FixedShareSetView):
    success_message = gettext_lazy("The number of computers was saved.")

    @staticmethod
    def form_class(*args, **kwargs):
        return DeviceCountForm(*args, **kwargs)

    def perform(self, data):
        services.device_count_set(
            access=self.access,
            allocation=self.get_allocation(),
            body=data["body"],
            year=data["year"],
            devices=data["devices"],
        )

    def render_page(self, form):
        view = AllocationDetailView(request=self.request, kwargs=self.kwargs)
        view.access, view.organisation, view._allocation = (
            self.access,
            self.organisation,
            self.get_allocation(),
        )
        ctx = view.get_context_data(device_form=form)
        return view.render_to_response(ctx, status=400)


class ShareDeleteView(FinancingEditMixin, OrgMixin, View):
    """POST: remove a fixed share or a device count (`model` set in the URL conf)."""

    model = FixedShare

    def get(self, request, *args, **kwargs):
        raise Http404

    def post(self, request, *args, **kwargs):
        self.check_edit()
        obj = selectors.share_get(access=self.access, model=self.model, pk=kwargs["pk"])
        if self.model is DeviceCount:
            services.device_count_delete(access=self.access, count=obj)
        else:
            services.fixed_share_delete(access=self.access, share=obj)
        messages.success(request, _("Removed."))
        return HttpResponseRedirect(
            self.org_url("financing:allocation-detail", pk=obj.allocation.uid)
        )


class AllocationExportView(OrgMixin, View):
    """`cost-allocation.xlsx` and `cost-allocation.pdf` through the documents pipeline."""

    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in exports.FORMATS:
            raise Http404
        return jobs.request_export(
            user=request.user,
            organisation_slug=self.organisation.slug,
            kind=exports.KIND,
            params=exports.export_params(organisation=self.organisation),
            fmt=fmt,
        )


# Shared projects ------------------------------------------------------------------------------


class ProjectListView(OrgMixin, TemplateView):
    """Own projects, others' projects the organisation takes part in (with its share) and the
    invitations that await an answer."""

    template_name = "financing/project_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        own = selectors.project_splits(selectors.owned_projects(access=self.access))
        other = selectors.project_splits(selectors.participating_projects(access=self.access))
        org_id = self.organisation.pk
        ctx.update(
            owned=own,
            participating=[(s, s.share_of(org_id)) for s in other],
            invitations=list(selectors.invitations(access=self.access)),
            can_edit=self.access.can_edit_documents,
        )
        return ctx


class ProjectMixin(OrgMixin):
    def get_project(self):
        if getattr(self, "_project", None) is None:
            self._project = selectors.project_get(access=self.access, ref=self.kwargs["pk"])
        return self._project

    def project_url(self, project=None) -> str:
        return self.org_url(
            "financing:shared-project-detail", pk=(project or self.get_project()).uid
        )


class ProjectDetailView(OrgMixin, TemplateView):
    """The owner sees everything of its project; a participant that accepted sees the
    project, the split and its own share (never the owner's activity or other rows)."""

    template_name = "financing/project_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project, is_owner = selectors.project_for_viewer(access=self.access, ref=self.kwargs["pk"])
        split = selectors.project_splits([project])[0]
        can_edit = is_owner and self.access.can_edit_documents
        ctx.update(
            project=project,
            split=split,
            is_owner=is_owner,
            own=split.share_of(self.organisation.pk),
            calculation=selectors.calculation_summary(project),
            can_edit=can_edit,
        )
        if can_edit:
            ctx.setdefault("invite_form", InviteForm(access=self.access))
            ctx.setdefault("external_form", ExternalPartyForm())
            ctx["participants"] = list(project.participants.all())
        return ctx


class ProjectFormMixin(FinancingEditMixin, OrgMixin, ServiceFormMixin, FormAccessMixin):
    form_class = ProjectForm
    template_name = "financing/form.html"

    def get_success_url(self):
        return self.org_url("financing:shared-project-detail", pk=self.object.uid)


class ProjectCreateView(ProjectFormMixin, CreateView):
    success_message = gettext_lazy("The shared project was added.")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Add a shared project")
        ctx["cancel_url"] = self.org_url("financing:shared-project-list")
        return ctx

    def perform(self, form):
        return services.shared_project_create(access=self.access, data=form.cleaned_data)


class ProjectUpdateView(ProjectFormMixin, ProjectMixin, OriginalObjectMixin, UpdateView):
    success_message = gettext_lazy("The shared project was saved.")

    def get_object(self, queryset=None):
        return self.get_project()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit the shared project “%(name)s”") % {"name": self.object}
        ctx["cancel_url"] = self.project_url()
        return ctx

    def perform(self, form):
        return services.shared_project_update(
            access=self.access, project=self.object, data=form.cleaned_data
        )


class ProjectDeleteView(
    ConfirmDeleteMixin, FinancingEditMixin, ProjectMixin, ServiceFormMixin, FormView
):
    success_message = gettext_lazy("The shared project was deleted.")

    def delete_target(self):
        return self.get_project()

    def get_cancel_url(self) -> str:
        return self.project_url()

    def perform(self, form):
        services.shared_project_delete(access=self.access, project=self.get_project())

    def get_success_url(self):
        return self.org_url("financing:shared-project-list")


class _ProjectPostView(_InlinePostView, ProjectMixin, View):
    context_name = ""

    def back_url(self):
        return self.project_url()

    def render_page(self, form):
        self.get_project()  # 404 before anything else for another organisation's project
        view = ProjectDetailView(request=self.request, kwargs=self.kwargs)
        view.access, view.organisation = self.access, self.organisation
        ctx = view.get_context_data(**{self.context_name: form})
        return view.render_to_response(ctx, status=400)


class InviteView(_ProjectPostView):
    context_name = "invite_form"
    success_message = gettext_lazy("The organisation was invited; its administrators are told.")

    @staticmethod
    def form_class(*args, **kwargs):
        return InviteForm(*args, **kwargs)

    def perform(self, data):
        services.participant_invite(
            access=self.access, project=self.get_project(), member=data["member"]
        )


class ExternalPartyView(_ProjectPostView):
    context_name = "external_form"
    success_message = gettext_lazy("The external party was added.")

    @staticmethod
    def form_class(*args, access=None, **kwargs):
        return ExternalPartyForm(*args, **kwargs)

    def perform(self, data):
        services.participant_add_external(
            access=self.access,
            project=self.get_project(),
            name=data["name"],
            population=data["population"],
        )


class ParticipantRemoveView(FinancingEditMixin, OrgMixin, View):
    def get(self, request, *args, **kwargs):
        raise Http404

    def post(self, request, *args, **kwargs):
        self.check_edit()
        participant = selectors.participant_get(access=self.access, pk=kwargs["pk"])
        services.participant_remove(access=self.access, participant=participant)
        messages.success(request, _("The participant was removed."))
        return HttpResponseRedirect(
            self.org_url("financing:shared-project-detail", pk=participant.project.uid)
        )


class InvitationAnswerView(OrgMixin, View):
    """POST accept=1 or 0: the invited organisation's strategists and admins answer."""

    def get(self, request, *args, **kwargs):
        raise Http404

    def post(self, request, *args, **kwargs):
        participant = selectors.invitation_get(access=self.access, pk=kwargs["pk"])
        form = AnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to accept or decline."))
            return HttpResponseRedirect(self.org_url("financing:shared-project-list"))
        accept = form.cleaned_data["accept"]
        services.participation_answer(access=self.access, participant=participant, accept=accept)
        if accept:
            messages.success(request, _("You take part in the shared project."))
            return HttpResponseRedirect(
                self.org_url("financing:shared-project-detail", pk=participant.project.uid)
            )
        messages.success(request, _("You declined the invitation."))
        return HttpResponseRedirect(self.org_url("financing:shared-project-list"))
