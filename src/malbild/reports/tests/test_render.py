"""The one document pipeline (malbild.reports.render) on a report of every block type and
cell type: the PDF is A4 with a cover of facts, a contents page with page numbers and "Sida 1
av N"; the DOCX is A4 with Heading styles, a table-of-contents field that Word fills on open,
page numbers, the organisation as author and Markdown as real Word lists and headings; the
XLSX has one sheet per table kind (frozen header, autofilter), numeric and date cells, and no
formula or broken format from hostile titles and units."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation

from malbild.reports import render
from malbild.reports.cells import Amount, Date, Number, Status

MARKDOWN = """Vi föreslår att nämnden

- antar planen,
- ger förvaltningen i uppdrag att **följa upp** den.

### Skäl

1. Första skälet med *betoning*.
2. Andra skälet.

<script>alert(1)</script>
"""


def _table(key, title, kind, rows, columns=None):
    return {
        "key": key,
        "title": title,
        "kind": kind,
        "kind_label": "Åtgärder" if kind == "activities" else None,
        "columns": columns or ["Nr", "Åtgärd", "Status", "Budget", "Andel", "Klar"],
        "rows": rows,
    }


def make_report(title="Digital agenda 2026"):
    first = _table(
        "fa1-activities",
        "Åtgärder",
        "activities",
        [
            [
                "1.1",
                "E-tjänster",
                Status("on_track", "Enligt plan"),
                Amount(1750000),
                Number(Decimal("78.5"), "%"),
                Date(datetime.date(2026, 12, 1)),
            ],
            ["1.2", "Wifi", Status("off_track", "Avviker"), Amount(None), Number(None), Date(None)],
        ],
    )
    second = _table(
        "fa2-activities",
        "Åtgärder",
        "activities",
        [
            [
                "2.1",
                "Öppna data",
                Status("at_risk", "Risk för avvikelse"),
                Amount(Decimal("12500.5")),
                Number(31, "st"),
                Date(datetime.date(2027, 3, 31)),
            ]
        ],
    )
    budget = {
        "key": "budget",
        "title": "Budget per år",
        "kind": "budget",
        "columns": ["År", "Budget"],
        "rows": [[Number(2026, grouping=False), Amount(200000, unit="")]],
    }
    chart = {
        "kind": "grouped",
        "title": "Budget per år",
        "ylabel": "kr",
        "categories": [2026],
        "series": [{"label": "Budget", "values": [200000]}],
        "alt": "2026: 200 000 kr.",
        "table": budget,
    }
    sections = [
        {
            "id": "summary",
            "heading": "Sammanfattning",
            "level": 1,
            "blocks": [
                {"type": "paragraph", "text": "Året i korthet."},
                {
                    "type": "key_figures",
                    "items": [("Åtgärder", Number(3)), ("Budget 2026", Amount(1750000))],
                },
                {"type": "amendment", "text": "Ett värde är rättat."},
            ],
        },
        {"id": "proposal", "heading": "Förslag till beslut", "level": 1, "blocks": []},
        {
            "id": "proposal-text",
            "heading": "Förslaget",
            "level": 2,
            "blocks": [{"type": "markdown", "text": MARKDOWN}],
        },
        {
            "id": "fa-1",
            "heading": "1 Digitala tjänster",
            "level": 2,
            "blocks": [{"type": "table", "table": first}],
        },
        {
            "id": "fa-2",
            "heading": "2 Öppna data",
            "level": 2,
            "blocks": [{"type": "table", "table": second}, {"type": "chart", "chart": chart}],
        },
    ]
    return {
        "title": title,
        "subject": "Uppföljning av Digital agenda",
        "cover": {
            "organisation": "Alingsås kommun",
            "facts": [
                ("Dokument", "Digital agenda"),
                ("Diarienummer för det beslut som fastställde dokumentet", "KS 2026/12"),
                ("Datum", "2026-12-01"),
            ],
            "notice": "Preliminär: perioden är fortfarande öppen.",
        },
        "sections": sections,
        "tables": [first, second, budget],
    }


# -- HTML --------------------------------------------------------------------------------------


def test_html_shows_typed_cells_in_swedish_and_statuses_as_badges():
    with translation.override("sv"):
        html = render.render_html(make_report(), print_version=False)
    assert "1\u00a0750\u00a0000\u00a0kr" in html and "78,5 %" in html and "2026-12-01" in html
    assert '<span class="status status--on_track">Enligt plan</span>' in html
    assert '<td class="num">1\u00a0750\u00a0000\u00a0kr</td>' in html
    assert "Preliminär: perioden är fortfarande öppen." in html
    assert "<dt>Diarienummer för det beslut som fastställde dokumentet</dt><dd>KS" in html
    # Markdown: sanitised, a list, its heading nested under the section's h3.
    assert "<script>" not in html and "<li>antar planen,</li>" in html
    assert "<h4>Skäl</h4>" in html and "<strong>följa upp</strong>" in html


# -- PDF ---------------------------------------------------------------------------------------


def _pdf(report):
    from pypdf import PdfReader

    with translation.override("sv"):
        return PdfReader(io.BytesIO(render.render_pdf(report)))


def test_pdf_is_a4_with_cover_contents_and_page_numbers():
    reader = _pdf(make_report())
    pages = [p.extract_text() for p in reader.pages]
    n = len(pages)
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595) <= 1
        assert abs(float(page.mediabox.height) - 842) <= 1
    cover = pages[0]
    assert "Digital agenda 2026" in cover and "KS 2026/12" in cover
    assert "Preliminär" in cover and "Sammanfattning" not in cover  # the cover is its own page
    assert f"Sida 1 av {n}" in cover and f"Sida {n} av {n}" in pages[-1]
    contents = pages[1]
    assert "Innehåll" in contents
    # Each section in the contents with the page it starts on.
    page_of = {i + 1: text for i, text in enumerate(pages)}
    match = re.search(r"1 Digitala tjänster\W*(\d+)", contents)
    assert match and "1 Digitala tjänster" in page_of[int(match.group(1))].split("Innehåll")[-1]
    assert reader.metadata.title == "Digital agenda 2026"
    assert reader.metadata.author == "Alingsås kommun"


def test_pdf_cover_value_stays_level_with_a_wrapping_label():
    reader = _pdf(make_report())
    positions = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            positions.setdefault(text.strip(), tm[5] * cm[3] + cm[5])

    reader.pages[0].extract_text(visitor_text=visit)
    label = next(y for t, y in positions.items() if t.startswith("Diarienummer"))
    value = positions["KS 2026/12"]
    assert abs(label - value) < 2, (label, value)  # first line of the label, same baseline
    assert "fastställde dokumentet" not in next(
        t for t in positions if t.startswith("Diarienummer")
    ), "the long label wraps in its own column"


# -- DOCX --------------------------------------------------------------------------------------


def _docx(report):
    from docx import Document

    with translation.override("sv"):
        data = render.render_docx(report)
    return Document(io.BytesIO(data)), data


def test_docx_is_a4_with_headings_toc_field_page_numbers_and_metadata():
    doc, data = _docx(make_report())
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["Digital agenda 2026"] == "Title"
    assert styles["Sammanfattning"] == "Heading 1"
    assert styles["1 Digitala tjänster"] == "Heading 2"
    assert styles["Skäl"] == "Heading 3"  # Markdown heading below its level-2 section
    core = doc.core_properties
    assert core.author == "Alingsås kommun" and core.title == "Digital agenda 2026"
    assert core.subject == "Uppföljning av Digital agenda"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode()
        settings = z.read("word/settings.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
    assert 'TOC \\o "1-3" \\h \\z \\u' in document
    assert '<w:updateFields w:val="true"/>' in settings
    assert " PAGE " in footer and " NUMPAGES " in footer and "Sida" in footer
    # The table of contents follows the cover: the field comes before the first heading.
    assert document.index("TOC \\o") < document.index("Sammanfattning")
    # The cover's facts are a two-column table; data tables repeat their header row.
    cover = doc.tables[0]
    assert [c.text for c in cover.rows[2].cells] == [
        "Diarienummer för det beslut som fastställde dokumentet",
        "KS 2026/12",
    ]
    assert "<w:tblHeader" in document


def test_docx_markdown_becomes_word_lists_and_formatting():
    doc, _data = _docx(make_report())
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["antar planen,"].style.name == "List Bullet"
    assert by_text["Första skälet med betoning."].style.name == "List Number"
    follow = by_text["ger förvaltningen i uppdrag att följa upp den."]
    assert [r.text for r in follow.runs if r.bold] == ["följa upp"]
    emphasis = by_text["Första skälet med betoning."]
    assert [r.text for r in emphasis.runs if r.italic] == ["betoning"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "<" not in text and "**" not in text and "alert" not in text


def test_docx_shows_typed_cells_as_text():
    doc, _data = _docx(make_report())
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"1\u00a0750\u00a0000\u00a0kr", "78,5 %", "2026-12-01", "Enligt plan", "–"} <= cells


# -- XLSX --------------------------------------------------------------------------------------


def _xlsx(report):
    from openpyxl import load_workbook

    with translation.override("sv"):
        return load_workbook(io.BytesIO(render.render_xlsx(report)))


def test_xlsx_has_one_sheet_per_kind_with_frozen_filterable_header():
    wb = _xlsx(make_report())
    assert wb.sheetnames == ["Försättsblad", "Åtgärder", "Budget per år"]
    ws = wb["Åtgärder"]
    assert ws.freeze_panes == "A3"
    assert [c.value for c in ws[2]] == [
        "Avsnitt",
        "Tabell",
        "Nr",
        "Åtgärd",
        "Status",
        "Budget",
        "Andel",
        "Klar",
    ]
    assert ws.auto_filter.ref == "A2:H5"
    assert [c.value for c in ws["A"][2:]] == [
        "1 Digitala tjänster",
        "1 Digitala tjänster",
        "2 Öppna data",
    ]
    # One table of its kind: no leading columns.
    assert [c.value for c in wb["Budget per år"][2]] == ["År", "Budget"]


def test_xlsx_writes_numbers_and_dates_as_such():
    wb = _xlsx(make_report())
    ws = wb["Åtgärder"]
    status, amount, share, done = (ws.cell(row=3, column=c) for c in range(5, 9))
    assert status.value == "Enligt plan" and status.data_type == "s"
    assert amount.value == 1750000 and amount.data_type == "n"
    assert amount.number_format == '#,##0" kr"'
    assert share.value == pytest.approx(78.5) and share.number_format == '#,##0.0" %"'
    assert done.is_date and done.value.date() == datetime.date(2026, 12, 1)
    assert done.number_format == "yyyy-mm-dd"
    fraction = ws.cell(row=5, column=6)
    assert fraction.value == pytest.approx(12500.5) and fraction.number_format == '#,##0.0" kr"'
    assert [ws.cell(row=4, column=c).value for c in (6, 7, 8)] == [None, None, None]
    year = wb["Budget per år"].cell(row=3, column=1)
    assert year.value == 2026 and year.number_format == "0"
    cover = wb["Försättsblad"]
    values = {r[0].value: r[1].value for r in cover.iter_rows(min_row=2) if r[0].value}
    assert values["Diarienummer för det beslut som fastställde dokumentet"] == "KS 2026/12"
    assert values["Budget 2026"] == 1750000  # key figures on the cover, numeric


def test_xlsx_hostile_titles_and_units_make_no_formula_and_no_broken_format():
    report = make_report(title='=HYPERLINK("http://x","y")\x01')
    table = report["tables"][2]
    table["title"] = "=SUM(A1)\x01 [budget]"
    table["rows"].append(["=1+1", Number(5, 'st"\\\x01')])
    wb = _xlsx(report)
    cover = wb.worksheets[0]
    assert cover["A1"].value == '=HYPERLINK("http://x","y")' and cover["A1"].data_type == "s"
    ws = wb.worksheets[2]
    assert ws.title == "=SUM(A1)  budget"
    assert ws["A1"].value == "=SUM(A1) [budget]" and ws["A1"].data_type == "s"
    assert ws["A4"].value == "=1+1" and ws["A4"].data_type == "s"
    assert ws["B4"].value == 5 and ws["B4"].number_format == '#,##0" st"'
    assert wb.properties.title == '=HYPERLINK("http://x","y")'
