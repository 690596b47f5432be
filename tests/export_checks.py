"""What every file Målbild exports must be (issue #10, "Done means"), checked on the bytes a
user downloads: used by the crawl (tests/test_crawl.py) on every export the demo offers.

- PDF: every page A4 portrait; the first page, rendered to an image (pypdfium2), is not blank;
  its text extracts (pypdf).
- DOCX: every section A4; the organisation, not "python-docx", is the author.
- XLSX: no formula anywhere (user text is never one); no number stored as text — a text cell
  that reads as a formatted number ("1 750 000", "31 st", "2020") is a problem, because SUM()
  skips it.
- Any format: no UUID, no field name or raw choice code, no untranslated interface string
  in a Swedish file."""

import io
import re

import docx
import openpyxl
import pypdfium2
from pypdf import PdfReader

from malbild.reports.xlsx import parse_formatted

A4_POINTS = (595, 842)
A4_TWIPS = (11906, 16838)  # 21 × 29.7 cm in twentieths of a point (python-docx's Length / 635)


def pdf_problems(body: bytes) -> tuple[list[str], str]:
    problems: list[str] = []
    reader = PdfReader(io.BytesIO(body))
    for n, page in enumerate(reader.pages, start=1):
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        if any(abs(a - b) > 1 for a, b in zip(size, A4_POINTS, strict=True)):
            problems.append(f"page {n} is {size[0]}×{size[1]} pt, not A4")
    pdf = pypdfium2.PdfDocument(body)
    try:
        image = pdf[0].render(scale=0.5).to_pil().convert("L")
        darkest, _lightest = image.getextrema()
        if darkest > 128:
            problems.append("the first page renders blank")
    finally:
        pdf.close()
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return problems, text


def docx_problems(body: bytes) -> tuple[list[str], str]:
    problems: list[str] = []
    document = docx.Document(io.BytesIO(body))
    for n, section in enumerate(document.sections, start=1):
        size = (round(section.page_width / 635), round(section.page_height / 635))
        if any(abs(a - b) > 20 for a, b in zip(size, A4_TWIPS, strict=True)):
            problems.append(f"section {n} is not A4 ({size})")
    author = document.core_properties.author or ""
    if not author or "python-docx" in author:
        problems.append(f"author is {author!r}, not the organisation")
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return problems, "\n".join(parts)


def xlsx_problems(body: bytes) -> tuple[list[str], str]:
    problems: list[str] = []
    book = openpyxl.load_workbook(io.BytesIO(body))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                texts.append(str(cell.value))
                if cell.data_type == "f":
                    problems.append(f"{sheet.title}!{cell.coordinate} is a formula")
                elif isinstance(cell.value, str) and parse_formatted(cell.value) is not None:
                    problems.append(
                        f"{sheet.title}!{cell.coordinate} holds the number {cell.value!r} as text"
                    )
    return problems[:10], "\n".join(texts)


CHECKS = {".pdf": pdf_problems, ".docx": docx_problems, ".xlsx": xlsx_problems}
LINE_SPLIT = re.compile(r"[\n\t]")


def export_problems(suffix: str, body: bytes, *, uuid, identifier, codes, english) -> list[str]:
    """Problems of one downloaded file (see the module docstring); calendar files are not
    read (their UID line is for calendar programs)."""
    if suffix not in CHECKS:
        return []
    problems, text = CHECKS[suffix](body)
    lines = [line.strip() for line in LINE_SPLIT.split(text) if line.strip()]
    uids = sorted(set(uuid.findall(text)))
    if uids:
        problems.append(f"raw uids {uids[:3]}")
    raw = sorted({line for line in lines if line in codes} | set(identifier.findall(text)))
    if raw:
        problems.append(f"raw codes or field names {raw[:8]}")
    untranslated = sorted({line for line in lines if line in english})
    if untranslated:
        problems.append(f"English interface text in a Swedish file {untranslated[:8]}")
    return problems
