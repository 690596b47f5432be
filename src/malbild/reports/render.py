"""Renderers of a report structure — the one pipeline every document of Målbild goes through
(the annual report, the consultation summary, the plan export …): an HTML document for the
web and for print, PDF (WeasyPrint: A4, cover page, table of contents with page numbers,
"Sida 1 av N"), DOCX (python-docx: A4, Heading styles, a table-of-contents field, page
numbers, tables with a repeating header row, Markdown as real Word paragraphs) and XLSX
(openpyxl: a cover sheet and one sheet per table kind, numbers numeric, dates dates).
Knows no domain app. The structure (see docs/guide/documents.md):

    report = {"title", "cover": {"organisation", "facts": [(label, value)], "notice"},
              "sections": [{"id", "heading", "level": 1|2|3, "blocks": [block]}],
              "tables": [table], "subject" (optional, DOCX/PDF metadata)}
    block  = paragraph | markdown | amendment (text) | key_figures (items) | table | chart
    table  = {"key", "title", "kind", "columns", "rows", "kind_label" (optional)}
    cell   = str | malbild.reports.cells.Amount | Number | Date | Status
"""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import cells as typed
from . import charts
from .docx_markdown import add_markdown
from .xlsx import safe_text, sheet_name, write_cell, write_typed_cell

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render_html(report: dict, *, print_version: bool = True, request=None) -> str:
    template = "reports/report_print.html" if print_version else "reports/report_body.html"
    return render_to_string(template, {"report": report}, request=request)


def render_pdf(report: dict) -> bytes:
    from weasyprint import HTML

    # Title, author (the organisation) and subject come from the print page's <head>.
    html = render_html(report, print_version=True)
    return HTML(string=html, base_url=".").write_pdf(uncompressed_pdf=False)


def render(report: dict, fmt: str) -> bytes:
    """The report in `fmt` ("pdf", "docx" or "xlsx")."""
    return {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}[fmt](report)


# -- DOCX ---------------------------------------------------------------------------------------


def new_docx(*, title: str, author: str, subject: str = ""):
    """A Word document set up for a Swedish municipality: A4 portrait with 2.5 cm margins
    (python-docx's template is US Letter), the title, the subject, and the organisation as
    author and last editor (not "python-docx"), in Swedish."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    core = doc.core_properties
    core.title = safe_text(title)
    core.subject = safe_text(subject)
    core.author = core.last_modified_by = safe_text(author)
    core.language = "sv-SE"
    core.comments = ""
    return doc


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC …) in `paragraph`; Word computes its result."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            fld.set(qn("w:dirty"), "true")
        run._r.append(fld)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _update_fields_on_open(doc) -> None:
    """Ask Word to fill the fields (the table of contents) when the file is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.append(update)
    update.set(qn("w:val"), "true")


