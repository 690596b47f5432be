"""Pages of indicators beyond the item views: set and remove the target of a year, and the
list of all indicators of the organisation.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from malbild.web.mixins import OrgMixin, OriginalObjectMixin, ServiceFormMixin

from .. import selectors, services
from ..forms import IndicatorFilterForm, TargetForm
from ..models import Indicator, IndicatorTarget
from ._common import EditPermissionMixin, ServiceDeleteView, decorate_indicator

# Indicator targets -----------------------------------------------------------------------------


class TargetSetView(OrgMixin, EditPermissionMixin, ServiceFormMixin, OriginalObjectMixin, FormView):
    """Set (create or change) the target of one year of an indicator. Opened for one year
    (`?year=2020`) whose target exists, the form edits that target and carries its version,
    so a save made after someone else's change shows the conflict page (docs/adr/0007)."""

    form_class = TargetForm
    template_name = "strategy/target_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.indicator = None
        self.object = None

    def get_form(self, form_class=None):
        self.object = self.edited_target()
        return super().get_form(form_class)

    def edited_target(self):
        """The existing target of the year being edited (posted, or `?year=` on GET)."""
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        year = str(source.get("year", "")).strip()
        if not year.isdigit() or len(year) > 4:
            return None
        return self.get_indicator().targets.filter(year=int(year)).first()

    def get_indicator(self):
        if self.indicator is None:
            self.indicator = selectors.document_item_get(
                access=self.access, model=Indicator, ref=self.kwargs["pk"]
            )
        return self.indicator

    def may_edit(self) -> bool:
        return self.access.can_edit_for_body(self.get_indicator().responsible_body_id)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["indicator"] = self.get_indicator()
        ctx["document"] = self.get_indicator().document
        return ctx

    def perform(self, form):
        self.success_message = _("The target was saved.")
        return services.indicator_target_set(
            access=self.access,
            indicator=self.get_indicator(),
            year=form.cleaned_data["year"],
            value=form.cleaned_data["value"],
            text=form.cleaned_data["text"],
        )

    def get_success_url(self):
        return self.org_url("strategy:indicator-detail", pk=self.get_indicator().pk)


class TargetDeleteView(ServiceDeleteView):
    def get_object(self):
        return get_object_or_404(
            IndicatorTarget.objects.for_access(self.access).select_related("indicator"),
            pk=self.kwargs["pk"],
        )

    def may_edit(self) -> bool:
        if self.object is None:
            self.object = self.get_object()
        return self.access.can_edit_for_body(self.object.indicator.responsible_body_id)

    def get_cancel_url(self):
        return self.org_url("strategy:indicator-detail", pk=self.object.indicator_id)

    get_success_url = get_cancel_url

    def delete_object(self):
        services.indicator_target_delete(access=self.access, target=self.object)


# Indicator list -------------------------------------------------------------------------------


class IndicatorListView(OrgMixin, ListView):
    """All indicators of the organisation, optionally of one document."""

    template_name = "strategy/indicator_list.html"
    context_object_name = "indicators"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = IndicatorFilterForm(self.request.GET or None, access=self.access)
        document = None
        if self.filter_form.is_valid():
            document = self.filter_form.cleaned_data["document"]
        return selectors.indicator_list(access=self.access, document=document).order_by(
            "document__title", "order", "id"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for ind in ctx["indicators"]:
            decorate_indicator(ind, self.access)
        ctx["filter_form"] = self.filter_form
        return ctx
