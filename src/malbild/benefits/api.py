"""API of benefit calculations (nyttoberäkningar): an activity's calculation, its
alternatives and lines with amounts per year, the computed results, the activities that lack
a calculation above the organisation's threshold, and the threshold.

Reads: any role in the organisation. Writes: whoever may edit the activity (strategists and
admins; editors for the activities of their bodies); the threshold: administrators. Objects
are addressed by uid or, as an alias, integer id; answers with one object carry its ETag and
PATCH/DELETE take `If-Match` (docs/adr/0007). Results are computed on every read, never
stored: amounts are exact decimals as strings (each discounted cell to 10 decimals), the same
figures the page rounds to whole kronor (docs/guide/benefits-and-financing.md).
"""

from decimal import Decimal
from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, PatchDict, Path, Router, Schema

from malbild.actionplan.models import Activity
from malbild.api.utils import (
    InputSchema,
    Pagination,
    created,
    deleted,
    if_match,
    org_access,
    paginate,
    representation,
    resolve_relations,
)
from malbild.core.access import Access
from malbild.organisation.models import Body

from . import selectors, services
from .constants import Certainty, Direction, LineKind, PartyKind
from .models import Alternative, BenefitCalculation, CalculationLine

router = Router()
P = "/organisations/{org}"

ActivityRef = Path(..., description="The activity's uid (or its integer id)")
CalculationRef = Path(..., description="The calculation's uid (or its integer id)")
AlternativeRef = Path(..., description="The alternative's uid (or its integer id)")
LineRef = Path(..., description="The line's uid (or its integer id)")


# Schemas ---------------------------------------------------------------------------------------


class AmountSchema(Schema):
    year: int = Field(..., description="A year within the calculation's horizon")
    amount: Decimal = Field(..., description="SEK, not negative")


class LineIn(InputSchema):
    name: str
    direction: str = Field(..., description=" or ".join(Direction.values))
    kind: str = Field(..., description=", ".join(LineKind.values))
    party_kind: str = Field(
        ..., description="Who bears or receives it: " + ", ".join(PartyKind.values)
    )
    body: int | None = Field(None, description="The body's id, when party_kind is body")
    party_name: str = Field(
        "", description="The other organisation's name, when party_kind is other_organisation"
    )
    monetised: bool = True
    description: str = Field("", description="Required when not monetised")
    unit: str = Field("", description="Required when not monetised")
    estimate: Decimal | None = Field(None, description="Required when not monetised")
    certainty: str = Field(Certainty.GREEN, description=", ".join(Certainty.values))
    assumptions: str = ""
    order: int = 0
    amounts: list[AmountSchema] | None = Field(
        None,
        description="Amounts per year (replaces all of them when given); none when not monetised",
    )


@representation(CalculationLine)
class LineOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    alternative: UUID
    name: str
    direction: str
    kind: str
    party_kind: str
    party_label: str
    body: int | None
    party_name: str
    monetised: bool
    description: str
    unit: str
    estimate: Decimal | None
    certainty: str
    assumptions: str
    order: int
    amounts: list[AmountSchema]

    @staticmethod
    def resolve_alternative(obj) -> UUID:
        return obj.alternative.uid

    @staticmethod
    def resolve_body(obj) -> int | None:
        return obj.body_id

    @staticmethod
    def resolve_amounts(obj) -> list[dict]:
        return [{"year": a.year, "amount": a.amount} for a in obj.amounts.all()]


class AlternativeIn(InputSchema):
    name: str
    description: str = ""
    order: int = 0


@representation(Alternative)
class AlternativeOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    name: str
    description: str
    order: int
    is_zero: bool
    is_chosen: bool
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj) -> list:
        return list(obj.lines.all())


class CalculationIn(InputSchema):
    title: str = Field("", description="The investment, if not the whole activity")
    first_year: int | None = Field(None, description="Default: the activity's start year")
    years: int = Field(5, description="1–50")
    discount_rate: Decimal = Field(Decimal("3.5"), description="Per cent a year, 0–50")
    notes: str = ""


@representation(BenefitCalculation)
class CalculationOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    activity: UUID
    title: str
    first_year: int
    years: int
    last_year: int
    discount_rate: Decimal
    notes: str
    alternatives: list[AlternativeOut]

    @staticmethod
    def resolve_activity(obj) -> UUID:
        return obj.activity.uid

    @staticmethod
    def resolve_alternatives(obj) -> list:
        return selectors.alternatives_of(obj)


