"""The municipality-wide figures as an XLSX workbook (openpyxl): a sheet describing the
selection, then one sheet per table of `tables.concern_tables`.

Each table sheet has its header in row 1, frozen, with an autofilter over the header and the
data rows (the total row below stays out of the filter and the sorting). Counts and amounts
are numeric cells; amounts use the grouping format `#,##0`, which Swedish Excel and
LibreOffice show as `# ##0` (1 750 000). Text from users is never a formula: a value
starting with = + - @ or a tab is written as text with Excel's quote prefix, and control
characters are removed (they are not allowed in the file format)."""

import io

from django.utils.translation import gettext as _

from malbild.reports.xlsx import safe_text, sheet_name, write_report_cell
from malbild.reports.xlsx import write_cell as _write

from .tables import concern_tables, selection


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
        write_report_cell(cover, i, 2, value)  # a count is a number, not text
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
    wb.properties.creator = safe_text(organisation)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
