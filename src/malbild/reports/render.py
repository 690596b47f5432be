"""Renderers of a report structure (sections of paragraphs, tables and charts; the annual
report's is built by followup.report): an HTML document for the web and for print, PDF
(WeasyPrint: A4, page numbers, table of contents), DOCX (python-docx: real headings and
tables, charts as images) and XLSX (openpyxl: one sheet per table). Knows no domain app."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import charts
from .xlsx import safe_text, sheet_name, write_cell, write_report_cell


def with_images(report: dict) -> dict:
    """Attach each chart's SVG data URI (for <img> in HTML and PDF)."""
    for section in report["sections"]:
        for block in section["blocks"]:
            if block["type"] == "chart" and "src" not in block["chart"]:
                block["chart"]["src"] = charts.data_uri(block["chart"])
    return report


def render_html(report: dict, *, print_version: bool = True, request=None) -> str:
    template = "reports/report_print.html" if print_version else "reports/report_body.html"
    return render_to_string(template, {"report": with_images(report)}, request=request)


def render_pdf(report: dict) -> bytes:
    from weasyprint import HTML

    html = render_html(report, print_version=True)
    return HTML(string=html, base_url=".").write_pdf(
        metadata={"title": report["title"]}, uncompressed_pdf=False
    )


def new_docx(*, title: str, author: str):
    """A Word document set up for a Swedish municipality: A4 portrait with 2.5 cm margins
    (python-docx's template is US Letter), the title, and the organisation as author and last
    editor (not "python-docx"), in Swedish."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    core = doc.core_properties
    core.title = title
    core.author = core.last_modified_by = author
    core.language = "sv-SE"
    core.comments = ""
    return doc


def render_docx(report: dict) -> bytes:
    from docx.shared import Cm, Pt

    cover = report["cover"]
    doc = new_docx(title=report["title"], author=cover["organisation"])
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    doc.add_heading(report["title"], level=0)
    for label, value in (
        (_("Organisation"), cover["organisation"]),
        (_("Document"), cover["document"]),
        (_("Period"), f"{cover['period']} ({cover['span']})"),
        (_("Date"), cover["date"]),
    ):
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    if not cover["closed"]:
        doc.add_paragraph(_("Preliminary: the period is still open."))
    for section in report["sections"]:
        doc.add_heading(section["heading"], level=section["level"])
        for block in section["blocks"]:
            if block["type"] in {"paragraph", "amendment"}:
                doc.add_paragraph(block["text"])
            elif block["type"] == "table":
                _docx_table(doc, block["table"])
            elif block["type"] == "chart":
                chart = block["chart"]
                doc.add_picture(io.BytesIO(charts.render_png(chart, dpi=110)), width=Cm(16))
                doc.add_paragraph(chart["alt"]).italic = True
                _docx_table(doc, chart["table"])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_table(doc, table: dict) -> None:
    doc.add_paragraph(table["title"], style="Caption")
    t = doc.add_table(rows=1, cols=len(table["columns"]))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, table["columns"], strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table["rows"]:
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def render_xlsx(report: dict) -> bytes:
    """A cover sheet, then one sheet per table: the table's title in row 1, its header in row
    2 (frozen, with an autofilter over header and rows), numbers as numeric cells with their
    unit in the number format, text never a formula (reports.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    cover = wb.active
    used: set[str] = set()
    cover.title = sheet_name(_("Cover"), used)
    write_cell(cover, 1, 1, report["title"]).font = Font(bold=True, size=14)
    for i, (label, value) in enumerate(
        (
            (_("Organisation"), report["cover"]["organisation"]),
            (_("Document"), report["cover"]["document"]),
            (_("Period"), report["cover"]["period"]),
            (_("Date"), report["cover"]["date"]),
        ),
        start=2,
    ):
        write_cell(cover, i, 1, label, bold=True)
        write_cell(cover, i, 2, value)
    for table in report["tables"]:
        ws = wb.create_sheet(sheet_name(table["title"], used))
        write_cell(ws, 1, 1, table["title"]).font = Font(bold=True)
        for col, header in enumerate(table["columns"], start=1):
            write_cell(ws, 2, col, header, bold=True)
            ws.column_dimensions[ws.cell(row=2, column=col).column_letter].width = min(
                max(len(str(header)), 12) + 2, 60
            )
        for r, row in enumerate(table["rows"], start=3):
            for col, value in enumerate(row, start=1):
                write_report_cell(ws, r, col, value)
        ws.freeze_panes = "A3"
        if table["columns"]:
            last = ws.cell(row=max(2, 2 + len(table["rows"])), column=len(table["columns"]))
            ws.auto_filter.ref = f"A2:{last.coordinate}"
    wb.properties.title = safe_text(report["title"])
    wb.properties.creator = safe_text(report["cover"]["organisation"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
