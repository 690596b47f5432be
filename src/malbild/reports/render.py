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
import re
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from lxml.etree import SubElement

from . import cells as typed
from . import charts
from .docx_markdown import add_markdown
from .xlsx import safe_text, sheet_name, write_cell, write_typed_cell

#: `progress(percent, step)`: how far a render is (0–100) and what it is doing, in words.
Progress = Callable[[int, str], None]

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render_html(report: dict, *, print_version: bool = True, request=None) -> str:
    template = "reports/report_print.html" if print_version else "reports/report_body.html"
    return render_to_string(template, {"report": report}, request=request)


def render_pdf(report: dict, *, progress: Progress | None = None) -> bytes:
    """The report as PDF, laid out a part at a time (`report_parts`) so that the memory the
    layout engine holds is that of the largest part, not of the whole document (at 16× the
    annual report was 2.4 GB laid out at once; ADR 0012, addendum). Then the cover and the
    contents, whose page numbers are now known (each part's pages and where its headings
    fell), and a layer of page furniture ("Sida N av M", the organisation at the top) over
    the joined pages. `progress(percent, step)` before each part and step."""
    from pypdf import PdfReader, PdfWriter

    parts = report_parts(report)
    total_steps = len(parts) + 2
    contents: list[bytes] = []
    anchors: dict[str, int] = {}  # heading id -> page index counted from the first part
    pages = 0
    for n, part in enumerate(parts):
        if progress is not None:
            _report_progress(
                lambda percent, step: progress(percent * len(parts) // total_steps, step),
                n,
                len(parts),
                part,
            )
        document = _weasy(report, pdf_layer="content", report_part=part)
        for i, page in enumerate(document.pages):
            for name in page.anchors:
                anchors.setdefault(name, pages + i)
        pages += len(document.pages)
        contents.append(document.write_pdf())
        del document
    if progress is not None:
        progress(100 * len(parts) // total_steps, _("Cover and contents"))
    front, front_pages = _front_matter(report, anchors)
    if progress is not None:
        progress(100 * (len(parts) + 1) // total_steps, _("Page numbers"))
    total = front_pages + pages
    furniture = _weasy(report, pdf_layer="pages", pdf_pages=range(total)).write_pdf()
    writer = PdfWriter()
    for blob in [front.write_pdf(), *contents]:
        writer.append(PdfReader(io.BytesIO(blob)))
    _link_contents(writer, front, anchors, front_pages)
    for page, layer in zip(writer.pages, PdfReader(io.BytesIO(furniture)).pages, strict=True):
        page.merge_page(layer)
        page.compress_content_streams()  # merging leaves the page's content uncompressed
    writer.add_metadata(PdfReader(io.BytesIO(furniture)).metadata or {})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _weasy(report: dict, **context):
    """The print page of `report` with `context` (a part, the front matter, the page layer)
    laid out by WeasyPrint: a document of pages."""
    from weasyprint import HTML

    html = render_to_string("reports/report_print.html", {"report": report, **context})
    return HTML(string=html, base_url=".").render()


def _front_matter(report: dict, anchors: dict[str, int]):
    """The cover and the contents, with the page number of each section (its page in the
    parts after the front matter's own pages): laid out again until its own page count is
    the one the numbers assumed (the numbers' width can move a line onto another page)."""
    assumed = 2
    for _attempt in range(4):
        toc = [
            {**section, "page": assumed + anchors[section["id"]] + 1}
            if section["id"] in anchors
            else section
            for section in report["sections"]
        ]
        document = _weasy(report, pdf_layer="content", report_toc=toc)
        if len(document.pages) == assumed:
            break
        assumed = len(document.pages)
    return document, assumed


def _link_contents(writer, front, anchors: dict[str, int], front_pages: int) -> None:
    """The contents' entries as links to their pages: the front matter was laid out with
    placeholder targets (links to the other parts' headings cannot resolve across files),
    so its annotations are replaced by one link per entry over the entry's boxes."""
    from pypdf.annotations import Link

    for index, page in enumerate(front.pages):
        if "/Annots" in writer.pages[index]:
            del writer.pages[index]["/Annots"]
        boxes: dict[str, list[float]] = {}
        for kind, target, (x, y, width, height), _box in page.links:
            if kind != "internal" or target not in anchors:
                continue
            # CSS pixels from the top left -> PDF points from the bottom left.
            box = [x * 0.75, (page.height - y - height) * 0.75]
            box += [(x + width) * 0.75, (page.height - y) * 0.75]
            known = boxes.setdefault(target, box)
            known[:] = [*map(min, known[:2], box[:2]), *map(max, known[2:], box[2:])]
        for target, box in boxes.items():
            link = Link(rect=tuple(box), target_page_index=front_pages + anchors[target])
            writer.add_annotation(index, link)


def render(report: dict, fmt: str, *, progress: Progress | None = None) -> bytes:
    """The report in `fmt` ("pdf", "docx" or "xlsx"); `progress(percent, step)` as the
    renderer goes (PDF and DOCX: per part)."""
    if fmt == "xlsx":
        return render_xlsx(report)
    return {"pdf": render_pdf, "docx": render_docx}[fmt](report, progress=progress)


#: A part longer than this (table rows, a chart counting as `CHART_ROWS`) is cut before its
#: next subsection (which then starts a page): the PDF's layout holds one part in memory.
PART_ROWS = 600
CHART_ROWS = 25


def _weight(section: dict) -> int:
    weight = 1
    for block in section["blocks"]:
        if block["type"] == "table":
            weight += len(block["table"]["rows"])
        elif block["type"] == "chart":
            weight += CHART_ROWS + len(block["chart"]["table"]["rows"])
        else:
            weight += 1
    return weight


def report_parts(report: dict) -> list[list[dict]]:
    """The report's sections in parts: a part starts at each top-level section that starts
    a page (level 1, not `flow`) and holds the sections after it up to the next one; a part
    longer than `PART_ROWS` is cut before the subsection that would take it over. The PDF
    is laid out a part at a time; progress is reported per part."""
    parts: list[list[dict]] = []
    weight = 0
    for section in report["sections"]:
        starts = int(section["level"]) <= 1 and not section.get("flow")
        section_weight = _weight(section)
        if starts or not parts or (weight and weight + section_weight > PART_ROWS):
            parts.append([])
            weight = 0
        parts[-1].append(section)
        weight += section_weight
    return parts


def _report_progress(progress: Progress | None, n: int, total: int, part: list[dict]) -> None:
    """`progress` before part `n` of `total` (0-based): the share of parts done, named by
    the part's first heading."""
    if progress is None:
        return
    progress(
        int(100 * n / max(total, 1)),
        _("Part %(n)s of %(total)s: %(heading)s")
        % {"n": n + 1, "total": total, "heading": part[0]["heading"] if part else ""},
    )


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


class _DocxWriter:
    """Tables written straight into the document's XML, a row at a time: python-docx's
    `cell.text = …` clears the new cell's paragraph and creates another, `table.style = …`
    and `doc.add_table` look up the style and walk the body for the section's width on every
    call, and `table.rows[i]` / `table.cell(r, c)` re-walk the table — at 900 tables and
    14,000 rows that was most of a DOCX render (docs/performance.md). The XML is the same as
    python-docx writes (a `w:tc` with its width, one paragraph, one run; right-aligned
    figures, a bold header row repeated on each page), the styles are resolved once per
    document, and the body's closing section properties are kept so that each table and
    paragraph is inserted before them without a search."""

    def __init__(self, doc):
        from docx.oxml.ns import qn

        self.doc = doc
        self.qn = qn
        self.grid_style = doc.styles["Table Grid"].style_id
        self.style_ids: dict[str, str] = {}
        # The body's last child (its section properties): what is added goes before it.
        self.end = doc.element.body.sectPr
        self.width = doc.sections[-1].page_width - (
            doc.sections[-1].left_margin + doc.sections[-1].right_margin
        )
        names = ["tr", "trPr", "tblHeader", "tc", "tcPr", "tcW", "p", "pPr", "pStyle", "jc", "r"]
        self.tag = {name: qn(f"w:{name}") for name in [*names, "rPr", "b", "t", "tab", "br", "val"]}
        self.tag["w"], self.tag["type"] = qn("w:w"), qn("w:type")
        self.tag["space"] = qn("xml:space")

    def table(self, columns: int, *, style: bool = True):
        """A new table of `columns` at the end of the body (no rows) and its column width."""
        from docx.oxml.table import CT_Tbl

        columns = max(columns, 1)
        tbl = CT_Tbl.new_tbl(0, columns, self.width)
        if style:
            tbl.tblPr.style = self.grid_style
        self.end.addprevious(tbl)
        return tbl, tbl.tblGrid.gridCol_lst[0].get(self.tag["w"])

    def row(self, tbl, width: str, values, columns: int, *, bold=False, header=False) -> None:
        """A row of `columns` cells, the first ones `values` (text or typed cells; the rest
        left empty, more values are dropped); `bold`: a flag for every cell or a sequence of
        flags, one per cell."""
        tag = self.tag
        tr = SubElement(tbl, tag["tr"])
        if header:
            SubElement(SubElement(tr, tag["trPr"]), tag["tblHeader"]).set(tag["val"], "true")
        flags = bold if isinstance(bold, (list, tuple)) else None
        values = list(values)[:columns]
        for i in range(columns):
            tc = SubElement(tr, tag["tc"])
            tc_w = SubElement(SubElement(tc, tag["tcPr"]), tag["tcW"])
            tc_w.set(tag["type"], "dxa")
            tc_w.set(tag["w"], width)
            p = SubElement(tc, tag["p"])
            if i >= len(values):
                continue
            value = values[i]
            if getattr(value, "numeric", False):
                SubElement(SubElement(p, tag["pPr"]), tag["jc"]).set(tag["val"], "right")
            r = SubElement(p, tag["r"])
            if flags[i] if flags is not None else bold:
                SubElement(SubElement(r, tag["rPr"]), tag["b"])
            self._text(r, safe_text(typed.text(value)))

    def _text(self, r, text: str) -> None:
        """`text` in run `r` as python-docx writes it: tabs and line breaks as elements."""
        tag = self.tag
        for piece in _RUN_BREAKS.split(text) if _RUN_BREAKS.search(text) else (text,):
            if piece == "\t":
                SubElement(r, tag["tab"])
            elif piece in ("\r", "\n"):
                SubElement(r, tag["br"])
            elif piece:
                t = SubElement(r, tag["t"])
                t.text = piece
                if len(piece.strip()) < len(piece):
                    t.set(tag["space"], "preserve")

    def paragraph(self, text: str, style: str | None = None, *, lead: str = "") -> None:
        """A paragraph of `text` (in the style named `style`, else Normal) at the end of the
        body, as `doc.add_paragraph(text, style)` writes it; `lead`: a bold run before it."""
        tag = self.tag
        p = self.end.makeelement(tag["p"], {})
        if style is not None:
            SubElement(SubElement(p, tag["pPr"]), tag["pStyle"]).set(
                tag["val"], self._style_id(style)
            )
        if lead:
            r = SubElement(p, tag["r"])
            SubElement(SubElement(r, tag["rPr"]), tag["b"])
            self._text(r, safe_text(lead))
        text = safe_text(text)
        if text:
            self._text(SubElement(p, tag["r"]), text)
        self.end.addprevious(p)

    def _style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]


_RUN_BREAKS = re.compile(r"(\t|\r|\n)")


def _docx_table(writer: _DocxWriter, table: dict) -> None:
    writer.paragraph(table["title"], "Caption")
    count = max(len(table["columns"]), 1)
    tbl, width = writer.table(count)
    writer.row(tbl, width, table["columns"], count, bold=True, header=True)
    for row in table["rows"]:
        writer.row(tbl, width, row, count)


def _docx_pairs(writer: _DocxWriter, pairs, *, borders: bool) -> None:
    """Label/value pairs as a two-column table (the cover's facts, key figures): the value
    stays beside its label however long the label is."""
    tbl, width = writer.table(2, style=borders)
    for label, value in pairs:
        writer.row(tbl, width, (label, value), 2, bold=(True, False))


def render_docx(report: dict, *, progress: Progress | None = None) -> bytes:
    """The report as a Word file; `progress(percent, step)` is called before each part
    (`report_parts`) and before saving."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    cover = report["cover"]
    doc = new_docx(
        title=report["title"], author=cover["organisation"], subject=report.get("subject", "")
    )
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    writer = _DocxWriter(doc)
    doc.add_heading(safe_text(report["title"]), level=0)
    facts = [(_("Organisation"), cover["organisation"]), *cover.get("facts", [])]
    _docx_pairs(writer, facts, borders=False)
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
    parts = report_parts(report)
    for n, part in enumerate(parts):
        _report_progress(progress, n, len(parts), part)
        for section in part:
            _docx_section(doc, writer, section)
    _page_number_footer(doc)
    _update_fields_on_open(doc)
    if progress is not None:
        progress(100, _("Saving the file"))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_section(doc, writer: _DocxWriter, section: dict) -> None:
    from docx.shared import Cm

    level = min(max(int(section["level"]), 1), 3)
    writer.paragraph(section["heading"], f"Heading {level}")
    for block in section["blocks"]:
        kind = block["type"]
        if kind == "paragraph":
            writer.paragraph(block["text"])
        elif kind == "amendment":
            writer.paragraph(block["text"], lead=_("Amended:") + " ")
        elif kind == "markdown":
            add_markdown(doc, safe_text(block["text"]), level=level)
        elif kind == "key_figures":
            _docx_pairs(writer, block["items"], borders=True)
        elif kind == "table":
            _docx_table(writer, block["table"])
        elif kind == "chart":
            chart = block["chart"]
            doc.add_picture(io.BytesIO(charts.render_png(chart, dpi=110)), width=Cm(16))
            doc.add_paragraph(safe_text(chart["alt"])).italic = True
            _docx_table(writer, chart["table"])


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
