"""Pages of the assessment: status overrides of indicators, goals and focus areas,
amendments of a closed period, and the dashboard that shows the statuses."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from malbild.core.replica import ReplicaReadsMixin
from malbild.web.mixins import (
    ServiceFormMixin,
    VersionedFormMixin,
)

from .. import page_cache, selectors, services
from ..constants import Status
from ..forms import (
    AmendmentForm,
    OverrideForm,
)
from ..report import (
    BUDGET_NOTE,
    INCOMPLETE_NOTE,
    benefit_activity_blocks,
    benefit_blocks,
    budget_key_figures_table,
    budget_per_focus_area_table,
    build_report,
    indicator_table,
    rollup_explanation,
)
from ..snapshot import upgrade as upgrade_snapshot
from ..status import ACTIVITY_BEHIND_TOLERANCE
from ._common import PeriodMixin


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


# A trend chart and its table are about 6 kB: 400 indicators made the dashboard 3 MB.
TRENDS_PER_PAGE = 20


def _page_number(value) -> int:
    """`?page=` as a page number (1 for anything else; a number past the last page shows
    the last page)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) <= 6 and int(text) > 0 else 1


class DashboardView(ReplicaReadsMixin, PeriodMixin, TemplateView):
    """Statuses, budget and charts of the period. A closed period's dashboard is built once
    per language and rights and then served from the cache (`page_cache`); its reads may
    come from a read replica (`core.replica`, off unless one is configured)."""

    template_name = "followup/dashboard.html"
    body_template = "followup/_dashboard_body.html"
    period_with_snapshot = False  # loaded only when the body is built

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period = self.get_period()
        number = _page_number(self.request.GET.get("page"))
        key = page_cache.closed_page_key(
            page="dashboard", period=period, variant=(self.access.can_edit_documents, number)
        )
        parts = page_cache.cached(key, lambda: self._body_parts(dict(ctx), number))
        ctx["body"] = page_cache.with_csrf(parts["body"], self.request)
        # The page links are rendered around the cached body (they keep the request's query).
        ctx["page_obj"] = Paginator(range(parts["trends"]), TRENDS_PER_PAGE).get_page(number)
        return ctx

    def _body_parts(self, ctx: dict, number: int) -> dict:
        body = self.body_context(ctx, trend_page=number)
        html = page_cache.render_fragment(self.body_template, body, self.request)
        return {"body": html, "trends": body["trend_count"]}

    def body_context(self, ctx: dict, trend_page: int = 1) -> dict:
        """What the body template shows: the period's data, report charts and tables; the
        indicators' trend charts `TRENDS_PER_PAGE` a page (page `trend_page`)."""
        data = selectors.period_data(period=self.get_period())
        report = build_report(data)
        chart_blocks = []
        for section in report["sections"]:
            for block in section["blocks"]:
                if block["type"] == "chart" and not section["id"].startswith("benefits"):
                    chart_blocks.append(block["chart"])
        for fa in data["focus_areas"]:
            fa["basis_text"] = rollup_explanation(fa["basis"])
            for goal in fa["goals"]:
                goal["basis_text"] = rollup_explanation(goal["basis"])
        ctx["data"] = data
        ctx["overview_charts"] = [c for c in chart_blocks if c["kind"] != "trend"]
        trends = [c for c in chart_blocks if c["kind"] == "trend"]
        trend_page = Paginator(trends, TRENDS_PER_PAGE).get_page(trend_page)
        ctx["trend_charts"] = list(trend_page)
        ctx["trend_count"] = len(trends)
        ctx["trend_first"] = trend_page.start_index()
        ctx["trend_last"] = trend_page.end_index()
        ctx["indicator_table"] = indicator_table("indicators", _("Indicators"), data["indicators"])
        ctx["budget_note"] = str(BUDGET_NOTE)
        ctx["budget_incomplete_note"] = (
            str(INCOMPLETE_NOTE) if not data["budget_overview"]["complete"] else ""
        )
        ctx["budget_tables"] = [
            budget_key_figures_table(data["key_figures"]),
            budget_per_focus_area_table(data["budget_overview"]),
        ]
        ctx["benefit_blocks"] = benefit_blocks(data)
        ctx["benefit_activities"] = [
            (a, benefit_activity_blocks(a, data["benefit_overview"]["year"], n))
            for n, a in enumerate(data["benefit_overview"]["activities"], start=1)
        ]
        ctx["report"] = report
        ctx["status_choices"] = Status.choices
        ctx["tolerance"] = ACTIVITY_BEHIND_TOLERANCE
        return ctx
