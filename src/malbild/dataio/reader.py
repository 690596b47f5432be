"""Reading an uploaded XLSX or CSV file into rows of raw cells, per sheet of the layout.

`read_file(content, filename)` returns a `ParsedFile`: for each sheet found, its columns
(heading → column key, or a year for a target column) and its rows (the spreadsheet's row
number and the raw cell values by column key). What cannot be read at all (not a spreadsheet,
no known sheet, a missing required column, too many rows) is a file error; nothing in the
file's content makes this raise.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from . import layout

#: The most data rows an import reads (all sheets together); the rest is refused.
MAX_ROWS = getattr(settings, "MALBILD_IMPORT_MAX_ROWS", 20_000)
MAX_COLUMNS = 200


@dataclass
class SheetRows:
    sheet: layout.Sheet
    #: column key → heading as written in the file
    headings: dict[str, str] = field(default_factory=dict)
    #: target year → heading
    years: dict[int, str] = field(default_factory=dict)
    #: (row number, {column key or year: raw value})
    rows: list[tuple[int, dict]] = field(default_factory=list)


@dataclass
class ParsedFile:
    sheets: dict[str, SheetRows] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets.values())


def read_file(content: bytes, filename: str) -> ParsedFile:
    name = (filename or "").lower()
    if name.endswith(".csv") or (not zipfile.is_zipfile(io.BytesIO(content))):
        if name.endswith((".xlsx", ".xlsm")):
            return ParsedFile(
                errors=[_("The file is not an Excel workbook (XLSX) that can be read.")]
            )
        return _read_csv(content)
    return _read_xlsx(content)


def _read_xlsx(content: bytes) -> ParsedFile:
    from openpyxl import load_workbook

    parsed = ParsedFile()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any damage to the file is the user's to fix
        parsed.errors.append(_("The file is not an Excel workbook (XLSX) that can be read."))
        return parsed
    try:
        for worksheet in workbook.worksheets:
            sheet = layout.sheet_for_title(worksheet.title)
            if sheet is None:
                parsed.notes.append(
                    _("The sheet “%(name)s” is not part of the template and was not read.")
                    % {"name": worksheet.title}
                )
                continue
            if sheet.key in parsed.sheets:
                continue
            rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            _take_rows(parsed, sheet, rows)
            if parsed.errors:
                break
    except Exception:  # noqa: BLE001 - a damaged part of the workbook
        parsed.sheets.clear()
        parsed.errors.append(_("The file is not an Excel workbook (XLSX) that can be read."))
    finally:
        workbook.close()
    if not parsed.sheets and not parsed.errors:
        parsed.errors.append(
            _("The workbook has none of the template's sheets (%(names)s).")
            % {"names": ", ".join(s.title for s in layout.SHEETS)}
        )
    return parsed


def _decode(content: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(content: bytes) -> ParsedFile:
    parsed = ParsedFile()
    decoded = _decode(content)
    if decoded is None or "\x00" in decoded:
        parsed.errors.append(_("The file is neither an Excel workbook nor a CSV text file."))
        return parsed
    sample = decoded[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    if "\t" in sample.split("\n", 1)[0] and sample.count("\t") > sample.count(delimiter):
        delimiter = "\t"
    try:
        rows = list(csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter))
    except csv.Error:
        parsed.errors.append(_("The CSV file cannot be read (a quotation mark is not closed?)."))
        return parsed
    if not rows:
        parsed.errors.append(_("The file is empty."))
        return parsed
    sheet = layout.sheet_for_headings(rows[0])
    if sheet is None:
        parsed.errors.append(
            _(
                "The first row of the CSV file holds the headings of none of the template's "
                "sheets; download the template to see them."
            )
        )
        return parsed
    _take_rows(parsed, sheet, iter(rows))
    return parsed


def _take_rows(parsed: ParsedFile, sheet: layout.Sheet, rows) -> None:
    header = next(rows, None)
    if header is None:
        return
    target = SheetRows(sheet=sheet)
    positions: dict[int, object] = {}
    by_heading = {layout.normalise_heading(c.heading): c for c in sheet.columns}
    for index, heading in enumerate(header[:MAX_COLUMNS]):
        if heading is None or not str(heading).strip():
            continue
        norm = layout.normalise_heading(heading)
        column = by_heading.get(norm)
        year = layout.year_of_heading(sheet, str(heading))
        if column is not None and column.key not in target.headings:
            target.headings[column.key] = str(heading).strip()
            positions[index] = column.key
        elif year is not None and 1900 <= year <= 2200 and year not in target.years:
            target.years[year] = str(heading).strip()
            positions[index] = year
        else:
            parsed.notes.append(
                _(
                    "Sheet %(sheet)s: the column “%(heading)s” is not part of the template and "
                    "was not read."
                )
                % {"sheet": sheet.title, "heading": str(heading).strip()[:100]}
            )
    missing = [c.heading for c in sheet.columns if c.required and c.key not in target.headings]
    if missing:
        parsed.errors.append(
            _("Sheet %(sheet)s: the column %(columns)s is missing.")
            % {"sheet": sheet.title, "columns": ", ".join(f"“{m}”" for m in missing)}
        )
        return
    for number, row in enumerate(rows, start=2):
        cells = {key: row[i] for i, key in positions.items() if i < len(row)}
        if all(_blank(v) for v in cells.values()):
            continue
        if parsed.row_count + len(target.rows) >= MAX_ROWS:
            parsed.errors.append(
                _("The file has more than %(max)s rows; split it into several files.")
                % {"max": MAX_ROWS}
            )
            return
        target.rows.append((number, cells))
    parsed.sheets[sheet.key] = target


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
