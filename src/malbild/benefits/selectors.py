"""Reads of benefit calculations: scoped, prefetched, and the computed results (the ORM side
of `calculation.py`). Other apps read benefit calculations only through these functions;
`calculation_for_activity` and `benefit_shares` are the contract the financing app uses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404

from malbild.core.access import Access

from . import calculation as calc
from .models import Alternative, BenefitCalculation, BenefitSettings, CalculationLine, LineAmount


#: The related rows every read of a calculation fetches (a fixed number of queries).
def _prefetch(qs):
    return qs.select_related("activity", "activity__document").prefetch_related(
        Prefetch(
            "alternatives",
            queryset=Alternative.objects.order_by("-is_zero", "order", "id").prefetch_related(
                Prefetch(
                    "lines",
                    queryset=CalculationLine.objects.select_related("body")
                    .order_by("direction", "order", "id")
                    .prefetch_related(
                        Prefetch("amounts", queryset=LineAmount.objects.order_by("year"))
                    ),
                )
            ),
        )
    )


def calculation_for_activity(activity) -> BenefitCalculation | None:
    """The activity's benefit calculation with its alternatives, lines and amounts prefetched
    (three queries after the calculation's), or None."""
    return (
        _prefetch(BenefitCalculation.objects.for_org(activity.organisation_id))
        .filter(activity_id=activity.pk)
        .first()
    )


def calculation_get(*, access: Access, ref) -> BenefitCalculation:
    """One calculation of the organisation by uid or id, prefetched; 404 otherwise."""
    return get_object_or_404(_prefetch(BenefitCalculation.objects.for_access(access).by_ref(ref)))


def calculation_get_by_pk(organisation_id: int, pk: int) -> BenefitCalculation:
    """One calculation of the organisation by primary key, prefetched (for `summary`)."""
    return _prefetch(BenefitCalculation.objects.for_org(organisation_id)).get(pk=pk)


def calculation_list(*, access: Access, document=None):
    """The organisation's calculations (of `document`'s activities, if given), prefetched."""
    qs = BenefitCalculation.objects.for_access(access)
    if document is not None:
        qs = qs.filter(activity__document=document)
    return _prefetch(qs).order_by("activity__document", "activity__number", "activity__title")


def calculation_list_of_document(document):
    """The calculations of `document`'s activities in the activities' order, prefetched."""
    return _prefetch(
        BenefitCalculation.objects.for_org(document.organisation_id).filter(
            activity__document=document
        )
    ).order_by("activity__number", "activity__title", "activity__id")


def alternative_get(*, access: Access, ref, calculation: BenefitCalculation) -> Alternative:
    return get_object_or_404(
        Alternative.objects.for_access(access).by_ref(ref).filter(calculation=calculation)
    )


def line_get(*, access: Access, ref, calculation: BenefitCalculation) -> CalculationLine:
    return get_object_or_404(
        CalculationLine.objects.for_access(access)
        .by_ref(ref)
        .filter(alternative__calculation=calculation)
        .select_related("alternative", "body")
        .prefetch_related("amounts")
    )


# ---------------------------------------------------------------------------------------
# Computed results


def horizon_of(calculation: BenefitCalculation) -> calc.Horizon:
    return calc.Horizon(calculation.first_year, calculation.years)


def alternatives_of(calculation: BenefitCalculation) -> list[Alternative]:
    """The alternatives, zero alternative first (from the prefetch)."""
    return sorted(calculation.alternatives.all(), key=lambda a: (not a.is_zero, a.order, a.pk))


def zero_alternative(calculation: BenefitCalculation) -> Alternative | None:
    return next((a for a in calculation.alternatives.all() if a.is_zero), None)


def chosen_alternative(calculation: BenefitCalculation) -> Alternative | None:
    return next((a for a in calculation.alternatives.all() if a.is_chosen), None)


def lines_of(alternative: Alternative) -> list[calc.Line]:
    """The alternative's monetised lines as `calculation.Line`s (from the prefetch)."""
    out = []
    for line in alternative.lines.all():
        if not line.monetised:
            continue
        out.append(
            calc.Line(
                direction=line.direction,
                amounts={a.year: a.amount for a in line.amounts.all()},
                party=line.party_key,
                party_label=line.party_label,
                certainty=line.certainty,
                kind=line.kind,
            )
        )
    return out


@dataclass(frozen=True)
class AlternativeResult:
    alternative: Alternative
    pv_costs: Decimal
    pv_benefits: Decimal
    npv: Decimal
    benefit_cost_ratio: Decimal | None
    #: Compared with the zero alternative (None for the zero alternative itself).
    incremental_npv: Decimal | None
    incremental_payback_year: int | None
    distribution: calc.Distribution


@dataclass(frozen=True)
class CalculationResults:
    calculation: BenefitCalculation
    horizon: calc.Horizon
    rate: Decimal
    alternatives: list[AlternativeResult]
    chosen: AlternativeResult | None
    #: The chosen option compared with the zero alternative, per year and party.
    incremental: calc.Distribution | None
    sensitivity: calc.Sensitivity | None

    @property
    def zero(self) -> AlternativeResult | None:
        return next((r for r in self.alternatives if r.alternative.is_zero), None)


def calculation_results(
    calculation: BenefitCalculation,
    *,
    rate_step: Decimal = Decimal(1),
    uncertain_percent: Decimal = Decimal(20),
) -> CalculationResults:
    """Every computed figure of a prefetched calculation (no queries)."""
    horizon = horizon_of(calculation)
    rate = calculation.discount_rate
    zero = zero_alternative(calculation)
    zero_lines = lines_of(zero) if zero else []
    results = []
    for alt in alternatives_of(calculation):
        lines = lines_of(alt)
        costs, benefits = calc.present_values(lines, horizon, rate)
        incremental = None if alt.is_zero else calc.incremental_lines(lines, zero_lines)
        results.append(
            AlternativeResult(
                alternative=alt,
                pv_costs=costs,
                pv_benefits=benefits,
                npv=benefits - costs,
                benefit_cost_ratio=calc.benefit_cost_ratio(lines, horizon, rate),
                incremental_npv=None
                if incremental is None
                else calc.npv(incremental, horizon, rate),
                incremental_payback_year=None
                if incremental is None
                else calc.payback_year(incremental, horizon, rate),
                distribution=calc.distribution(lines, horizon, rate),
            )
        )
    chosen = next((r for r in results if r.alternative.is_chosen), None)
    incremental_dist = sens = None
    if chosen is not None:
        inc = calc.incremental_lines(lines_of(chosen.alternative), zero_lines)
        incremental_dist = calc.distribution(inc, horizon, rate)
        sens = calc.sensitivity(
            inc, horizon, rate, rate_step=rate_step, uncertain_percent=uncertain_percent
        )
    return CalculationResults(
        calculation=calculation,
        horizon=horizon,
        rate=rate,
        alternatives=results,
        chosen=chosen,
        incremental=incremental_dist,
        sensitivity=sens,
    )


@dataclass(frozen=True)
class PartyShare:
    """A party's share of the chosen alternative's discounted monetised benefits."""

    key: str
    label: str
    body_id: int | None
    share: Decimal


def benefit_party_shares(calculation: BenefitCalculation) -> list[PartyShare]:
    """Each party's share of the chosen alternative's monetised benefits over the horizon,
    discounted at the calculation's rate (summing to exactly 1); empty when no alternative is
    chosen or it has no monetised benefits. Uses the prefetch when there is one."""
    chosen = chosen_alternative(calculation)
    if chosen is None:
        return []
    horizon = horizon_of(calculation)
    pv: dict[str, Decimal] = {}
    labels: dict[str, str] = {}
    bodies: dict[str, int | None] = {}
    for line in chosen.lines.all():
        if not line.monetised or line.direction != calc.BENEFIT:
            continue
        key = line.party_key
        value = calc.present_values(
            [calc.Line(calc.BENEFIT, {a.year: a.amount for a in line.amounts.all()})],
            horizon,
            calculation.discount_rate,
        )[1]
        pv[key] = pv.get(key, calc.ZERO) + value
        labels.setdefault(key, line.party_label)
        bodies.setdefault(key, line.body_id)
    fractions = calc.shares({k: v for k, v in pv.items() if v > 0})
    return [PartyShare(k, labels[k], bodies[k], share) for k, share in fractions.items()]


def benefit_shares(calculation: BenefitCalculation) -> dict[str, Decimal]:
    """Each beneficiary's share (label → fraction, summing to exactly 1 when there are
    monetised benefits) of the chosen alternative's benefits, discounted at the calculation's
    rate (`benefit_party_shares` keyed by label)."""
    out: dict[str, Decimal] = {}
    for party in benefit_party_shares(calculation):
        out[party.label] = out.get(party.label, calc.ZERO) + party.share
    return out


# ---------------------------------------------------------------------------------------
# The threshold rule


def budget_threshold(organisation) -> Decimal | None:
    """The organisation's budget threshold above which a calculation is required, or None."""
    row = BenefitSettings.objects.for_org(organisation).first()
    return row.budget_threshold if row else None


def activities_missing_calculation(*, access: Access, document=None):
    """Activities whose total budget exceeds the organisation's threshold and that have no
    benefit calculation ("Nyttoberäkningar ska finnas för alla större investeringar"), with
    `budget_total`, in one query (the rule is actionplan's `needs_benefit_calculation`)."""
    from malbild.actionplan.models import Activity
    from malbild.actionplan.selectors import needs_benefit_calculation

    qs = Activity.objects.for_access(access)
    if document is not None:
        qs = qs.filter(document=document)
    return (
        qs.annotate(budget_total=Sum("budget_lines__amount"))
        .annotate(needs_benefit_calculation=needs_benefit_calculation())
        .filter(needs_benefit_calculation=True)
        .select_related("responsible_body", "document")
        .order_by("document", "number", "title")
    )
