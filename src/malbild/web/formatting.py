"""Numbers, money and percentages as text: the one place that formats them.

Built on `django.utils.formats.number_format` with `use_l10n=True`, so the active language
decides the separators: Swedish (the default) gives a non-breaking space between thousands
and a decimal comma, `1 750 000 kr`, `99,5`. Values are handled as `Decimal` throughout
(never float), rounded half-even like Python's own formatting; Django would truncate.

Used by the template filters (`sek`, `number`, `percent`), the views, the annual report and
the exports. It imports no app (it is plumbing in `malbild.web`, just above core).
"""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.utils import formats

NBSP = "\u00a0"
DASH = "–"


def to_decimal(value) -> Decimal | None:
    """`value` as a Decimal (ints, strings and Decimals exactly; floats through their text),
    or None for None, "" and text that is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def number(
    value,
    *,
    decimals: int | None = None,
    max_decimals: int | None = None,
    grouping: bool = True,
    empty: str = "",
) -> str:
    """A number in the active language's format.

    `decimals` fixes the number of decimals (rounded); otherwise the value keeps its own
    decimals without trailing zeros (`99.50` → `99,5`), at most `max_decimals` when given.
    `empty` is returned for no value; text that is not a number is returned as it is."""
    dec = to_decimal(value)
    if dec is None:
        return empty if value is None or value == "" else str(value)
    if not dec.is_finite():
        return str(value)
    if decimals is None:
        dec = dec.normalize()
        decimals = max(-dec.as_tuple().exponent, 0)
        if max_decimals is not None:
            decimals = min(decimals, max_decimals)
    dec = dec.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    if dec == 0:
        dec = abs(dec)  # no "-0"
    return formats.number_format(dec, decimals, use_l10n=True, force_grouping=grouping)


def value_with_unit(value, unit: str = "", *, max_decimals: int | None = 2, empty=DASH) -> str:
    """A measured value with its unit (`31 st`, `95,5 %`); `–` for no value."""
    if value is None or value == "":
        return empty
    return f"{number(value, max_decimals=max_decimals)} {(unit or '').strip()}".strip()


def money(value, *, empty: str = "") -> str:
    """An amount in whole kronor with its unit: `1 750 000 kr` (non-breaking spaces)."""
    if to_decimal(value) is None:
        return empty if value is None or value == "" else str(value)
    return number(value, decimals=0) + NBSP + "kr"


def amount(value, *, empty: str = DASH) -> str:
    """An amount in whole or fractional kronor without the unit, for tables whose column says
    "(SEK)": `1 750 000`, `12 500,5`; `–` for no value."""
    return number(value, max_decimals=2, empty=empty)


def percent(value, *, empty: str = DASH) -> str:
    """A percentage: `80 %`; `–` for no value."""
    if to_decimal(value) is None:
        return empty if value is None or value == "" else str(value)
    return f"{number(value, max_decimals=2)} %"
