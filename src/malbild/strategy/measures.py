"""What a number may be for an indicator's kind of measure (`MeasureType`): a count is a whole
number and not negative; a share is a percentage from 0 to 100; usage, quality and
satisfaction are not negative (and at most 100 when measured in per cent). Costs and other
measures may be anything. Used for targets (strategy) and reported values (follow-up), in the
services and, for the message beside the field, in the forms."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import MeasureType

NOT_NEGATIVE = {
    MeasureType.COUNT,
    MeasureType.SHARE,
    MeasureType.USAGE,
    MeasureType.QUALITY,
    MeasureType.SATISFACTION,
}
PERCENT_UNITS = {"%", "procent", "percent"}


def measure_value_errors(*, measure_type: str, unit: str, value) -> list[str]:
    """The reasons `value` cannot be a value of this measure (empty when it can)."""
    if value is None or value == "":
        return []
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return []  # not a number at all: the field's own validation says so
    errors = []
    percent = measure_type == MeasureType.SHARE or (
        measure_type in NOT_NEGATIVE and (unit or "").strip().lower() in PERCENT_UNITS
    )
    if measure_type == MeasureType.COUNT:
        if number < 0:
            errors.append(_("A count cannot be negative."))
        if number != number.to_integral_value():
            errors.append(_("A count is a whole number: enter it without decimals."))
    elif percent:
        if not Decimal(0) <= number <= Decimal(100):
            errors.append(_("A share is a percentage: enter a value from 0 to 100."))
    elif measure_type in NOT_NEGATIVE and number < 0:
        errors.append(_("This measure cannot be negative."))
    return errors


def check_measure_value(*, indicator, value, field: str = "value") -> None:
    """ValidationError on `field` when `value` does not fit `indicator`'s measure."""
    errors = measure_value_errors(
        measure_type=indicator.measure_type, unit=indicator.unit, value=value
    )
    if errors:
        raise ValidationError({field: errors})
