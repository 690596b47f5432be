"""The PDF laid out a part at a time and joined (render.render_pdf, ADR 0012 addendum): the
same pages as the document laid out whole, "Sida N av M" right on every page of every part,
the contents' page numbers where the headings are, progress per part; the DOCX tables
written straight into the XML are the ones python-docx's table API writes."""

import io
import re

import pytest
from django.utils import translation
from lxml import etree

from malbild.reports import render
from malbild.reports.cells import Amount, Number, Status

from .test_render import make_report


def _rows(prefix: str, n: int) -> list[list]:
    return [
        [
            f"{prefix}.{i}",
            f"Åtgärd {prefix}.{i} med en lite längre text\npå två rader",
            Status("on_track", "Enligt plan"),
            Amount(1000 * i),
            Number(i, "st"),
            "",
        ]
        for i in range(1, n + 1)
    ]


def long_report() -> dict:
    """Four top-level sections, the second one pages long with subsections, the third
    flowing on after it (so three parts), the last short."""

    def table(key: str, n: int) -> dict:
        return {
            "key": key,
            "title": f"Tabell {key}",
            "kind": "activities",
            "columns": ["Nr", "Åtgärd", "Status", "Budget", "Antal", "Not"],
            "rows": _rows(key, n),
        }

    tables = [table("a", 5), table("b", 90), table("c", 70), table("d", 30), table("e", 3)]

    def section(id_, heading, level, table=None, **extra):
        blocks = [{"type": "table", "table": table}] if table else []
        return {"id": id_, "heading": heading, "level": level, "blocks": blocks, **extra}

    sections = [
        section("s-a", "Inledning", 1, tables[0]),
        section("s-b", "Fokusområden", 1),
        section("s-b1", "Fokusområde ett", 2, tables[1]),
        section("s-b2", "Fokusområde två", 2, tables[2]),
        section("s-c", "Fortsättning utan sidbrytning", 1, tables[3], flow=True),
        section("s-d", "Bilaga", 1, tables[4]),
    ]
    return {
        "title": "Årsrapport i delar",
        "subject": "Uppföljning",
        "cover": {"organisation": "Alingsås kommun", "facts": [("Period", "2026")]},
        "sections": sections,
        "tables": tables,
    }


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def joined():
    """The long report's PDF, the steps reported while rendering it, and the page count of
    the same report laid out as one document (the renderer before it was split)."""
    from weasyprint import HTML

    report = long_report()
    steps: list[tuple[int, str]] = []
    with translation.override("sv"):
        pdf = render.render_pdf(
            report, progress=lambda percent, step: steps.append((percent, step))
        )
        whole = HTML(string=render.render_html(report), base_url=".").render()
    return {"report": report, "pages": _pages(pdf), "steps": steps, "whole": len(whole.pages)}


def test_report_parts_start_at_each_page_starting_top_level_section():
    parts = render.report_parts(long_report())
    assert [[s["id"] for s in part] for part in parts] == [
        ["s-a"],
        ["s-b", "s-b1", "s-b2", "s-c"],
        ["s-d"],
    ]


def test_joined_pdf_has_the_pages_of_the_whole_document(joined):
    pages = joined["pages"]
    assert len(pages) == joined["whole"]
    assert len(pages) >= 7  # cover, contents, one page, several pages, the appendix
    assert "Årsrapport i delar" in pages[0] and "Contents" not in pages[0]


def test_every_page_says_sida_n_av_m_across_parts(joined):
    pages = joined["pages"]
    total = len(pages)
    for n, text in enumerate(pages, start=1):
        assert f"Sida {n} av {total}" in text, (n, text[-80:])
        # The organisation at the top of every page (the cover names it among its facts).
        assert "Alingsås kommun" in text
    second_part = next(n for n, text in enumerate(pages, 1) if n > 2 and "Fokusområde två" in text)
    assert second_part > 4
    assert f"Sida {second_part} av {total}" in pages[second_part - 1]


def test_contents_give_the_page_each_heading_is_on(joined):
    pages = joined["pages"]
    contents = pages[1]
    for section in joined["report"]["sections"]:
        listed = re.search(re.escape(section["heading"]) + r"[ .]*?(\d+)\s*$", contents, re.M)
        assert listed, section["heading"]
        page = int(listed.group(1))
        # The heading is on that page (its first line of text there), not on an earlier one.
        assert section["heading"] in pages[page - 1], (section["heading"], page)
        assert not any(
            re.search(r"^" + re.escape(section["heading"]) + r"$", text, re.M)
            for text in pages[2 : page - 1]
        )


def test_contents_entries_link_to_their_pages():
    from pypdf import PdfReader

    with translation.override("sv"):
        reader = PdfReader(io.BytesIO(render.render_pdf(long_report())))
    targets = [
        reader.get_page_number(annot.get_object()["/Dest"][0].get_object())
        for annot in reader.pages[1].get("/Annots", [])
    ]
    pages = [page.extract_text() for page in reader.pages]
    headings = [s["heading"] for s in long_report()["sections"]]
    assert len(targets) == len(headings)
    for heading, index in zip(headings, targets, strict=True):
        assert heading in pages[index]


