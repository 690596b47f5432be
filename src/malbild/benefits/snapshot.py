"""Benefit calculations in document snapshots and the plan export: registered from
`BenefitsConfig.ready` with strategy's registries, so strategy never imports benefits.

A frozen version keeps each calculation of the document's activities as an item under its
activity (horizon, rate, notes and the results computed at freezing, exact decimals as
strings), its alternatives as items under it (with their NPV) and their lines under those
(choices as codes, translated when shown; amounts per year). Compact: zero amounts and empty
texts are left out."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from malbild.core.audit import json_value
from malbild.reports.cells import Amount
from malbild.strategy.exports import register_export_sections
from malbild.strategy.snapshot import ItemKind, SnapshotItems, item_fields, register_snapshot_items
from malbild.web import formatting

from . import selectors
from .calculation import round_sek

TYPE = "benefit_calculation"
FIELDS = ("title", "first_year", "years", "discount_rate", "notes")
ALTERNATIVE_FIELDS = ("name", "description", "is_zero", "is_chosen")
LINE_FIELDS = (
    "name",
    "direction",
    "kind",
    "party_kind",
    "body",
    "party_name",
    "monetised",
    "description",
    "unit",
    "estimate",
    "certainty",
    "assumptions",
)


def _compact(fields: dict) -> dict:
    """Leave out empty texts and missing values (the snapshot stays small)."""
    return {k: v for k, v in fields.items() if v not in ("", None)}


def calculation_items(document) -> list[dict]:
    """The calculations of the document's activities, in the activities' order, each as an
    item under its activity, with its alternatives under it and their lines under them (a
    fixed number of queries). The calculation's `results` are the figures computed at
    freezing (exact decimals as strings)."""
    items = []
    for calculation in selectors.calculation_list_of_document(document):
        results = selectors.calculation_results(calculation)
        chosen = results.chosen
        fields = item_fields(calculation, FIELDS)
        fields["results"] = (
            {
                "chosen": chosen.alternative.name,
                "pv_costs": json_value(chosen.pv_costs),
                "pv_benefits": json_value(chosen.pv_benefits),
                "npv": json_value(chosen.npv),
                "incremental_npv": json_value(chosen.incremental_npv),
                "payback_year": chosen.incremental_payback_year,
                "benefit_cost_ratio": json_value(chosen.benefit_cost_ratio),
            }
            if chosen
            else {}
        )
        items.append(
            {
                "uid": str(calculation.uid),
                "type": TYPE,
                "label": calculation.title or str(calculation.activity),
                "parent": str(calculation.activity.uid),
                "fields": _compact(fields),
            }
        )
        for r in results.alternatives:
            alt = r.alternative
            alt_fields = item_fields(alt, ALTERNATIVE_FIELDS)
            alt_fields["npv"] = json_value(r.npv)
            items.append(
                {
                    "uid": str(alt.uid),
                    "type": "benefit_alternative",
                    "label": alt.name,
                    "parent": str(calculation.uid),
                    "fields": _compact(alt_fields),
                }
            )
            for line in alt.lines.all():
                line_fields = item_fields(line, LINE_FIELDS)
                if line.monetised:
                    line_fields["amounts"] = {
                        str(a.year): json_value(a.amount) for a in line.amounts.all() if a.amount
                    }
                items.append(
                    {
                        "uid": str(line.uid),
                        "type": "benefit_line",
                        "label": line.name,
                        "parent": str(alt.uid),
                        "fields": _compact(line_fields),
                    }
                )
    return items


# Showing a frozen calculation ----------------------------------------------------------------


def _money(value) -> str:
    return formatting.money(round_sek(Decimal(str(value)))) if value not in (None, "") else "–"


def amounts_text(value) -> str:
    """A frozen line's amounts per year: "2025 100 kr, 2026 60 kr"."""
    return ", ".join(f"{year} {_money(amount)}" for year, amount in (value or {}).items())


def results_text(value) -> str:
    """The results frozen with the version, as a sentence."""
    if not value:
        return ""
    ratio = value.get("benefit_cost_ratio")
    return "; ".join(
        [
            f"{_('Chosen alternative')}: {value.get('chosen', '')}",
            f"{_('Net present value compared with the zero alternative')}: "
            f"{_money(value.get('incremental_npv'))}",
            f"{_('Payback year')}: {value.get('payback_year') or _('not within the horizon')}",
            f"{_('Benefit/cost ratio')}: "
            + (formatting.number(round_sek(Decimal(ratio), 2)) if ratio else "–"),
        ]
    )


# The plan export -------------------------------------------------------------------------------


def export_sections(snapshot: dict) -> list[dict]:
    """A chapter with one table of the calculations frozen in the snapshot."""
    items = [it for it in snapshot.get("items", []) if it.get("type") == TYPE]
    if not items:
        return []
    activities = {it["uid"]: it["label"] for it in snapshot["items"] if it["type"] == "activity"}
    rows = []
    for it in items:
        f = it["fields"]
        res = f.get("results") or {}
        ratio = res.get("benefit_cost_ratio")
        first = int(f.get("first_year") or 0)
        last = first + int(f.get("years") or 1) - 1
        rows.append(
            [
                activities.get(it.get("parent"), it["label"]),
                f"{first}–{last}",
                f"{formatting.number(f.get('discount_rate'))} %",
                res.get("chosen", "–"),
                Amount(round_sek(Decimal(res["incremental_npv"])))
                if res.get("incremental_npv") is not None
                else "–",
                str(res.get("payback_year") or _("not within the horizon")),
                formatting.number(round_sek(Decimal(ratio), 2)) if ratio else "–",
            ]
        )
    table = {
        "key": "benefit-calculations",
        "title": _("Benefit calculations"),
        "kind": "benefits",
        "columns": [
            _("Activity"),
            _("Horizon"),
            _("Discount rate"),
            _("Chosen alternative"),
            _("Net present value compared with the zero alternative"),
            _("Payback year"),
            _("Benefit/cost ratio"),
        ],
        "rows": rows,
    }
    intro = _(
        "Net present value of the chosen alternative compared with the zero alternative, at "
        "each calculation's discount rate, as computed when the version was frozen."
    )
    return [
        {
            "id": "benefit-calculations",
            "heading": _("Benefit calculations"),
            "level": 1,
            "blocks": [{"type": "paragraph", "text": intro}, {"type": "table", "table": table}],
        }
    ]


def register() -> None:
    from .models import Alternative, BenefitCalculation, CalculationLine

    kinds = (
        ItemKind(
            TYPE,
            gettext_lazy("Benefit calculation"),
            BenefitCalculation,
            FIELDS,
            extra_labels={"results": gettext_lazy("results")},
            formatters={"results": results_text},
        ),
        ItemKind(
            "benefit_alternative",
            gettext_lazy("Alternative"),
            Alternative,
            ALTERNATIVE_FIELDS,
            extra_labels={"npv": gettext_lazy("net present value")},
            formatters={"npv": _money},
        ),
        ItemKind(
            "benefit_line",
            gettext_lazy("Calculation line"),
            CalculationLine,
            LINE_FIELDS,
            extra_labels={"amounts": gettext_lazy("amounts per year")},
            formatters={"amounts": amounts_text},
        ),
    )
    register_snapshot_items(
        "benefits", SnapshotItems(kinds=kinds, items=calculation_items, position=60)
    )
    register_export_sections("benefits", export_sections)
