"""What the calculation page, the activity panel, the plan export and the snapshot show of a
calculation: tables built from the computed results (no queries beyond the prefetch; figures
are rounded only by the templates' formatting)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from malbild.web import formatting

from . import calculation as calc
from . import selectors
from .constants import Direction


def alternative_table(alternative, horizon: calc.Horizon) -> dict:
    """The alternative's monetised lines with their amount per year and total, the column
    totals of costs and of benefits (sums of the rows), and the lines that are only described."""
    years = horizon.year_list
    rows, described = [], []
    totals = {
        Direction.COST: [Decimal(0)] * len(years),
        Direction.BENEFIT: [Decimal(0)] * len(years),
    }
    for line in alternative.lines.all():
        if not line.monetised:
            described.append(line)
            continue
        by_year = {a.year: a.amount for a in line.amounts.all()}
        cells = [by_year.get(y, Decimal(0)) for y in years]
        for i, amount in enumerate(cells):
            totals[line.direction][i] += amount
        rows.append({"line": line, "cells": cells, "total": sum(cells, Decimal(0))})
    return {
        "rows": rows,
        "described": described,
        "cost_totals": totals[Direction.COST],
        "benefit_totals": totals[Direction.BENEFIT],
        "cost_total": sum(totals[Direction.COST], Decimal(0)),
        "benefit_total": sum(totals[Direction.BENEFIT], Decimal(0)),
    }


def chart(results: selectors.CalculationResults) -> dict | None:
    """Costs and benefits per year of the chosen option compared with the zero alternative,
    as a grouped bar chart spec (reports.charts), with its sentence."""
    dist = results.incremental
    if dist is None or not dist.years:
        return None
    name = results.chosen.alternative.name
    title = _("Costs and benefits per year: %(name)s compared with the zero alternative") % {
        "name": name
    }
    alt = _(
        "Over %(first)s–%(last)s the costs are %(costs)s and the benefits %(benefits)s; "
        "the net present value is %(npv)s."
    ) % {
        "first": results.horizon.first_year,
        "last": results.horizon.last_year,
        "costs": formatting.money(dist.total.costs),
        "benefits": formatting.money(dist.total.benefits),
        "npv": formatting.money(dist.total.npv),
    }
    return {
        "kind": "grouped",
        "key": "benefits-per-year",
        "title": title,
        "alt": alt,
        "ylabel": _("SEK"),
        "categories": [str(y.year) for y in dist.years],
        "series": [
            {"label": _("Costs"), "values": [y.costs for y in dist.years]},
            {"label": _("Benefits"), "values": [y.benefits for y in dist.years]},
        ],
    }


def calculation_view(calculation) -> dict:
    """Everything the calculation page shows (from a prefetched calculation)."""
    results = selectors.calculation_results(calculation)
    horizon = results.horizon
    alternatives = [
        {"result": r, "alternative": r.alternative, **alternative_table(r.alternative, horizon)}
        for r in results.alternatives
    ]
    shares = {s.key: s.share for s in selectors.benefit_party_shares(calculation)}
    parties = []
    if results.chosen is not None:
        parties = [
            {"row": p, "share_percent": _percent(shares.get(p.key))}
            for p in results.chosen.distribution.parties
        ]
    sensitivity = []
    if results.sensitivity is not None:
        sensitivity = [
            {"rate": rate, "values": values, "is_calculation_rate": rate == results.rate}
            for rate, values in zip(results.sensitivity.rates, results.sensitivity.npv, strict=True)
        ]
    return {
        "results": results,
        "years": horizon.year_list,
        "parties": parties,
        "has_shares": bool(shares),
        "sensitivity": sensitivity,
        "alternatives": alternatives,
        "chart": chart(results),
        "ratio": {
            r.alternative.pk: calc.round_sek(r.benefit_cost_ratio, 2) for r in results.alternatives
        },
    }


def _percent(share: Decimal | None) -> Decimal | None:
    """A share (0–1) as a percentage to one decimal, for display."""
    return None if share is None else calc.round_sek(share * 100, 1)


def overview_rows(calculations) -> list[dict]:
    """One row per calculation: activity, chosen option, incremental NPV, payback, B/C."""
    rows = []
    for calculation in calculations:
        results = selectors.calculation_results(calculation)
        chosen = results.chosen
        rows.append(
            {
                "calculation": calculation,
                "activity": calculation.activity,
                "chosen": chosen.alternative if chosen else None,
                "npv": chosen.incremental_npv if chosen else None,
                "payback": chosen.incremental_payback_year if chosen else None,
                "ratio": calc.round_sek(chosen.benefit_cost_ratio, 2) if chosen else None,
            }
        )
    return rows
