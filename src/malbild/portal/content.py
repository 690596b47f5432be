"""What the portal's pages show, built from `selectors.Published`: the progress card of a
document (charts through the report pipeline's inline SVG, each with its data table and a
sentence in words), the filtered tree, an item's facts and an indicator's series, the
accessibility statement's text, and the report structures as the public may see them."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from malbild.actionplan.constants import ActivityStatus
from malbild.followup.constants import Status
from malbild.followup.report import budget_chart, status_distribution_chart
from malbild.kolada.comparison import (
    comparison_chart,
    comparison_get,
    comparison_sentence,
    comparison_table,
)
from malbild.organisation.models import Organisation
from malbild.reports.cells import Number
from malbild.strategy.snapshot import render
from malbild.web import formatting

from .defaults import default_statement
from .selectors import Published

INDICATOR_STATUSES = [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA]


def organisation_for_branding(*, slug: str):
    return Organisation.objects.select_related("portal").filter(slug=slug).first()


def _counted_sentence(counts: dict, labels, total: int, none_text: str, intro: str) -> str:
    if not total:
        return none_text
    parts = [
        f"{counts[value]} {str(label).lower()}" for value, label in labels if counts.get(value)
    ]
    return intro % {"n": total} + " " + ", ".join(parts) + "."


def _indicator_chart(title: str, counts: dict, key: str) -> dict:
    table = {
        "key": key,
        "kind": "indicator-status",
        "title": _("Indicators by status"),
        "columns": [_("Document")] + [str(s.label) for s in INDICATOR_STATUSES] + [_("Total")],
        "rows": [
            [title]
            + [Number(counts.get(s.value, 0)) for s in INDICATOR_STATUSES]
            + [Number(sum(counts.get(s.value, 0) for s in INDICATOR_STATUSES))]
        ],
    }
    return {
        "kind": "stacked",
        "title": _("Indicators by status"),
        "xlabel": _("Number of indicators"),
        "categories": [title[:40]],
        "series": [
            {"label": str(s.label), "values": [counts.get(s.value, 0)]} for s in INDICATOR_STATUSES
        ],
        "alt": "",
        "table": table,
    }


def progress_card(published: Published, *, index: int) -> dict:
    """A document's overall progress: activities by status, indicators on and off track and
    the budget and outcome per year — each a chart with its table — and sentences in words."""
    from .selectors import progress

    p = progress(published)
    title = published.document.title
    activities = p["activities"]
    indicators = p["indicators"]
    n_act = sum(activities.values())
    n_ind = sum(indicators.values())
    act_sentence = _counted_sentence(
        activities,
        ActivityStatus.choices,
        n_act,
        _("The plan has no activities."),
        ngettext("Of %(n)s activity:", "Of %(n)s activities:", n_act),
    )
    ind_sentence = _counted_sentence(
        indicators,
        [(s.value, s.label) for s in INDICATOR_STATUSES],
        n_ind,
        _("The document has no indicators."),
        ngettext("Of %(n)s indicator:", "Of %(n)s indicators:", n_ind),
    )
    charts = []
    if n_act:
        chart = status_distribution_chart(
            [(title, activities)], _("Activities by status"), f"activities-{index}"
        )
        chart["alt"] = act_sentence
        charts.append(chart)
    if n_ind:
        chart = _indicator_chart(title, indicators, f"indicators-{index}")
        chart["alt"] = ind_sentence
        charts.append(chart)
    budget_sentence = ""
    if p["budget"]:
        chart = budget_chart(p["budget"], p["budget_overview"])
        total = (p["budget_overview"] or {}).get("total") or {}
        if total.get("planned") is not None:
            budget_sentence = _(
                "The budget of the whole plan is %(planned)s SEK; %(spent)s SEK of it was "
                "reported as spent up to %(period)s."
            ) % {
                "planned": formatting.number(total.get("planned")),
                "spent": formatting.number(total.get("spent") or 0),
                "period": p["period"].label,
            }
        charts.append(chart)
    sentences = [s for s in (act_sentence, ind_sentence, budget_sentence) if s]
    if p["period"] is not None:
        sentences.insert(
            0,
            _("As reported in the follow-up %(period)s.") % {"period": p["period"].label},
        )
    else:
        sentences.insert(0, _("No follow-up has been closed yet; the statuses are as adopted."))
    return {
        "document": published.document,
        "charts": charts,
        "sentences": sentences,
        "period": p["period"],
    }


def document_facts(published: Published) -> list[tuple[str, str]]:
    hidden = {str(render.field_label("document", "status"))}
    return [(k, v) for k, v in render.document_fields(published.snapshot) if str(k) not in hidden]


def sections(published: Published) -> list[dict]:
    return [n for n in published.nodes if n["type"] == "section"]


class ActivityFilter(forms.Form):
    """The GET form that filters a published document's activities."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    area = forms.ChoiceField(label=gettext_lazy("Focus area"), required=False)

    def __init__(self, data, *, published: Published):
        super().__init__(data or None)
        self.published = published
        self.fields["status"].choices = [("", _("All statuses")), *ActivityStatus.choices]
        areas = [n for n in published.nodes if n["type"] == "focus_area"]
        self.fields["area"].choices = [("", _("All focus areas"))] + [
            (n["uid"], n["label"]) for n in areas
        ]
        self.shown = len(published.activities)

    @property
    def active(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())

    def matches(self, node: dict, area_uid: str | None) -> bool:
        if not self.active:
            return True
        data = self.cleaned_data
        if data["status"] and node.get("status") != data["status"]:
            return False
        if data["area"] and area_uid != data["area"]:
            return False
        if data["q"]:
            needle = data["q"].casefold()
            text = " ".join(
                [node["label"], node.get("comment", "")] + [f["value"] for f in node["fields"]]
            ).casefold()
            if needle not in text:
                return False
        return True


