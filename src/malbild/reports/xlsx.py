"""Writing cells a controller can compute with (openpyxl), shared by every XLSX Målbild makes.

- Numbers are numeric cells: amounts with the grouping format `#,##0` (Swedish Excel and
  LibreOffice show it as `# ##0`: 1 750 000), counts and years as `0`. A report cell that is
  a formatted number ("1 750 000", "31 st", "78 %", "2,5") becomes that number, its unit kept
  in the number format (`#,##0" st"`), so SUM() works.
- Text from users is never a formula: a value starting with = + - @ or a tab is written as
  text with Excel's quote prefix; control characters are removed (the format forbids them).
- Sheet names are valid (no [ ] : * ? / \\), unique and at most 31 characters.
- Typed report cells (`malbild.reports.cells`) are written as what they are: `Amount` and
  `Number` numeric with their unit in the number format, `Date` a date cell (`yyyy-mm-dd`),
  `Status` its label; a unit never breaks the number format (quotes, backslashes and control
  characters are dropped from it)."""

import re
from decimal import Decimal, InvalidOperation

from . import cells as typed

AMOUNT = "amount"
COUNT = "count"
YEAR = "year"
AMOUNT_FORMAT = "#,##0"
COUNT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
UNIT_FORBIDDEN = re.compile(r'["\\\x00-\x1f\x7f]')
FORMULA_START = ("=", "+", "-", "@", "\t")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# A number as the pages format it: optional minus, digits grouped by (non-breaking) spaces,
# a decimal comma, and an optional short unit ("kr", "st", "%", "tkr" …).
FORMATTED_NUMBER = re.compile(
    r"^(?P<sign>[-−]?)(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})*|\d+)(?:,(?P<dec>\d+))?"
    r"(?:[ \u00a0\u202f]?(?P<unit>%|[A-Za-zÅÄÖåäö]{1,6}))?$"
)


def safe_text(value) -> str:
    """`value` as text without control characters (tab, newline and CR are kept)."""
    return CONTROL.sub("", "" if value is None else str(value))


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique worksheet name of at most 31 characters (`used`: names taken, lower
    case; the new one is added)."""
    base = SHEET_FORBIDDEN.sub(" ", safe_text(title)).strip().strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def parse_formatted(text: str) -> tuple[Decimal, str, int] | None:
    """(number, unit, decimals) of a cell the report formatted as a number, else None."""
    m = FORMATTED_NUMBER.match(text.strip())
    if not m:
        return None
    digits = re.sub(r"\D", "", m["int"]) + ("." + m["dec"] if m["dec"] else "")
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        return None
    if m["sign"]:
        number = -number
    return number, m["unit"] or "", len(m["dec"] or "")


def number_format(unit: str, decimals: int) -> str:
    """`#,##0`, with `decimals` decimals and the unit as literal text (`#,##0" kr"`); the unit
    loses what would end or break the quoted literal."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    unit = UNIT_FORBIDDEN.sub("", unit or "").strip()
    return f'{pattern}" {unit}"' if unit else pattern


def write_cell(ws, row: int, col: int, value, kind: str | None = None, *, bold: bool = False):
    """Write `value` at (row, col): numeric for `kind` amount/count/year, text otherwise (see
    the module docstring); returns the cell."""
    from openpyxl.styles import Font

    cell = ws.cell(row=row, column=col)
    if kind in (AMOUNT, COUNT, YEAR) and value is not None:
        cell.value = value
        cell.number_format = AMOUNT_FORMAT if kind == AMOUNT else COUNT_FORMAT
    else:
        text = safe_text(value)
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_report_cell(ws, row: int, col: int, text, *, bold: bool = False):
    """A cell of a report table (formatted text): a number when it is one, else safe text."""
    parsed = parse_formatted(str(text)) if isinstance(text, str) else None
    if parsed is None:
        return write_cell(ws, row, col, text, bold=bold)
    number, unit, decimals = parsed
    value = int(number) if decimals == 0 else float(number)
    cell = write_cell(ws, row, col, value, COUNT, bold=bold)
    cell.number_format = number_format(unit, decimals)
    return cell


def _numeric(value):
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(dec) if dec == dec.to_integral_value() else float(dec)


def write_typed_cell(ws, row: int, col: int, cell, *, bold: bool = False):
    """A cell of a report table: a typed cell as what it is (numeric, date, status label), a
    string through `write_report_cell`; no value is an empty cell."""
    if isinstance(cell, typed.Amount | typed.Number):
        if typed.formatting.to_decimal(cell.value) is None:
            return ws.cell(row=row, column=col)  # empty: SUM and filters skip it
        decimals = cell.decimals if isinstance(cell, typed.Amount) else cell.shown_decimals
        target = write_cell(ws, row, col, _numeric(typed.formatting.to_decimal(cell.value)), COUNT)
        target.number_format = number_format(cell.unit, decimals)
        if isinstance(cell, typed.Number) and not cell.grouping:
            target.number_format = target.number_format.replace("#,##0", "0", 1)
    elif isinstance(cell, typed.Date):
        if cell.day is None:
            return ws.cell(row=row, column=col)
        target = ws.cell(row=row, column=col, value=cell.day)
        target.number_format = DATE_FORMAT
    elif isinstance(cell, typed.Status):
        return write_cell(ws, row, col, str(cell), bold=bold)
    else:
        return write_report_cell(ws, row, col, "" if cell is None else cell, bold=bold)
    if bold:
        from openpyxl.styles import Font

        target.font = Font(bold=True)
    return target
