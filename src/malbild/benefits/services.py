"""Writes to benefit calculations: the calculation of an activity, its alternatives, their
lines and the lines' amounts per year, and the organisation's threshold setting.

Who may write: whoever may edit the activity (its budget): strategists and admins on every
activity, editors on those their bodies are responsible for (`activity_check_edit`). The
threshold is an administrator's setting. Another organisation's row answers 404. Every write
is one transaction with its audit entries; a refused write changes nothing.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from malbild.actionplan.services import activity_check_edit
from malbild.core.access import Access
from malbild.core.audit import audit_record, json_value
from malbild.core.services import model_create, model_delete, model_update

from .constants import PartyKind
from .models import Alternative, BenefitCalculation, BenefitSettings, CalculationLine, LineAmount

CALCULATION_EDITABLE = ("title", "first_year", "years", "discount_rate", "notes")
ALTERNATIVE_EDITABLE = ("name", "description", "order")
LINE_EDITABLE = (
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
    "order",
)


def calculation_check_edit(*, access: Access, calculation: BenefitCalculation) -> None:
    """PermissionDenied unless the user may edit the calculation's activity."""
    access.require_same_org(calculation)
    activity_check_edit(access=access, activity=calculation.activity)


@transaction.atomic
def calculation_create(
    *, access: Access, activity, data: dict[str, Any], option_name: str = ""
) -> BenefitCalculation:
    """Create the activity's benefit calculation with its zero alternative and a first option
    (the chosen one). `first_year` defaults to the activity's start year or its plan's first."""
    access.require_same_org(activity)
    activity_check_edit(access=access, activity=activity)
    if BenefitCalculation.objects.for_access(access).filter(activity=activity).exists():
        raise ValidationError({"activity": _("The activity already has a benefit calculation.")})
    clean = {k: v for k, v in data.items() if k in CALCULATION_EDITABLE and v is not None}
    clean.setdefault("first_year", activity.start_year or activity.document.period_start)
    if clean["first_year"] is None:
        raise ValidationError({"first_year": _("Enter the first year of the horizon.")})
    calculation = model_create(
        model=BenefitCalculation,
        actor=access.user,
        data={**clean, "activity": activity, "organisation": activity.organisation},
    )
    for values in (
        {
            "is_zero": True,
            "name": _("Zero alternative"),
            "order": 0,
            "description": _("Nothing is done: the current way of working continues."),
        },
        {"is_chosen": True, "name": option_name or _("Option 1"), "order": 1},
    ):
        model_create(
            model=Alternative,
            actor=access.user,
            data={**values, "calculation": calculation, "organisation": activity.organisation},
        )
    return calculation


def _amount_years(calculation: BenefitCalculation) -> set[int]:
    return set(
        LineAmount.objects.for_org(calculation.organisation_id)
        .filter(line__alternative__calculation=calculation)
        .exclude(amount=0)
        .values_list("year", flat=True)
    )


@transaction.atomic
def calculation_update(
    *, access: Access, calculation: BenefitCalculation, data: dict[str, Any]
) -> BenefitCalculation:
    """Change the horizon, rate, title or notes. A horizon that would leave amounts outside
    it is refused (naming the years), so no amount is silently dropped."""
    calculation_check_edit(access=access, calculation=calculation)
    first = data.get("first_year", calculation.first_year)
    years = data.get("years", calculation.years)
    if first is not None and years:
        outside = sorted(y for y in _amount_years(calculation) if not first <= y < first + years)
        if outside:
            raise ValidationError(
                {
                    "years" if "years" in data else "first_year": _(
                        "Lines have amounts in %(years)s, outside the new horizon. Remove those "
                        "amounts first, or choose a horizon that includes them."
                    )
                    % {"years": ", ".join(str(y) for y in outside)}
                }
            )
    return model_update(
        instance=calculation, actor=access.user, data=data, fields=CALCULATION_EDITABLE
    )


def calculation_delete(*, access: Access, calculation: BenefitCalculation) -> None:
    calculation_check_edit(access=access, calculation=calculation)
    model_delete(instance=calculation, actor=access.user)


@transaction.atomic
def alternative_create(
    *, access: Access, calculation: BenefitCalculation, data: dict[str, Any], chosen: bool = False
) -> Alternative:
    """Add an option (the zero alternative exists already); `chosen` makes it the chosen one."""
    calculation_check_edit(access=access, calculation=calculation)
    clean = {k: v for k, v in data.items() if k in ALTERNATIVE_EDITABLE}
    alternative = model_create(
        model=Alternative,
        actor=access.user,
        data={**clean, "calculation": calculation, "organisation": calculation.organisation},
    )
    if chosen:
        alternative = alternative_choose(access=access, alternative=alternative)
    return alternative


@transaction.atomic
def alternative_update(
    *, access: Access, alternative: Alternative, data: dict[str, Any]
) -> Alternative:
    calculation_check_edit(access=access, calculation=alternative.calculation)
    return model_update(
        instance=alternative, actor=access.user, data=data, fields=ALTERNATIVE_EDITABLE
    )


@transaction.atomic
def alternative_choose(*, access: Access, alternative: Alternative) -> Alternative:
    """Make `alternative` (an option, never the zero alternative) the chosen one."""
    calculation_check_edit(access=access, calculation=alternative.calculation)
    if alternative.is_zero:
        raise ValidationError(
            {"is_chosen": _("The zero alternative cannot be the chosen alternative.")}
        )
    others = (
        Alternative.objects.for_org(alternative.organisation_id)
        .filter(calculation_id=alternative.calculation_id, is_chosen=True)
        .exclude(pk=alternative.pk)
        .select_for_update()
    )
    for other in others:
        model_update(
            instance=other, actor=access.user, data={"is_chosen": False}, fields=("is_chosen",)
        )
    if alternative.is_chosen:
        return alternative
    return model_update(
        instance=alternative, actor=access.user, data={"is_chosen": True}, fields=("is_chosen",)
    )


