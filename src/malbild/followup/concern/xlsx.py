"""The municipality-wide figures as an XLSX workbook (openpyxl): a sheet describing the
selection, then one sheet per table of `tables.concern_tables`.

Each table sheet has its header in row 1, frozen, with an autofilter over the header and the
data rows (the total row below stays out of the filter and the sorting). Counts and amounts
are numeric cells; amounts use the grouping format `#,##0`, which Swedish Excel and
LibreOffice show as `# ##0` (1 750 000). Text from users is never a formula: a value
starting with = + - @ or a tab is written as text with Excel's quote prefix, and control
characters are removed (they are not allowed in the file format)."""

import io
import re

from django.utils.translation import gettext as _

from .tables import AMOUNT, COUNT, YEAR, concern_tables, selection

AMOUNT_FORMAT = "#,##0"
COUNT_FORMAT = "0"
FORMULA_START = ("=", "+", "-", "@", "\t")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_text(value) -> str:
    """`value` as text without control characters (tab, newline and CR are kept)."""
    return CONTROL.sub("", "" if value is None else str(value))


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique worksheet name of at most 31 characters."""
    base = SHEET_FORBIDDEN.sub(" ", safe_text(title)).strip().strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _write(ws, row: int, col: int, value, kind: str | None = None, *, bold: bool = False):
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


def render_concern_xlsx(data: dict, *, title: str, organisation: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    used: set[str] = set()
    cover = wb.active
    cover.title = sheet_name(_("Selection"), used)
    _write(cover, 1, 1, title).font = Font(bold=True, size=14)
    _write(cover, 2, 1, _("Organisation"), bold=True)
    _write(cover, 2, 2, organisation)
    for i, (label, value) in enumerate(selection(data), start=3):
        _write(cover, i, 1, label, bold=True)
        _write(cover, i, 2, value)
    note_row = len(selection(data)) + 4
    _write(cover, note_row, 1, _("Amounts in SEK. Outcome: approved budget outcomes only."))
    cover.column_dimensions["A"].width = 24
    cover.column_dimensions["B"].width = 60

    for table in concern_tables(data):
        ws = wb.create_sheet(sheet_name(table["sheet"], used))
        for col, header in enumerate(table["columns"], start=1):
            _write(ws, 1, col, header.value, bold=True)
            width = min(max(len(str(header.value)), 12) + 2, 50)
            ws.column_dimensions[get_column_letter(col)].width = width
        for r, row in enumerate(table["rows"], start=2):
            for col, cell in enumerate(row, start=1):
                _write(ws, r, col, cell.value, cell.kind)
        last = len(table["rows"]) + 1
        for col, cell in enumerate(table["total"], start=1):
            _write(ws, last + 1, col, cell.value, cell.kind, bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table['columns']))}{last}"
    wb.properties.title = safe_text(title)
    wb.properties.creator = "Målbild"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