class AlternativeResultOut(Schema):
    alternative: UUID
    name: str
    is_zero: bool
    is_chosen: bool
    pv_costs: Decimal
    pv_benefits: Decimal
    npv: Decimal
    benefit_cost_ratio: Decimal | None = Field(..., description="None when there are no costs")
    incremental_npv: Decimal | None = Field(..., description="Compared with the zero alternative")
    incremental_payback_year: int | None


class YearOut(Schema):
    year: int
    costs: Decimal
    benefits: Decimal
    net: Decimal
    discounted_net: Decimal
    cumulative: Decimal


class PartyOut(Schema):
    key: str = Field(..., description="body:<uid>, residents, businesses or organisation:<name>")
    label: str
    costs: Decimal
    benefits: Decimal
    pv_costs: Decimal
    pv_benefits: Decimal
    share_of_benefits: Decimal | None


class TotalOut(Schema):
    costs: Decimal
    benefits: Decimal
    pv_costs: Decimal
    pv_benefits: Decimal
    npv: Decimal


class SensitivityRowOut(Schema):
    rate: Decimal
    pessimistic: Decimal
    estimated: Decimal
    optimistic: Decimal


class ResultsOut(Schema):
    calculation: UUID
    first_year: int
    last_year: int
    discount_rate: Decimal
    alternatives: list[AlternativeResultOut]
    chosen: UUID | None
    years: list[YearOut] = Field(
        ..., description="The chosen option compared with the zero alternative"
    )
    incremental_total: TotalOut | None
    parties: list[PartyOut] = Field(
        ..., description="The chosen option's costs and benefits per party"
    )
    parties_total: TotalOut | None
    uncertain_percent: Decimal | None
    sensitivity: list[SensitivityRowOut]


class MissingOut(Schema):
    activity: UUID
    number: str
    title: str
    responsible_body: str
    budget_total: Decimal


class SettingsIn(InputSchema):
    budget_threshold: Decimal | None = Field(..., description="SEK; null: no requirement")


class SettingsOut(Schema):
    budget_threshold: Decimal | None


# Helpers ---------------------------------------------------------------------------------------


def _total(row) -> dict:
    return {
        "costs": row.costs,
        "benefits": row.benefits,
        "pv_costs": row.pv_costs,
        "pv_benefits": row.pv_benefits,
        "npv": row.npv,
    }


def results_data(calculation: BenefitCalculation) -> dict:
    """The computed figures of a prefetched calculation (the API's and the snapshot's shape)."""
    results = selectors.calculation_results(calculation)
    shares = {s.key: s.share for s in selectors.benefit_party_shares(calculation)}
    chosen = results.chosen
    sens = results.sensitivity
    return {
        "calculation": calculation.uid,
        "first_year": calculation.first_year,
        "last_year": calculation.last_year,
        "discount_rate": calculation.discount_rate,
        "alternatives": [
            {
                "alternative": r.alternative.uid,
                "name": r.alternative.name,
                "is_zero": r.alternative.is_zero,
                "is_chosen": r.alternative.is_chosen,
                "pv_costs": r.pv_costs,
                "pv_benefits": r.pv_benefits,
                "npv": r.npv,
                "benefit_cost_ratio": r.benefit_cost_ratio,
                "incremental_npv": r.incremental_npv,
                "incremental_payback_year": r.incremental_payback_year,
            }
            for r in results.alternatives
        ],
        "chosen": chosen.alternative.uid if chosen else None,
        "years": [
            {
                "year": y.year,
                "costs": y.costs,
                "benefits": y.benefits,
                "net": y.net,
                "discounted_net": y.discounted_net,
                "cumulative": y.cumulative,
            }
            for y in (results.incremental.years if results.incremental else [])
        ],
        "incremental_total": _total(results.incremental.total) if results.incremental else None,
        "parties": [
            {
                "key": p.key,
                "label": p.label,
                "costs": p.costs,
                "benefits": p.benefits,
                "pv_costs": p.pv_costs,
                "pv_benefits": p.pv_benefits,
                "share_of_benefits": shares.get(p.key),
            }
            for p in (chosen.distribution.parties if chosen else [])
        ],
        "parties_total": _total(chosen.distribution.total) if chosen else None,
        "uncertain_percent": sens.uncertain_percent if sens else None,
        "sensitivity": [
            {"rate": rate, "pessimistic": v[0], "estimated": v[1], "optimistic": v[2]}
            for rate, v in zip(sens.rates, sens.npv, strict=True)
        ]
        if sens
        else [],
    }


