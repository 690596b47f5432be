"""The document as a workbook (XLSX) or one sheet as CSV, in the import's layout (layout.py):
what `document_rows` writes, `importer.plan_import` reads back as unchanged.

A document without activities or indicators gives the empty template (the headings, with
explanations as cell comments, and a target column for each year of the document's period).
Values are written as the spreadsheet's own numbers and dates where they are numbers and dates;
choices by their Swedish label; bodies by name; focus areas by number; goals by the focus
area's number and the goal's place under it ("2.1").
"""

import csv
import io
import re
from decimal import Decimal

from django.utils import translation

from malbild.actionplan.models import Activity, BudgetLine
from malbild.core.access import Access
from malbild.followup.models import IndicatorValue
from malbild.strategy.models import FocusArea, Indicator, SteeringDocument

from . import layout
from .importer import goal_number

CSV_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _goal_numbers(access: Access, document: SteeringDocument) -> dict[int, str]:
    ancestors, node, seen = [], document, set()
    while node is not None and node.pk not in seen:
        ancestors.append(node.pk)
        seen.add(node.pk)
        node = node.parent
    numbers: dict[int, str] = {}
    areas = (
        FocusArea.objects.for_access(access)
        .filter(document_id__in=ancestors)
        .prefetch_related("goals")
    )
    for area in areas:
        for position, goal in enumerate(
            sorted(area.goals.all(), key=lambda g: (g.order, g.pk)), start=1
        ):
            numbers[goal.pk] = goal_number(area, position)
    return numbers


def _join(values) -> str:
    return "; ".join(sorted(v for v in values if v))


def _number(value: Decimal | None):
    if value is None:
        return None
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def document_rows(*, access: Access, document: SteeringDocument) -> dict[str, tuple[list, list]]:
    """Sheet key → (headings, rows of cell values), in the sheet order of the layout (a fixed
    number of queries)."""
    with translation.override("sv"):
        return _rows(access, document)


def _rows(access: Access, document: SteeringDocument) -> dict[str, tuple[list, list]]:
    goals = _goal_numbers(access, document)
    activities = list(
        Activity.objects.for_access(access)
        .filter(document=document)
        .select_related("responsible_body")
        .prefetch_related("co_responsible_bodies", "focus_areas", "goals")
        .order_by("number", "title", "pk")
    )
    out: dict[str, tuple[list, list]] = {}
    out["activities"] = (
        [c.heading for c in layout.ACTIVITIES.columns],
        [
            [
                a.number,
                a.title,
                a.description,
                a.responsible_body.name,
                _join(b.name for b in a.co_responsible_bodies.all()),
                _join(fa.number or fa.title for fa in a.focus_areas.all()),
                _join(goals.get(g.pk, "") for g in a.goals.all()),
                a.start_year,
                a.end_year,
                str(a.get_status_display()),
                str(a.get_priority_display()),
            ]
            for a in activities
        ],
    )
    lines = (
        BudgetLine.objects.for_access(access)
        .filter(activity__document=document)
        .select_related("activity")
        .order_by("activity__number", "activity__title", "year", "kind", "pk")
    )
    out["budget"] = (
        [c.heading for c in layout.BUDGET.columns],
        [
            [
                line.activity.number or line.activity.title,
                line.year,
                str(line.get_kind_display()),
                _number(line.amount),
                line.financing_source,
            ]
            for line in lines
        ],
    )
    indicators = list(
        Indicator.objects.for_access(access)
        .filter(document=document)
        .select_related("responsible_body")
        .prefetch_related("focus_areas", "goals", "targets")
        .order_by("order", "pk")
    )
    years = set(range(document.period_start or 0, (document.period_end or -1) + 1))
    for indicator in indicators:
        years |= {t.year for t in indicator.targets.all()}
    years = sorted(y for y in years if 1900 <= y <= 2200)
    indicator_rows = []
    for ind in indicators:
        targets = {t.year: t for t in ind.targets.all()}
        indicator_rows.append(
            [
                ind.name,
                ind.definition,
                ind.unit,
                str(ind.get_direction_display()),
                str(ind.get_measure_type_display()),
                ind.responsible_body.name if ind.responsible_body else "",
                _join(fa.number or fa.title for fa in ind.focus_areas.all()),
                _join(goals.get(g.pk, "") for g in ind.goals.all()),
                _number(ind.baseline_value),
                ind.baseline_year,
                *[
                    (_number(targets[y].value) if targets[y].value is not None else targets[y].text)
                    if y in targets
                    else None
                    for y in years
                ],
            ]
        )
    out["indicators"] = (
        [c.heading for c in layout.INDICATORS.columns]
        + [layout.year_heading(layout.INDICATORS, y) for y in years],
        indicator_rows,
    )
    values = (
        IndicatorValue.objects.for_access(access)
        .filter(period__document=document, indicator__document=document)
        .select_related("period", "indicator")
        .order_by("indicator__order", "indicator__pk", "period__start", "pk")
    )
    out["followup"] = (
        [c.heading for c in layout.FOLLOWUP.columns],
        [
            [
                v.indicator.name,
                v.period.label,
                _number(v.value),
                v.text,
                v.measured_on,
                v.comment,
                v.source,
            ]
            for v in values
        ],
    )
    return out


def workbook_bytes(rows: dict[str, tuple[list, list]]) -> bytes:
    """The sheets as an XLSX file: bold, frozen headings with the template's explanations as
    comments, sensible column widths."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in layout.SHEETS:
        headings, data = rows[sheet.key]
        ws = workbook.create_sheet(sheet.title)
        ws.append(headings)
        helps = {c.heading: c.help for c in sheet.columns}
        for index, heading in enumerate(headings, start=1):
            cell = ws.cell(row=1, column=index)
            cell.font = Font(bold=True)
            if helps.get(heading):
                cell.comment = Comment(helps[heading], "Målbild")
            width = max([len(str(heading))] + [len(str(r[index - 1] or "")) for r in data[:200]])
            ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
        for row in data:
            ws.append([_xlsx_value(v) for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # user text is never a formula
            if sheet.key == "followup":
                ws.cell(row=ws.max_row, column=5).number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WHOLE_NUMBER = re.compile(r"[1-9]\d{0,14}")


def _xlsx_value(value):
    """A text that is a whole number (a focus area "3", a period "2019") as a number cell, so
    the spreadsheet does not flag a number stored as text; the import reads it back as text."""
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value):
        return int(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters: not allowed in XLSX
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(str(value)), "f").replace(".", ",")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        # Text from users is never a formula when the file is opened (cells.text strips it).
        return "'" + value
    return str(value)


def csv_bytes(rows: dict[str, tuple[list, list]], sheet_key: str) -> bytes:
    """One sheet as CSV the way Swedish Excel writes it: UTF-8 with a byte order mark,
    semicolons, decimal commas."""
    headings, data = rows[sheet_key]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(headings)
    for row in data:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
