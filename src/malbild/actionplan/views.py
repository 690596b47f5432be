"""Pages of the action plan: the activity list (filters, sorting, pagination), an activity's
page with its budget and history, and the forms that create, edit, delete and move activities
and their budget lines. Every write goes through actionplan/services.py."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from malbild.core.selectors import audit_history
from malbild.strategy.fields import display_rows
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
from .fields import ACTIVITY_FACT_FIELDS
from .forms import ActivityFilterForm, ActivityForm, ActivityTransitionForm, BudgetLineForm
from .workflow import activity_next_statuses

# (sort key, column label) of the sortable columns; the key's "-" form sorts descending.
SORTABLE_COLUMNS = [
    ("number", gettext_lazy("No.")),
    ("title", gettext_lazy("Activity")),
    ("status", gettext_lazy("Status")),
    ("body", gettext_lazy("Responsible body")),
    ("start_year", gettext_lazy("Years")),
    ("budget", gettext_lazy("Budget")),
]


def _sort_headers(current: str) -> list[dict]:
    """Column headers with the link target and aria-sort of each sortable column."""
    headers = []
    for key, label in SORTABLE_COLUMNS:
        if current == key:
            aria, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria, target = "descending", key
        else:
            aria, target = None, key
        headers.append({"key": key, "label": label, "aria_sort": aria, "target": target})
    return headers


class ActivityListView(OrgMixin, ListView):
    """All activities of the organisation, filtered by a plain GET form."""

    template_name = "actionplan/activity_list.html"
    context_object_name = "activities"

    def get_paginate_by(self, queryset):
        return getattr(settings, "MALBILD_PAGE_SIZE", 50)

    def get_queryset(self):
        self.filter_form = ActivityFilterForm(self.request.GET or None, access=self.access)
        self.filters = self.filter_form.filters() if self.request.GET else {}
        qs = selectors.activity_list(access=self.access, **self.filters)
        # A unique last key keeps pages stable when sort values tie.
        return qs.order_by(*qs.query.order_by, "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        current = self.filters.get("sort") or "number"
        ctx["sort_headers"] = _sort_headers(current)
        ctx["is_filtered"] = any(v for k, v in self.filters.items() if k != "sort")
        ctx["can_add"] = self.access.can_edit_anything
        return ctx


class ActivityMixin(OrgMixin):
    """Loads the activity named by the URL, by uid or id (404 for another organisation's
    activity or a malformed reference)."""

    def get_activity(self):
        if not hasattr(self, "_activity"):
            self._activity = selectors.activity_get(access=self.access, ref=self.kwargs["pk"])
        return self._activity

    def detail_url(self) -> str:
        return self.org_url("actionplan:activity-detail", pk=self.get_activity().uid)


class ActivityEditMixin(EditCheckMixin, ActivityMixin):
    """Pages that change an activity: only for users who may edit it (403 otherwise)."""

    def check_edit(self) -> None:
        services.activity_check_edit(access=self.access, activity=self.get_activity())


class ActivityDetailView(ActivityMixin, DetailView):
    template_name = "actionplan/activity_detail.html"
    context_object_name = "activity"

    def get_object(self, queryset=None):
        return self.get_activity()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        activity = self.object
        can_edit = self.access.can_edit_for_body(activity.responsible_body_id)
        ctx["can_edit"] = can_edit
        ctx["facts"] = display_rows(activity, ACTIVITY_FACT_FIELDS)
        ctx["other_focus_areas"] = [
            fa for fa in activity.focus_areas.all() if fa.pk != activity.primary_focus_area_id
        ]
        ctx["budget"] = selectors.activity_budget_summary(activity=activity)
        ctx["history"] = audit_history(instance=activity)
        if can_edit and activity_next_statuses(activity.status):
            ctx["transition_form"] = with_version_field(
                ActivityTransitionForm(activity=activity), activity
            )
        return ctx


class ActivityCreateView(OrgMixin, EditCheckMixin, ServiceFormMixin, FormAccessMixin, CreateView):
    template_name = "actionplan/activity_form.html"
    form_class = ActivityForm
    success_message = gettext_lazy("The activity was added.")

    def check_edit(self) -> None:
        if not self.access.can_edit_anything:
            raise PermissionDenied(_("You may not add activities."))

    def get_initial(self):
        initial = super().get_initial()
        doc = self.request.GET.get("document", "")
        if doc:
            document = SteeringDocument.objects.for_access(self.access).by_ref(doc).first()
            if document is not None:
                initial["document"] = document
        return initial

    def perform(self, form):
        data, m2m = form.service_data()
        return services.activity_create(
            access=self.access, document=form.cleaned_data["document"], data=data, m2m=m2m
        )

    def get_success_url(self):
        return self.org_url("actionplan:activity-detail", pk=self.object.uid)


class ActivityUpdateView(ActivityEditMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView):
    template_name = "actionplan/activity_form.html"
    form_class = ActivityForm
    context_object_name = "activity"
    success_message = gettext_lazy("The activity was saved.")

    def get_object(self, queryset=None):
        return self.get_activity()

    def perform(self, form):
        data, m2m = form.service_data()
        return services.activity_update(
            access=self.access, activity=self.get_activity(), data=data, m2m=m2m
        )

    def get_success_url(self):
        return self.detail_url()


class ActivityDeleteView(ConfirmDeleteMixin, ActivityEditMixin, ServiceFormMixin, FormView):
    success_message = gettext_lazy("The activity was deleted.")

    def delete_target(self):
        return self.get_activity()

    def get_cancel_url(self) -> str:
        return self.detail_url()

    def perform(self, form):
        services.activity_delete(access=self.access, activity=self.get_activity())

    def get_success_url(self):
        return self.org_url("actionplan:activity-list")


class ActivityTransitionView(ActivityEditMixin, TransitionViewMixin, ServiceFormMixin, FormView):
    """Change the status along an allowed transition (its own page when JavaScript is off and
    the form on the activity page has an error)."""

    template_name = "actionplan/activity_transition.html"
    form_class = ActivityTransitionForm

    def transition_target(self):
        return self.get_activity()

    def transition_refreshed(self, current) -> None:
        self._activity = selectors.activity_get(access=self.access, ref=current.pk)

    def transition_form_kwargs(self, target) -> dict:
        return {"activity": target}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["activity"] = self.get_activity()
        return ctx

    def transition(self, target, *, status: str, message: str):
        return services.activity_transition(
            access=self.access, activity=target, status=status, message=message
        )

    def get_success_url(self):
        return self.detail_url()


class BudgetLineMixin(ActivityEditMixin):
    """Budget line pages live under their activity: /activities/<activity_pk>/budget/…"""

    template_name = "actionplan/budget_line_form.html"

    def get_activity(self):
        if not hasattr(self, "_activity"):
            self._activity = selectors.activity_get(
                access=self.access, ref=self.kwargs["activity_pk"]
            )
        return self._activity

    def get_line(self):
        if not hasattr(self, "_line"):
            self._line = selectors.budget_line_get(
                access=self.access, activity=self.get_activity(), ref=self.kwargs["pk"]
            )
        return self._line

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["activity"] = self.get_activity()
        ctx["cancel_url"] = self.detail_url()
        return ctx

    def get_success_url(self):
        return self.detail_url() + "#budget-heading"


class BudgetLineFormMixin(BudgetLineMixin):
    """The add and edit forms know the activity (its period, for the year's help text)."""

    form_class = BudgetLineForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activity": self.get_activity()}


class BudgetLineCreateView(BudgetLineFormMixin, ServiceFormMixin, CreateView):
    success_message = gettext_lazy("The budget line was added.")

    def get_initial(self):
        activity = self.get_activity()
        initial = super().get_initial()
        if activity.start_year:
            initial["year"] = activity.start_year
        return initial

    def perform(self, form):
        return services.budget_line_create(
            access=self.access, activity=self.get_activity(), **form.service_kwargs()
        )


class BudgetLineUpdateView(BudgetLineFormMixin, ServiceFormMixin, OriginalObjectMixin, UpdateView):
    context_object_name = "line"
    success_message = gettext_lazy("The budget line was saved.")

    def get_object(self, queryset=None):
        return self.get_line()

    def perform(self, form):
        return services.budget_line_update(
            access=self.access, line=self.get_line(), **form.service_kwargs()
        )


class BudgetLineDeleteView(ConfirmDeleteMixin, BudgetLineMixin, ServiceFormMixin, FormView):
    success_message = gettext_lazy("The budget line was deleted.")

    def delete_target(self):
        return self.get_line()

    def get_cancel_url(self) -> str:
        return self.detail_url()

    def perform(self, form):
        services.budget_line_delete(access=self.access, line=self.get_line())