def test_progress_is_reported_per_part_then_the_front_and_page_numbers(joined):
    steps = joined["steps"]
    part_steps = [step for _p, step in steps if step.startswith("Del ")]
    assert part_steps == [
        "Del 1 av 3: Inledning",
        "Del 2 av 3: Fokusområden",
        "Del 3 av 3: Bilaga",
    ]
    percents = [percent for percent, _s in steps]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] < 100
    assert len(steps) == 3 + 2


def test_docx_progress_per_part():
    steps: list[tuple[int, str]] = []
    with translation.override("sv"):
        render.render_docx(long_report(), progress=lambda p, s: steps.append((p, s)))
    assert [s for _p, s in steps] == [
        "Del 1 av 3: Inledning",
        "Del 2 av 3: Fokusområden",
        "Del 3 av 3: Bilaga",
        "Sparar filen",
    ]
    assert [p for p, _s in steps] == [0, 33, 66, 100]


# -- DOCX: the tables written into the XML are python-docx's -----------------------------------


def _reference_table(doc, table: dict) -> None:
    """A table as python-docx's table API writes it (the renderer before it wrote the XML
    itself): a caption, a bold header row repeated on each page, a row per row."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from malbild.reports import cells as typed
    from malbild.reports.xlsx import safe_text

    def cell(c, value, bold=False):
        c.text = safe_text(typed.text(value))
        if getattr(value, "numeric", False):
            c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if bold:
            for run in c.paragraphs[0].runs:
                run.bold = True

    doc.add_paragraph(safe_text(table["title"]), style="Caption")
    t = doc.add_table(rows=1, cols=max(len(table["columns"]), 1))
    t.style = "Table Grid"
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    t.rows[0]._tr.get_or_add_trPr().append(header)
    for c, text in zip(t.rows[0].cells, table["columns"], strict=False):
        cell(c, text, bold=True)
    for row in table["rows"]:
        for c, value in zip(t.add_row().cells, row, strict=False):
            cell(c, value)


def _canonical(element) -> bytes:
    return etree.tostring(element, method="c14n")


@pytest.mark.parametrize("report", [make_report(), long_report()], ids=["sample", "long"])
def test_docx_tables_are_the_ones_python_docx_writes(report):
    from docx import Document

    with translation.override("sv"):
        doc = Document(io.BytesIO(render.render_docx(report)))
    reference = render.new_docx(title="x", author="y")
    blocks = [b for s in report["sections"] for b in s["blocks"] if b["type"] in ("table", "chart")]
    tables = [b["table"] if b["type"] == "table" else b["chart"]["table"] for b in blocks]
    for table in tables:
        _reference_table(reference, table)
    # The data tables (after a caption), in the order the sections have them.
    written = [
        t
        for t in doc.tables
        if t._tbl.xpath("preceding-sibling::w:p[1]/w:pPr/w:pStyle[@w:val='Caption']")
    ]
    assert len(written) == len(reference.tables) == len(tables)
    for table, got, expected in zip(tables, written, reference.tables, strict=True):
        assert _canonical(got._tbl) == _canonical(expected._tbl), table["title"]
        assert [[c.text for c in row.cells] for row in got.rows] == [
            [c.text for c in row.cells] for row in expected.rows
        ]


def test_docx_table_cells_keep_line_breaks_short_rows_and_hostile_text():
    from docx import Document

    table = {
        "key": "x",
        "title": "Udda rader",
        "kind": "x",
        "columns": ["A", "B", "C"],
        "rows": [["ett\ttab", " kant "], ["=1+1", "rad\r\nbrytning", "c", "för många"], []],
    }
    section = {"id": "x", "heading": "X", "level": 1, "blocks": [{"type": "table", "table": table}]}
    report = {**make_report(), "sections": [section]}
    with translation.override("sv"):
        doc = Document(io.BytesIO(render.render_docx(report)))
    reference = render.new_docx(title="x", author="y")
    _reference_table(reference, table)
    got = next(t for t in doc.tables if t.rows[0].cells[0].text == "A")
    assert _canonical(got._tbl) == _canonical(reference.tables[0]._tbl)
    assert [c.text for c in got.rows[1].cells] == ["ett\ttab", " kant ", ""]
    assert [c.text for c in got.rows[2].cells] == ["=1+1", "rad\n\nbrytning", "c"]


def test_a_long_part_is_cut_before_a_subsection_which_starts_a_page(monkeypatch):
    monkeypatch.setattr(render, "PART_ROWS", 120)
    report = long_report()
    assert [[s["id"] for s in part] for part in render.report_parts(report)] == [
        ["s-a"],
        ["s-b", "s-b1"],
        ["s-b2", "s-c"],
        ["s-d"],
    ]
    with translation.override("sv"):
        pages = _pages(render.render_pdf(report))
    total = len(pages)
    assert all(f"Sida {n} av {total}" in text for n, text in enumerate(pages, 1))
    # "Fokusområde två" now opens a page of its own: its heading is the page's first line
    # below the organisation's name.
    starts = [text for text in pages[2:] if "Fokusområde två" in text]
    assert starts and starts[0].split("\n")[0] == "Fokusområde två"
    contents = pages[1]
    for section in report["sections"]:
        page = int(re.search(re.escape(section["heading"]) + r"[ .]*?(\d+)\s*$", contents, re.M)[1])
        assert section["heading"] in pages[page - 1]