def alternative_delete(*, access: Access, alternative: Alternative) -> None:
    """Delete an option with its lines; the zero alternative stays."""
    calculation_check_edit(access=access, calculation=alternative.calculation)
    if alternative.is_zero:
        raise ValidationError({"alternative": _("The zero alternative cannot be deleted.")})
    model_delete(instance=alternative, actor=access.user)


def _check_line(
    access: Access,
    calculation: BenefitCalculation,
    values: dict[str, Any],
    amounts: dict[int, Decimal] | None,
) -> None:
    body = values.get("body")
    if body is not None:
        access.require_same_org(body)
    if values.get("party_kind") != PartyKind.BODY:
        values["body"] = None
    if values.get("party_kind") != PartyKind.ORGANISATION:
        values["party_name"] = ""
    if amounts is None:
        return
    errors: list[str] = []
    for year, amount in sorted(amounts.items()):
        if year not in calculation.horizon:
            errors.append(
                _("%(year)s lies outside the horizon %(first)s–%(last)s.")
                % {"year": year, "first": calculation.first_year, "last": calculation.last_year}
            )
        elif amount is not None and amount < 0:
            errors.append(_("The amount for %(year)s cannot be negative.") % {"year": year})
    if not values.get("monetised", True) and any(a for a in amounts.values()):
        errors.append(_("A line that is not monetised has no amounts in SEK."))
    if errors:
        raise ValidationError({"amounts": errors})


def _set_amounts(
    access: Access, line: CalculationLine, amounts: dict[int, Decimal], *, audit: bool
) -> None:
    """Replace the line's amounts per year (zero or empty years are not stored)."""
    current = LineAmount.objects.for_org(line.organisation_id).filter(line=line)
    before = {str(a.year): json_value(a.amount) for a in current}
    wanted = {y: a for y, a in amounts.items() if a}
    after = {str(y): json_value(Decimal(a)) for y, a in sorted(wanted.items())}
    if before == after:
        return
    for row in current:
        row.delete()
    for year, amount in sorted(wanted.items()):
        row = LineAmount(line=line, organisation=line.organisation, year=year, amount=amount)
        row.full_clean()
        row.save()
    if audit:
        audit_record(
            actor=access.user, instance=line, action="update", changes={"amounts": [before, after]}
        )


@transaction.atomic
def line_create(
    *,
    access: Access,
    alternative: Alternative,
    data: dict[str, Any],
    amounts: dict[int, Decimal] | None = None,
) -> CalculationLine:
    """Add a cost or benefit line to an alternative, with its amounts per year (years within
    the horizon, amounts ≥ 0; none for a line that is not monetised)."""
    calculation = alternative.calculation
    calculation_check_edit(access=access, calculation=calculation)
    values = {k: v for k, v in data.items() if k in LINE_EDITABLE}
    _check_line(access, calculation, values, amounts)
    line = model_create(
        model=CalculationLine,
        actor=access.user,
        data={**values, "alternative": alternative, "organisation": alternative.organisation},
    )
    _set_amounts(access, line, amounts or {}, audit=False)
    return line


@transaction.atomic
def line_update(
    *,
    access: Access,
    line: CalculationLine,
    data: dict[str, Any],
    amounts: dict[int, Decimal] | None = None,
) -> CalculationLine:
    """Change a line; `amounts` (if given) replaces its amounts per year."""
    calculation = line.alternative.calculation
    calculation_check_edit(access=access, calculation=calculation)
    values = {f: getattr(line, f) for f in LINE_EDITABLE}
    values.update({k: v for k, v in data.items() if k in LINE_EDITABLE})
    check_amounts = amounts
    if check_amounts is None and not values.get("monetised", True):
        check_amounts = {a.year: a.amount for a in line.amounts.all()}
    _check_line(access, calculation, values, check_amounts)
    changed = {k: values[k] for k in LINE_EDITABLE if k in data or k in ("body", "party_name")}
    line = model_update(instance=line, actor=access.user, data=changed, fields=LINE_EDITABLE)
    if amounts is not None:
        _set_amounts(access, line, amounts, audit=True)
    return line


def line_delete(*, access: Access, line: CalculationLine) -> None:
    calculation_check_edit(access=access, calculation=line.alternative.calculation)
    model_delete(instance=line, actor=access.user)


@transaction.atomic
def settings_update(*, access: Access, budget_threshold: Decimal | None) -> BenefitSettings:
    """Set the organisation's budget threshold above which activities need a calculation."""
    if not access.is_admin:
        raise PermissionDenied(_("Only administrators set the benefit calculation threshold."))
    if budget_threshold is not None and budget_threshold < 0:
        raise ValidationError({"budget_threshold": _("The threshold cannot be negative.")})
    row = BenefitSettings.objects.for_access(access).select_for_update().first()
    if row is None:
        return model_create(
            model=BenefitSettings,
            actor=access.user,
            data={"organisation": access.organisation, "budget_threshold": budget_threshold},
        )
    return model_update(
        instance=row,
        actor=access.user,
        data={"budget_threshold": budget_threshold},
        fields=("budget_threshold",),
    )
