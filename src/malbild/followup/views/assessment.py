"""Pages of the assessment: status overrides of indicators, goals and focus areas,
amendments of a closed period, and the dashboard that shows the statuses."""

import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import QueryDict
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
        ctx["return_to"] = return_query(self.request.POST or self.request.GET)
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
        """Back to the dashboard's part (and page) the form was sent from, at the item."""
        query = return_query(self.request.POST)
        anchor = f"#assess-{self.target}-{self.get_item().uid}" if query else ""
        return self.period_url("period-dashboard") + (f"?{query}" if query else "") + anchor


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
# An indicator's table row and its assessment form are about 1.5 kB: above this many
# indicators the dashboard is shown in parts (docs/adr/0017-long-pages-in-parts.md): the
# summary, one part per focus area with its indicators INDICATORS_PER_PAGE a page, the
# indicators without a focus area, and the trend charts.
SINGLE_PAGE_INDICATORS = 100
INDICATORS_PER_PAGE = 100
NO_FOCUS_AREA = "none"
TRENDS_PART = "trends"
_PART_KEY = re.compile(r"^(none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def _page_number(value) -> int:
    """`?page=` as a page number (1 for anything else; a number past the last page shows
    the last page)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) <= 6 and int(text) > 0 else 1


def requested_part(query) -> str:
    """The dashboard's part asked for: a focus area's uid or `none` (`?focus_area=`), the
    trend charts (`?part=trends`), or "" for the summary (also for anything malformed, so
    the cache holds no key per made-up value)."""
    if query.get("part") == TRENDS_PART:
        return TRENDS_PART
    focus_area = str(query.get("focus_area", "")).strip().lower()
    return focus_area if _PART_KEY.match(focus_area) else ""


def return_query(query) -> str:
    """The dashboard part and page an assessment form was sent from (`return_to`, as the
    part's own query string), validated: only `focus_area` and `page`."""
    sent = QueryDict(str(query.get("return_to", ""))[:200])
    part = requested_part(sent)
    if not part or part == TRENDS_PART:
        return ""
    page = _page_number(sent.get("page"))
    return urlencode({"focus_area": part, **({"page": page} if page > 1 else {})})


def indicator_parts(data: dict) -> list[dict]:
    """The dashboard's parts of indicators: each focus area in order with the indicators
    linked to it and to no focus area before it (an indicator of several focus areas is
    listed once, under the first), then those without a focus area of the period. Each
    part has `key`, `title`, `indicators` and the count per status."""
    parts = {
        fa["id"]: {
            "key": fa["uid"],
            "title": f"{fa['number']} {fa['title']}".strip(),
            "indicators": [],
        }
        for fa in data["focus_areas"]
    }
    unlinked = {
        "key": NO_FOCUS_AREA,
        "title": _("Indicators without a focus area"),
        "indicators": [],
    }
    for ind in data["indicators"]:
        home = next((parts[f] for f in ind["focus_area_ids"] if f in parts), unlinked)
        home["indicators"].append(ind)
    result = list(parts.values())  # the focus areas' order
    if unlinked["indicators"]:
        result.append(unlinked)
    for part in result:
        part["counts"] = _status_counts(part["indicators"])
        part["count"] = len(part["indicators"])
    return result


def _status_counts(indicators: list[dict]) -> list[int]:
    counts = dict.fromkeys(Status.values, 0)
    for ind in indicators:
        counts[ind["status"] or Status.NO_DATA] += 1
    return list(counts.values())


class DashboardView(ReplicaReadsMixin, PeriodMixin, TemplateView):
    """Statuses, budget and charts of the period; above SINGLE_PAGE_INDICATORS indicators in
    parts (`?focus_area=<uid>|none`, `?part=trends`, `?page=`) with a table of contents on
    every part. A closed period's dashboard is built once per language, rights, part and
    page and then served from the cache (`page_cache`); its reads may come from a read
    replica (`core.replica`, off unless one is configured)."""

    template_name = "followup/dashboard.html"
    body_template = "followup/_dashboard_body.html"
    period_with_snapshot = False  # loaded only when the body is built

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period = self.get_period()
        part = requested_part(self.request.GET)
        number = _page_number(self.request.GET.get("page"))
        key = page_cache.closed_page_key(
            page="dashboard",
            period=period,
            variant=(self.access.can_edit_documents, part, number),
        )
        parts = page_cache.cached(key, lambda: self._body_parts(dict(ctx), part, number))
        ctx["body"] = page_cache.with_csrf(parts["body"], self.request)
        # The page links are rendered around the cached body (they keep the request's query).
        ctx["page_obj"] = Paginator(range(parts["items"]), parts["per_page"]).get_page(number)
        ctx["pagination_label"] = parts["pagination_label"]
        ctx["pagination_fragment"] = parts["pagination_fragment"]
        return ctx

    def _body_parts(self, ctx: dict, part: str, number: int) -> dict:
        body = self.body_context(ctx, trend_page=number, part=part)
        html = page_cache.render_fragment(self.body_template, body, self.request)
        if body["show_indicators"] and body["collapsed"]:
            items, per_page = body["part_count"], INDICATORS_PER_PAGE
            label, fragment = _("Pages of the part's indicators"), "#ind-heading"
        elif body["show_trends"]:
            items, per_page = body["trend_count"], TRENDS_PER_PAGE
            label, fragment = _("Pages of indicator trends"), "#trends-heading"
        else:
            items, per_page, label, fragment = 0, 1, "", ""
        return {
            "body": html,
            "items": items,
            "per_page": per_page,
            "pagination_label": str(label),
            "pagination_fragment": fragment,
        }

    def body_context(self, ctx: dict, trend_page: int = 1, part: str = "") -> dict:
        """What the body template shows: the period's data, report charts and tables; the
        indicators' trend charts `TRENDS_PER_PAGE` a page (page `trend_page`); above
        SINGLE_PAGE_INDICATORS indicators only the `part` asked for (see `DashboardView`)."""
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
        shown_trends = Paginator(trends, TRENDS_PER_PAGE).get_page(trend_page)
        ctx["trend_charts"] = list(shown_trends)
        ctx["trend_count"] = len(trends)
        ctx["trend_first"] = shown_trends.start_index()
        ctx["trend_last"] = shown_trends.end_index()
        self._choose_part(ctx, data, part, trend_page)
        ctx["indicator_table"] = indicator_table(
            "indicators", ctx["indicators_title"], ctx["indicators"]
        )
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

    def _choose_part(self, ctx: dict, data: dict, part: str, page: int) -> None:
        """Which part of the dashboard the body shows, its indicators (`indicators`, a page
        of the part's) and the table of contents (`parts`, every part with its counts, and
        the totals over all of them)."""
        collapsed = len(data["indicators"]) > SINGLE_PAGE_INDICATORS
        parts = indicator_parts(data)
        chosen = next((p for p in parts if p["key"] == part), None) if collapsed else None
        if collapsed and part != TRENDS_PART and chosen is None:
            part = ""
        ctx["collapsed"] = collapsed
        ctx["part"] = part if collapsed else ""
        ctx["parts"] = parts
        ctx["totals"] = _status_counts(data["indicators"])
        ctx["status_labels"] = Status.labels
        ctx["trends_part"] = TRENDS_PART
        ctx["show_summary"] = not collapsed or not part
        ctx["show_indicators"] = not collapsed or chosen is not None
        ctx["show_trends"] = not collapsed or part == TRENDS_PART
        ctx["indicators_title"] = _("Indicators")
        ctx["indicators"] = data["indicators"]
        ctx["return_to"] = ""
        if chosen is not None:
            shown = Paginator(chosen["indicators"], INDICATORS_PER_PAGE).get_page(page)
            ctx["indicators"] = list(shown)
            ctx["indicators_title"] = _("Indicators: %(part)s") % {"part": chosen["title"]}
            ctx["part_title"] = chosen["title"]
            ctx["part_count"] = chosen["count"]
            ctx["part_first"] = shown.start_index()
            ctx["part_last"] = shown.end_index()
            ctx["return_to"] = urlencode(
                {
                    "focus_area": chosen["key"],
                    **({"page": shown.number} if shown.number > 1 else {}),
                }
            )
