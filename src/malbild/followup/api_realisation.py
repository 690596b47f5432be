"""API of benefit realisation in follow-up (docs/adr/0022-benefit-realisation.md): the
realised benefits asked of each activity with a benefit calculation in a period (a paginated
list like the other contribution lists), and planned against realised benefit per year, per
activity and in total. They are written with the activity report
(`PUT …/periods/{pk}/activities/{activity_id}`, field `benefits`)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from malbild.api.utils import InputSchema, Pagination, org_access, paginate

from . import selectors
from .report import benefit_sentence

router = Router()

P = "/organisations/{org}/followup/periods"


class RealisedBenefitIn(InputSchema):
    line: int = Field(..., description="Id of the benefit line of the activity's calculation")
    value: Decimal | None = Field(
        None, description="Realised value in the period's year (SEK; monetised lines only)"
    )
    description: str = Field("", description="The realised benefit in words (lines not monetised)")
    method: str = Field("", description="How the benefit was measured")


def benefits_input(items: list[RealisedBenefitIn]) -> dict[int, dict]:
    """The API's list of realised benefits as the service takes them (line id → fields); a
    line given twice is refused (422 on `benefits`)."""
    result: dict[int, dict] = {}
    for item in items:
        if item.line in result:
            raise ValidationError(
                {"benefits": _("The benefit line %(line)s is given twice.") % {"line": item.line}}
            )
        result[item.line] = {
            "value": item.value,
            "description": item.description,
            "method": item.method,
        }
    return result


class RealisedPointOut(Schema):
    year: int
    value: str | None = Field(..., description="Realised value (SEK) as a decimal string")
    description: str


class BenefitLineOut(Schema):
    id: int
    uid: str
    name: str
    party: str = Field(..., description="Who receives the benefit")
    monetised: bool
    unit: str = Field(..., description="Unit of a line that is not monetised")
    estimate: str | None = Field(..., description="Estimate of a line that is not monetised")
    certainty: str = Field(..., description="green, yellow or red")
    planned: list[list[int | str | None]] = Field(
        ..., description="[year, planned amount (SEK) as a decimal string] per year"
    )
    realised: list[RealisedPointOut] = Field(
        ..., description="Realised per year (submitted or approved, yearly periods up to this)"
    )
    value: str | None = Field(..., description="Reported in this period (SEK)")
    description: str = Field(..., description="Reported in this period (in words)")
    method: str = Field(..., description="How it was measured, reported in this period")

    @staticmethod
    def resolve_realised(obj) -> list[dict]:
        return [{"year": y, "value": v, "description": t} for y, v, t in obj["realised"]]


class ActivityBenefitsOut(Schema):
    activity_id: int
    activity_uid: str
    activity: str = Field(..., description="Number and title of the activity")
    responsible_body: str
    responsible_body_id: int | None
    calculation: str = Field(..., description="The benefit calculation (or its investment)")
    alternative: str = Field(..., description="The chosen alternative")
    first_year: int
    last_year: int
    state: str = Field(
        ..., description="State of the activity report the benefits belong to (missing, draft, …)"
    )
    lines: list[BenefitLineOut]


class BenefitYearOut(Schema):
    year: int
    planned: str | None = Field(..., description="Planned benefit (SEK, undiscounted)")
    realised: str | None = Field(..., description="Realised (SEK); null after the period's year")
    planned_cumulative: str | None
    realised_cumulative: str | None


class DescribedBenefitOut(Schema):
    name: str
    party: str
    unit: str
    estimate: str | None
    description: str = Field(..., description="Reported in this period")
    method: str
    realised: list[list[int | str]] = Field(..., description="[year, description] per year")


class _BenefitTotalsOut(Schema):
    planned: str | None = Field(..., description="Planned over the whole horizon (SEK)")
    planned_to_date: str | None = Field(..., description="Planned up to the period's year")
    realised_to_date: str | None = Field(..., description="Realised up to the period's year")
    percent: str | None = Field(..., description="Realised as a share of planned to date (%)")


class ActivityBenefitOverviewOut(_BenefitTotalsOut):
    activity_id: int
    activity_uid: str
    activity: str
    responsible_body: str
    calculation: str
    alternative: str
    monetised_lines: int
    years: list[BenefitYearOut]
    described: list[DescribedBenefitOut]


class BenefitOverviewOut(_BenefitTotalsOut):
    year: int = Field(..., description="The period's year")
    sentence: str = Field(..., description="The totals in words")
    years: list[BenefitYearOut] = Field(..., description="All activities: the sums per year")
    activities: list[ActivityBenefitOverviewOut]


def _period_data(request, org: str, pk: int) -> dict:
    access = org_access(request, org)
    return selectors.period_data(period=selectors.period_get(access=access, pk=pk))


@router.get(
    P + "/{pk}/contributions/benefits",
    response=list[ActivityBenefitsOut],
    summary="Realised benefits per activity, a page at a time",
)
@paginate(Pagination)
def contribution_benefit_list(request, org: str, pk: int):
    """Per activity of the period with a benefit calculation: its benefit lines with the
    planned amounts, what was realised per year and what is reported in this period, and the
    state of the activity report they belong to. Paginated (`limit`, `offset`, `count`)."""
    data = _period_data(request, org, pk)
    states = {a["id"]: a["state"] for a in data["activities"]}
    return [
        {**b, "state": states.get(b["activity_id"], "missing")} for b in data.get("benefits") or []
    ]


@router.get(
    P + "/{pk}/benefits",
    response=BenefitOverviewOut,
    summary="Planned against realised benefit",
)
def benefit_overview(request, org: str, pk: int):
    """Planned (the chosen alternatives' monetised benefit lines, SEK, undiscounted) against
    realised benefit per year and cumulatively, per activity and in total; the totals are the
    sums of their parts."""
    overview = _period_data(request, org, pk)["benefit_overview"]
    return {**overview, "sentence": benefit_sentence(overview)}
