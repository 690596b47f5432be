"""Benefit realisation (nyttohemtagning) in follow-up: what a period asks for and what its data,
dashboard and report show of the benefits planned in the activities' benefit calculations
(malbild.benefits) against those realised (docs/adr/0022-benefit-realisation.md).

- `asks_for_benefits(period)`: only yearly periods ask, since a calculation plans per year.
- `benefit_lines(activities)`: the benefit lines of each activity's chosen alternative, with
  their amounts per year (two queries for any number of activities).
- `collect_benefits(period, activities, homes)`: the compact part of the period's raw facts
  (and of its snapshot): per activity with a calculation, per benefit line the planned amounts
  per year (undiscounted SEK), the realised values reported per year up to the period, and
  what was reported in this period (three queries).
- `benefit_overview(data)`: pure; per activity and in total, planned and realised per year and
  cumulatively. Totals are sums of the rows, so they always equal the sum of their parts.
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Q, Value

from malbild.benefits.constants import Direction
from malbild.benefits.models import CalculationLine, LineAmount

from .constants import ContributionState, PeriodKind
from .models import RealisedBenefit

REPORTED = (ContributionState.SUBMITTED, ContributionState.APPROVED)


def _num(value) -> str | None:
    if value is None:
        return None
    return format(Decimal(str(value)).normalize(), "f")


def _dec(value) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def asks_for_benefits(period) -> bool:
    """Whether the period asks for realised benefits: yearly periods only (a benefit
    calculation plans per year; a tertial would report part of a year's figure)."""
    return period.kind == PeriodKind.YEARLY


def benefit_horizon_covers(year: int) -> Q:
    """Activities whose benefit calculation's years (first year, and the number of years)
    include `year`: a yearly period follows them up for their benefits, also after their
    own end year."""
    return Q(
        benefit_calculation__first_year__lte=year,
        benefit_calculation__first_year__gt=Value(year) - F("benefit_calculation__years"),
    )


def in_benefit_horizon(activity, year: int) -> bool:
    """`benefit_horizon_covers` for one activity whose `benefit_calculation` is loaded
    (`select_related`; no query)."""
    try:
        calculation = activity.benefit_calculation
    except ObjectDoesNotExist:
        return False
    return calculation.first_year <= year < calculation.first_year + calculation.years


def benefit_lines(activity_ids) -> dict[int, list[CalculationLine]]:
    """Activity id → the benefit lines of its calculation's chosen alternative (in the
    calculation's order), each with `planned`: year → amount (SEK). Two queries."""
    lines = list(
        CalculationLine.objects.filter(
            alternative__calculation__activity_id__in=list(activity_ids),
            alternative__is_chosen=True,
            direction=Direction.BENEFIT,
        )
        .select_related("alternative__calculation__activity", "body")
        .order_by("alternative__calculation__activity_id", "order", "id")
    )
    planned: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for amount in LineAmount.objects.filter(line__in=[line.pk for line in lines]).order_by(
        "line_id", "year"
    ):
        planned[amount.line_id][amount.year] = amount.amount
    by_activity: dict[int, list[CalculationLine]] = defaultdict(list)
    for line in lines:
        line.planned = planned.get(line.pk, {})
        by_activity[line.alternative.calculation.activity_id].append(line)
    return by_activity


def line_label(line: CalculationLine) -> str:
    """The benefit line as the reporter reads it: its name and who receives it."""
    return f"{line.name} ({line.party_label})"


def collect_benefits(period, activities: list, homes: dict[int, int]) -> list[dict]:
    """The benefit part of `period`'s raw facts: per activity of the period with a benefit
    calculation (its chosen alternative with benefit lines), the lines with their planned
    amounts per year, the values realised per year (submitted or approved, in yearly periods
    up to this one; one per line and year) and this period's reported value, description and
    method (`homes`: activity id → the period of the span it is reported in). Three queries."""
    by_activity = benefit_lines(a.pk for a in activities)
    line_ids = [line.pk for lines in by_activity.values() for line in lines]
    realised: dict[int, dict[int, dict]] = defaultdict(dict)
    now: dict[int, dict] = {}
    rows = (
        RealisedBenefit.objects.filter(
            line_id__in=line_ids,
            report__period__organisation_id=period.organisation_id,
            report__period__kind=PeriodKind.YEARLY,
            report__period__end__lte=period.end,
            report__state__in=list(REPORTED),
        )
        .values(
            "line_id",
            "value",
            "description",
            "method",
            "report__period_id",
            "report__period__end",
            "report__activity_id",
        )
        .order_by("report__period__end", "report__period_id", "id")
    )
    for row in rows:
        # Ordered by period: a later period of the same year (rare) replaces an earlier one.
        realised[row["line_id"]][row["report__period__end"].year] = row
        if row["report__period_id"] == homes.get(row["report__activity_id"]):
            now[row["line_id"]] = row
    items = []
    for act in activities:
        lines = by_activity.get(act.pk)
        if not lines:
            continue
        calculation = lines[0].alternative.calculation
        items.append(
            {
                "activity_id": act.pk,
                "activity_uid": str(act.uid),
                "activity": f"{act.number} {act.title}".strip(),
                "responsible_body": act.responsible_body.name if act.responsible_body_id else "",
                "responsible_body_id": act.responsible_body_id,
                "document_id": act.document_id,
                "calculation": str(calculation),
                "alternative": lines[0].alternative.name,
                "first_year": calculation.first_year,
                "last_year": calculation.last_year,
                "lines": [_line_item(line, realised, now) for line in lines],
            }
        )
    return items


def _line_item(line, realised: dict, now: dict) -> dict:
    mine = now.get(line.pk)
    return {
        "id": line.pk,
        "uid": str(line.uid),
        "name": line.name,
        "party": line.party_label,
        "monetised": line.monetised,
        "unit": line.unit,
        "estimate": _num(line.estimate),
        "certainty": line.certainty,
        "planned": [[y, _num(a)] for y, a in sorted(line.planned.items())],
        "realised": [
            [y, _num(r["value"]), r["description"]] for y, r in sorted(realised[line.pk].items())
        ],
        "value": _num(mine["value"]) if mine else None,
        "description": mine["description"] if mine else "",
        "method": mine["method"] if mine else "",
    }


def _years_table(planned: dict[int, Decimal], realised: dict[int, Decimal], years, upto: int):
    """Rows per year: planned and realised, and both cumulatively; realised only up to the
    period's year (later years are not yet reported)."""
    rows = []
    cum_planned = cum_realised = Decimal(0)
    for y in years:
        p = planned.get(y, Decimal(0))
        cum_planned += p
        r = realised.get(y, Decimal(0)) if y <= upto else None
        if r is not None:
            cum_realised += r
        rows.append(
            {
                "year": y,
                "planned": _num(p),
                "realised": _num(r),
                "planned_cumulative": _num(cum_planned),
                "realised_cumulative": _num(cum_realised) if y <= upto else None,
            }
        )
    return rows


def _summary(rows: list[dict], upto: int) -> dict:
    """Totals of the year rows (sums of the rows, never computed apart)."""
    planned_total = sum((_dec(r["planned"]) for r in rows), Decimal(0))
    to_date = [r for r in rows if r["year"] <= upto]
    planned_to_date = sum((_dec(r["planned"]) for r in to_date), Decimal(0))
    realised_to_date = sum((_dec(r["realised"]) for r in to_date), Decimal(0))
    return {
        "planned": _num(planned_total),
        "planned_to_date": _num(planned_to_date),
        "realised_to_date": _num(realised_to_date),
        "percent": (
            _num((realised_to_date * 100 / planned_to_date).quantize(Decimal(1)))
            if planned_to_date
            else None
        ),
    }


def benefit_overview(data: dict) -> dict:
    """Planned against realised benefit (pure): per activity with a calculation, and in total,
    per year of the calculations' horizons (and every year with a value) the planned amount
    (the chosen alternative's monetised benefit lines, undiscounted SEK), the realised value
    (reported up to the period's year) and both cumulatively; the lines that are described
    rather than monetised with what was reported for them. The total's rows are the sums of
    the activities' rows, and each summary the sum of its rows."""
    upto = data["period"]["year"]
    activities = []
    total_planned: dict[int, Decimal] = defaultdict(Decimal)
    total_realised: dict[int, Decimal] = defaultdict(Decimal)
    all_years: set[int] = set()
    for item in data.get("benefits") or []:
        planned: dict[int, Decimal] = defaultdict(Decimal)
        realised: dict[int, Decimal] = defaultdict(Decimal)
        described = []
        for line in item["lines"]:
            if line["monetised"]:
                for y, amount in line["planned"]:
                    planned[y] += _dec(amount)
                for y, value, _text in line["realised"]:
                    if value is not None and y <= upto:
                        realised[y] += _dec(value)
            else:
                described.append(
                    {
                        "name": line["name"],
                        "party": line["party"],
                        "unit": line["unit"],
                        "estimate": line["estimate"],
                        "description": line["description"],
                        "method": line["method"],
                        "realised": [[y, text] for y, _v, text in line["realised"] if y <= upto],
                    }
                )
        years = sorted(
            set(range(item["first_year"], item["last_year"] + 1)) | set(planned) | set(realised)
        )
        all_years.update(years)
        for y in years:
            total_planned[y] += planned.get(y, Decimal(0))
            total_realised[y] += realised.get(y, Decimal(0))
        rows = _years_table(planned, realised, years, upto)
        activities.append(
            {
                "activity_id": item["activity_id"],
                "activity_uid": item["activity_uid"],
                "activity": item["activity"],
                "responsible_body": item["responsible_body"],
                "calculation": item["calculation"],
                "alternative": item["alternative"],
                "years": rows,
                "described": described,
                "monetised_lines": sum(1 for line in item["lines"] if line["monetised"]),
                **_summary(rows, upto),
            }
        )
    rows = _years_table(total_planned, total_realised, sorted(all_years), upto)
    return {"year": upto, "activities": activities, "years": rows, **_summary(rows, upto)}
