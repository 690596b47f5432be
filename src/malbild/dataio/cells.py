"""Reading one cell: text, Swedish numbers, years, dates, choices and lists of names.

Each parser takes the cell's raw value (openpyxl gives numbers, dates and texts; CSV gives
texts) and returns the value or raises `CellError` with a Swedish-first message (gettext).
Numbers accept a decimal comma or point, spaces, non-breaking and narrow spaces, apostrophes
and (with a decimal comma) points as thousands separators, a leading minus sign (also “−”) and
a trailing “kr”: "1 250 000,50", "1.250.000,50", "1 250 000.50" and 1250000.5 are one amount.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell that cannot be read; the message says why (without row and column)."""


SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009']")


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    out = str(value).replace("\r\n", "\n").strip()
    # The guard a CSV export puts before text that looks like a formula ("'=…").
    if out[:1] == "'" and out[1:2] in ("=", "+", "-", "@"):
        out = out[1:]
    return out


def is_blank(value) -> bool:
    return text(value) == ""


def decimal(value, *, places: int, max_digits: int) -> Decimal | None:
    """A number with at most `places` decimals and `max_digits` digits in all (the model
    field's limits), or None for an empty cell."""
    try:
        return _decimal(value, places=places, max_digits=max_digits)
    except InvalidOperation:  # beyond the decimal context's precision: far too large
        raise CellError(_("“%(value)s” is too large.") % {"value": text(value)}) from None


def _decimal(value, *, places: int, max_digits: int) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise CellError(_("“%(value)s” is not a number.") % {"value": value})
        number = Decimal(str(value))
        # A spreadsheet's binary fraction (0.1 + 0.2): round to the field's decimals.
        if isinstance(value, float):
            number = number.quantize(Decimal(1).scaleb(-places)) if number.is_finite() else number
    else:
        number = _parse_number_text(str(value))
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    number = number.normalize() if number == number.to_integral_value() else number
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > places:
        raise CellError(
            _("“%(value)s” has more than %(places)s decimals.")
            % {"value": text(value), "places": places}
        )
    digits = len(number.quantize(Decimal(1).scaleb(-places)).as_tuple().digits)
    if digits > max_digits:
        raise CellError(_("“%(value)s” is too large.") % {"value": text(value)})
    return number


def _parse_number_text(raw: str) -> Decimal:
    cleaned = SPACES.sub("", raw.strip()).replace("\u2212", "-")
    cleaned = re.sub(r"(?i)(kr|sek|:-)$", "", cleaned)
    if not re.fullmatch(r"[-+]?[\d.,]*\d[\d.,]*", cleaned or "x"):
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw.strip()})
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = cleaned[0].replace("+", ""), cleaned[1:]
    commas, points = cleaned.count(","), cleaned.count(".")
    if commas and points:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        if cleaned.count(decimal_mark) > 1:
            raise CellError(_("“%(value)s” is not a number.") % {"value": raw.strip()})
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif commas:
        if commas > 1:
            raise CellError(_("“%(value)s” is not a number.") % {"value": raw.strip()})
        cleaned = cleaned.replace(",", ".")
    elif points > 1:
        # "1.250.000": points as thousands separators, only in groups of three.
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
            raise CellError(_("“%(value)s” is not a number.") % {"value": raw.strip()})
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(sign + cleaned)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw.strip()}) from None


def year(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = decimal(value, places=0, max_digits=4)
    except CellError:
        raise CellError(_("“%(value)s” is not a year.") % {"value": text(value)}) from None
    if number is None or not 1900 <= number <= 2200:
        raise CellError(
            _("Enter a year between 1900 and 2200, not “%(value)s”.") % {"value": text(value)}
        )
    return int(number)


def date(value) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": raw}
        ) from None


def choice(value, choices) -> str | None:
    """The code of a choice named by its Swedish or English label or its code (any case,
    spaces ignored: "Andel / täckning" is "Andel/täckning")."""
    raw = text(value)
    if not raw:
        return None

    def key(label) -> str:
        return re.sub(r"\s+", "", str(label)).casefold()

    wanted = key(raw)
    for code, label in choices.choices:
        names = {key(code), key(label)}
        for language in ("sv", "en"):
            with translation.override(language):
                names.add(key(label))
        if wanted in names:
            return code
    allowed = ", ".join(str(label) for _code, label in choices.choices)
    raise CellError(
        _("“%(value)s” is not one of: %(allowed)s.") % {"value": raw, "allowed": allowed}
    )


def names(value) -> list[str]:
    """The names in a cell, separated by semicolons or line breaks (duplicates dropped)."""
    seen: dict[str, str] = {}
    for part in re.split(r"[;\n]", text(value)):
        name = re.sub(r"\s+", " ", part).strip()
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def numbers(value) -> list[str]:
    """Focus area and goal numbers: separated by semicolons, line breaks or a comma followed by
    a space ("1; 3", "1, 3"); a number may itself hold points ("5.3")."""
    raw = text(value)
    parts = re.split(r"[;\n]|,\s+", raw)
    out: list[str] = []
    for part in parts:
        item = part.strip().rstrip(".")
        if item and item not in out:
            out.append(item)
    return out