def _matches_text(node: dict, needle: str) -> bool:
    text = " ".join([node["label"]] + [f["value"] for f in node["fields"]]).casefold()
    return needle in text


def filtered_tree(published: Published, filters: ActivityFilter) -> list[dict]:
    """The tree without its sections (shown apart). While filtering: the activities that
    match, the indicators a search finds (when no status is chosen), and the branches that
    hold any of them."""
    shown = 0
    data = filters.cleaned_data if filters.active else {}

    def keep(node: dict, area_uid: str | None) -> dict | None:
        nonlocal shown
        if node["type"] == "focus_area":
            area_uid = node["uid"]
        children = [c for c in (keep(c, area_uid) for c in node["children"]) if c is not None]
        kept = {**node, "children": children}
        if not data:
            shown += node["type"] == "activity"
            return kept
        if node["type"] == "activity":
            if not filters.matches(node, area_uid):
                return None
            shown += 1
            return kept
        if node["type"] == "indicator":
            found = (
                data["q"]
                and not data["status"]
                and (not data["area"] or data["area"] == area_uid)
                and _matches_text(node, data["q"].casefold())
            )
            return kept if found or children else None
        return kept if children else None

    tops = [n for n in published.nodes if n["type"] != "section"]
    result = [n for n in (keep(n, None) for n in tops) if n is not None]
    filters.shown = shown
    return result


def item_facts(node: dict) -> list[dict]:
    """An item's fields to show on its page (the description has its own paragraph)."""
    return [f for f in node["fields"] if f["key"] not in ("title", "name", "description")]


def _decimal(value):
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def indicator_table(node: dict) -> dict:
    """The indicator's series as a table: baseline, each target and each reported value."""
    rows = []
    base_value, base_year = node.get("baseline") or (None, None)
    if base_year:
        rows.append([_("Baseline"), str(base_year), formatting.number(_decimal(base_value)), ""])
    for year, value, text in node.get("targets") or []:
        shown = formatting.number(_decimal(value)) if value not in (None, "") else text
        rows.append([_("Target"), str(year), shown, ""])
    for point in node.get("series") or []:
        rows.append(
            [
                _("Value"),
                str(point["year"]),
                formatting.number(_decimal(point["value"])),
                point["period"],
            ]
        )
    return {
        "key": "series",
        "title": _("Baseline, targets and values"),
        "columns": [_("What"), _("Year"), _("Value"), _("Follow-up")],
        "rows": rows,
    }


def indicator_chart(node: dict) -> dict | None:
    """A trend chart of the values against the baseline and targets (None without numbers)."""
    values = [(p["year"], p["value"]) for p in node.get("series") or [] if p["value"] is not None]
    targets = [(y, v) for y, v, _t in node.get("targets") or [] if v not in (None, "")]
    base_value, base_year = node.get("baseline") or (None, None)
    if base_year and base_value is not None:
        targets = [(base_year, base_value), *targets]
    if not values and len(targets) < 2:
        return None
    series = []
    if values:
        series.append({"label": _("Reported values"), "points": values})
    if targets:
        series.append({"label": _("Baseline and targets"), "points": targets})
    alt = "; ".join(f"{year}: {formatting.number(_decimal(value))}" for year, value in values) or _(
        "No values reported yet."
    )
    return {
        "kind": "trend",
        "title": node["label"][:80],
        "ylabel": node.get("unit", ""),
        "series": series,
        "alt": _("Reported values: %(values)s") % {"values": alt} if values else alt,
        "table": None,
    }


#: The indicator source whose values come from Kolada (strategy.constants.IndicatorSource).
KOLADA_SOURCE = "kolada"


def kolada_comparison(node: dict, organisation) -> dict | None:
    """For an indicator from Kolada (as adopted: its source and KPI in the frozen version),
    the organisation's series beside its comparison municipalities and Riket as last
    fetched: a chart holding its data table, the comparison in words, when it was fetched and
    who has no values. None for any other indicator; two queries."""
    raw = node.get("raw") or {}
    kpi = (raw.get("kolada_kpi") or "").strip()
    if raw.get("source") != KOLADA_SOURCE or not kpi:
        return None
    found = comparison_get(organisation=organisation, kpi=kpi)
    shown = {"name": node["label"], "unit": node.get("unit", "")}
    chart = comparison_chart(found, **shown)
    table = comparison_table(found, **shown)
    if chart is not None:
        chart["table"] = table
    return {
        "kpi": kpi,
        "chart": chart,
        "table": table,
        "sentence": comparison_sentence(found, **shown),
        "fetched_at": found.fetched_at,
        "missing": found.missing,
    }


def accessibility_statement(organisation) -> str:
    """The organisation's own statement (Markdown), or the standard text."""
    settings = organisation.portal
    return settings.accessibility_statement or default_statement(organisation, settings)