def _activity(access: Access, ref) -> Activity:
    return get_object_or_404(
        Activity.objects.for_access(access).by_ref(ref).select_related("document")
    )


def _calculation(access: Access, ref) -> BenefitCalculation:
    return selectors.calculation_get(access=access, ref=ref)


def _alternative(access: Access, ref) -> Alternative:
    return get_object_or_404(
        Alternative.objects.for_access(access)
        .by_ref(ref)
        .select_related("calculation__activity")
        .prefetch_related("lines__amounts", "lines__alternative")
    )


def _line(access: Access, ref) -> CalculationLine:
    return get_object_or_404(
        CalculationLine.objects.for_access(access)
        .by_ref(ref)
        .select_related("alternative__calculation__activity", "body")
        .prefetch_related("amounts")
    )


def _line_data(access: Access, payload: dict) -> tuple[dict, dict | None]:
    amounts = payload.pop("amounts", None)
    data, _m2m = resolve_relations(
        payload, access=access, one={"body": Body.objects.for_access(access)}
    )
    if amounts is not None:
        amounts = {a["year"]: a["amount"] for a in amounts}
    return data, amounts


# Calculations ----------------------------------------------------------------------------------


@router.get(
    P + "/benefit-calculations",
    response=list[CalculationOut],
    summary="List the organisation's benefit calculations",
)
@paginate(Pagination)
def calculation_list(request, org: str):
    return selectors.calculation_list(access=org_access(request, org))


@router.get(
    P + "/benefit-calculations/missing",
    response=list[MissingOut],
    summary="Activities above the threshold without a benefit calculation",
    description="“Nyttoberäkningar ska finnas för alla större investeringar”: activities whose "
    "total budget exceeds the organisation's threshold and that have no calculation.",
)
def calculation_missing(request, org: str):
    access = org_access(request, org)
    return [
        {
            "activity": a.uid,
            "number": a.number,
            "title": a.title,
            "responsible_body": a.responsible_body.name,
            "budget_total": a.budget_total,
        }
        for a in selectors.activities_missing_calculation(access=access)
    ]


@router.get(
    P + "/activities/{activity_id}/benefit-calculation",
    response=CalculationOut,
    summary="Get an activity's benefit calculation (404 when it has none)",
)
def activity_calculation_get(request, org: str, activity_id: str = ActivityRef):
    activity = _activity(org_access(request, org), activity_id)
    calculation = selectors.calculation_for_activity(activity)
    if calculation is None:
        raise Http404
    return calculation


@router.post(
    P + "/activities/{activity_id}/benefit-calculation",
    response={201: CalculationOut},
    summary="Create an activity's benefit calculation",
    description="Creates the zero alternative and a first option (the chosen one) with it.",
)
def calculation_create(request, org: str, payload: CalculationIn, activity_id: str = ActivityRef):
    access = org_access(request, org)
    activity = _activity(access, activity_id)
    services.calculation_create(access=access, activity=activity, data=payload.dict())
    return created(selectors.calculation_for_activity(activity))


@router.get(
    P + "/benefit-calculations/{calculation_id}",
    response=CalculationOut,
    summary="Get a benefit calculation with its alternatives, lines and amounts",
)
def calculation_get(request, org: str, calculation_id: str = CalculationRef):
    return _calculation(org_access(request, org), calculation_id)


@router.patch(
    P + "/benefit-calculations/{calculation_id}",
    response=CalculationOut,
    summary="Change a benefit calculation's horizon, rate, title or notes",
    description="A horizon that leaves amounts outside it is a 422 naming the years.",
)
def calculation_update(
    request, org: str, payload: PatchDict[CalculationIn], calculation_id: str = CalculationRef
):
    access = org_access(request, org)
    calculation = _calculation(access, calculation_id)
    with if_match(request, calculation):
        services.calculation_update(access=access, calculation=calculation, data=dict(payload))
    return _calculation(access, calculation.pk)


@router.delete(
    P + "/benefit-calculations/{calculation_id}",
    response={204: None},
    summary="Delete a benefit calculation",
)
def calculation_delete(request, org: str, calculation_id: str = CalculationRef):
    access = org_access(request, org)
    calculation = _calculation(access, calculation_id)
    with if_match(request, calculation):
        return deleted(services.calculation_delete, access=access, calculation=calculation)