def _page_number_footer(doc) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for section in doc.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(_("Page") + " ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" " + _("of") + " ")
        _field(paragraph, "NUMPAGES", "1")


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _docx_cell(cell, value, *, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.text = safe_text(typed.text(value))
    paragraph = cell.paragraphs[0]
    if getattr(value, "numeric", False):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if bold:
        for run in paragraph.runs:
            run.bold = True


def _docx_table(doc, table: dict) -> None:
    doc.add_paragraph(safe_text(table["title"]), style="Caption")
    t = doc.add_table(rows=1, cols=max(len(table["columns"]), 1))
    t.style = "Table Grid"
    _repeat_header(t.rows[0])
    for cell, text in zip(t.rows[0].cells, table["columns"], strict=False):
        _docx_cell(cell, text, bold=True)
    for row in table["rows"]:
        for cell, value in zip(t.add_row().cells, row, strict=False):
            _docx_cell(cell, value)


def _docx_pairs(doc, pairs, *, borders: bool) -> None:
    """Label/value pairs as a two-column table (the cover's facts, key figures): the value
    stays beside its label however long the label is."""
    t = doc.add_table(rows=0, cols=2)
    if borders:
        t.style = "Table Grid"
    for label, value in pairs:
        cells = t.add_row().cells
        _docx_cell(cells[0], label, bold=True)
        _docx_cell(cells[1], value)


def render_docx(report: dict) -> bytes:
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    cover = report["cover"]
    doc = new_docx(
        title=report["title"], author=cover["organisation"], subject=report.get("subject", "")
    )
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    doc.add_heading(safe_text(report["title"]), level=0)
    facts = [(_("Organisation"), cover["organisation"]), *cover.get("facts", [])]
    _docx_pairs(doc, facts, borders=False)
    if cover.get("notice"):
        doc.add_paragraph().add_run(safe_text(cover["notice"])).bold = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    toc_title = doc.add_paragraph()
    toc_title.add_run(_("Contents")).bold = True
    _field(
        doc.add_paragraph(),
        'TOC \\o "1-3" \\h \\z \\u',
        _("The table of contents is filled in when the document is opened."),
    )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for section in report["sections"]:
        level = min(max(int(section["level"]), 1), 3)
        doc.add_heading(safe_text(section["heading"]), level=level)
        for block in section["blocks"]:
            kind = block["type"]
            if kind == "paragraph":
                doc.add_paragraph(safe_text(block["text"]))
            elif kind == "amendment":
                p = doc.add_paragraph()
                p.add_run(_("Amended:") + " ").bold = True
                p.add_run(safe_text(block["text"]))
            elif kind == "markdown":
                add_markdown(doc, safe_text(block["text"]), level=level)
            elif kind == "key_figures":
                _docx_pairs(doc, block["items"], borders=True)
            elif kind == "table":
                _docx_table(doc, block["table"])
            elif kind == "chart":
                chart = block["chart"]
                doc.add_picture(io.BytesIO(charts.render_png(chart, dpi=110)), width=Cm(16))
                doc.add_paragraph(safe_text(chart["alt"])).italic = True
                _docx_table(doc, chart["table"])
    _page_number_footer(doc)
    _update_fields_on_open(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# -- XLSX ---------------------------------------------------------------------------------------


def table_sections(report: dict) -> dict[int, str]:
    """{id(table): heading of the section it appears in} (a chart's data table included)."""
    found = {}
    for section in report["sections"]:
        for block in section["blocks"]:
            if block["type"] == "table":
                found[id(block["table"])] = section["heading"]
            elif block["type"] == "chart":
                found[id(block["chart"]["table"])] = section["heading"]
    return found


def table_groups(report: dict) -> list[dict]:
    """The report's tables grouped by kind, in the order each kind first appears: [{"label":
    the sheet's name (the group's `kind_label`, else its first table's title), "tables"}]."""
    groups: dict[str, dict] = {}
    for table in report["tables"]:
        kind = table.get("kind") or table["key"]
        group = groups.setdefault(kind, {"label": "", "tables": []})
        group["label"] = group["label"] or table.get("kind_label") or table["title"]
        group["tables"].append(table)
    return list(groups.values())


def _union_columns(tables: list[dict]) -> list[tuple[str, int]]:
    """The columns of all tables, in order of first appearance ((name, n-th of that name))."""
    columns: list[tuple[str, int]] = []
    for table in tables:
        seen: dict[str, int] = {}
        for name in table["columns"]:
            key = (str(name), seen.get(str(name), 0))
            seen[str(name)] = key[1] + 1
            if key not in columns:
                columns.append(key)
    return columns


def _write_sheet(ws, group: dict, sections: dict[int, str]) -> None:
    """One data table per sheet: the group's name in row 1, one header row (frozen, with an
    autofilter), every table's rows below it. Several tables of a kind get two leading
    columns naming the section and the table, so the sheet can be filtered and pivoted."""
    from openpyxl.styles import Font

    tables = group["tables"]
    several = len(tables) > 1
    columns = _union_columns(tables)
    lead = [_("Section"), _("Table")] if several else []
    write_cell(ws, 1, 1, group["label"]).font = Font(bold=True)
    headers = lead + [name for name, _n in columns]
    for col, header in enumerate(headers, start=1):
        write_cell(ws, 2, col, header, bold=True)
    widths = [len(str(h)) for h in headers]
    r = 3
    for table in tables:
        positions = []
        seen: dict[str, int] = {}
        for name in table["columns"]:
            key = (str(name), seen.get(str(name), 0))
            seen[str(name)] = key[1] + 1
            positions.append(len(lead) + columns.index(key) + 1)
        for row in table["rows"]:
            if several:
                write_cell(ws, r, 1, sections.get(id(table), ""))
                write_cell(ws, r, 2, table["title"])
                widths[0] = max(widths[0], len(sections.get(id(table), "")))
                widths[1] = max(widths[1], len(str(table["title"])))
            for col, value in zip(positions, row, strict=False):
                write_typed_cell(ws, r, col, value)
                widths[col - 1] = max(widths[col - 1], len(typed.text(value)))
            r += 1
    for col, width in enumerate(widths, start=1):
        letter = ws.cell(row=2, column=col).column_letter
        ws.column_dimensions[letter].width = min(max(width, 10) + 2, 60)
    ws.freeze_panes = "A3"
    if headers:
        last = ws.cell(row=max(2, r - 1), column=len(headers))
        ws.auto_filter.ref = f"A2:{last.coordinate}"


def render_xlsx(report: dict) -> bytes:
    """A cover sheet (title, facts, notice, key figures), then one sheet per table kind
    (`table_groups`, `_write_sheet`); numbers numeric with their unit in the number format,
    dates as dates, text never a formula (reports.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    cover = wb.active
    used: set[str] = set()
    cover.title = sheet_name(_("Cover"), used)
    write_cell(cover, 1, 1, report["title"]).font = Font(bold=True, size=14)
    row = 2
    for label, value in [
        (_("Organisation"), report["cover"]["organisation"]),
        *report["cover"].get("facts", []),
    ]:
        write_cell(cover, row, 1, label, bold=True)
        write_typed_cell(cover, row, 2, value)
        row += 1
    if report["cover"].get("notice"):
        write_cell(cover, row, 1, report["cover"]["notice"], bold=True)
        row += 1
    for section in report["sections"]:
        for block in section["blocks"]:
            if block["type"] == "key_figures":
                row += 1
                write_cell(cover, row, 1, section["heading"], bold=True)
                row += 1
                for label, value in block["items"]:
                    write_cell(cover, row, 1, label)
                    write_typed_cell(cover, row, 2, value)
                    row += 1
    cover.column_dimensions["A"].width = 40
    cover.column_dimensions["B"].width = 50
    sections = table_sections(report)
    for group in table_groups(report):
        _write_sheet(wb.create_sheet(sheet_name(group["label"], used)), group, sections)
    wb.properties.title = safe_text(report["title"])
    wb.properties.subject = safe_text(report.get("subject", ""))
    wb.properties.creator = safe_text(report["cover"]["organisation"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