@router.get(
    P + "/benefit-calculations/{calculation_id}/results",
    response=ResultsOut,
    summary="The computed results: NPV, payback, B/C, distribution, sensitivity",
)
def calculation_results(request, org: str, calculation_id: str = CalculationRef):
    return results_data(_calculation(org_access(request, org), calculation_id))


# Alternatives ----------------------------------------------------------------------------------


@router.post(
    P + "/benefit-calculations/{calculation_id}/alternatives",
    response={201: AlternativeOut},
    summary="Add an option to a benefit calculation",
)
def alternative_create(
    request, org: str, payload: AlternativeIn, calculation_id: str = CalculationRef
):
    access = org_access(request, org)
    calculation = _calculation(access, calculation_id)
    alternative = services.alternative_create(
        access=access, calculation=calculation, data=payload.dict()
    )
    return created(_alternative(access, alternative.pk))


@router.patch(
    P + "/benefit-alternatives/{alternative_id}",
    response=AlternativeOut,
    summary="Change an alternative's name, description or order",
)
def alternative_update(
    request, org: str, payload: PatchDict[AlternativeIn], alternative_id: str = AlternativeRef
):
    access = org_access(request, org)
    alternative = _alternative(access, alternative_id)
    with if_match(request, alternative):
        services.alternative_update(access=access, alternative=alternative, data=dict(payload))
    return _alternative(access, alternative.pk)


@router.post(
    P + "/benefit-alternatives/{alternative_id}/choose",
    response=AlternativeOut,
    summary="Make an option the chosen alternative (the zero alternative: 422)",
)
def alternative_choose(request, org: str, alternative_id: str = AlternativeRef):
    access = org_access(request, org)
    alternative = _alternative(access, alternative_id)
    services.alternative_choose(access=access, alternative=alternative)
    return _alternative(access, alternative.pk)


@router.delete(
    P + "/benefit-alternatives/{alternative_id}",
    response={204: None},
    summary="Delete an option (the zero alternative: 422)",
)
def alternative_delete(request, org: str, alternative_id: str = AlternativeRef):
    access = org_access(request, org)
    alternative = _alternative(access, alternative_id)
    with if_match(request, alternative):
        return deleted(services.alternative_delete, access=access, alternative=alternative)


# Lines -----------------------------------------------------------------------------------------


@router.post(
    P + "/benefit-alternatives/{alternative_id}/lines",
    response={201: LineOut},
    summary="Add a cost or benefit line with its amounts per year",
)
def line_create(request, org: str, payload: LineIn, alternative_id: str = AlternativeRef):
    access = org_access(request, org)
    alternative = _alternative(access, alternative_id)
    data, amounts = _line_data(access, payload.dict())
    line = services.line_create(access=access, alternative=alternative, data=data, amounts=amounts)
    return created(_line(access, line.pk))


@router.get(P + "/benefit-lines/{line_id}", response=LineOut, summary="Get a line")
def line_get(request, org: str, line_id: str = LineRef):
    return _line(org_access(request, org), line_id)


@router.patch(
    P + "/benefit-lines/{line_id}",
    response=LineOut,
    summary="Change a line; `amounts`, when given, replaces its amounts per year",
)
def line_update(request, org: str, payload: PatchDict[LineIn], line_id: str = LineRef):
    access = org_access(request, org)
    line = _line(access, line_id)
    data, amounts = _line_data(access, dict(payload))
    with if_match(request, line):
        services.line_update(access=access, line=line, data=data, amounts=amounts)
    return _line(access, line.pk)


@router.delete(P + "/benefit-lines/{line_id}", response={204: None}, summary="Delete a line")
def line_delete(request, org: str, line_id: str = LineRef):
    access = org_access(request, org)
    line = _line(access, line_id)
    with if_match(request, line):
        return deleted(services.line_delete, access=access, line=line)


# Threshold -------------------------------------------------------------------------------------


@router.get(
    P + "/benefit-settings", response=SettingsOut, summary="The benefit calculation threshold"
)
def settings_get(request, org: str):
    access = org_access(request, org)
    return {"budget_threshold": selectors.budget_threshold(access.organisation)}


@router.put(
    P + "/benefit-settings",
    response=SettingsOut,
    summary="Set the budget threshold above which activities need a calculation (admin)",
)
def settings_put(request, org: str, payload: SettingsIn):
    access = org_access(request, org)
    row = services.settings_update(access=access, budget_threshold=payload.budget_threshold)
    return {"budget_threshold": row.budget_threshold}
