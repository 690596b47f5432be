"""The consultation summary through the document pipeline (consultation.summary_report →
malbild.reports.render): a cover with the round's facts, a section per part with typed cells,
and the strategist's assessment and proposal for a decision as Markdown sections — real Word
headings and lists in the DOCX, a heading with its list in the PDF."""

import io

from django.utils import translation

from malbild.consultation import selectors
from malbild.consultation.summary_report import summary_report
from malbild.consultation.tests.test_views import handled_round, live_round  # noqa: F401
from malbild.reports import render
from malbild.reports.cells import Date, Status

ASSESSMENT = "Remissvaren visar **brett stöd**.\n\n- Kulturen saknas\n- Mätetalen behålls\n"
PROPOSAL = "Kommunstyrelsen föreslås besluta\n\n1. att anta planen,\n2. att följa upp den.\n"


def _summary(round_):
    summary = selectors.summary_build(round=round_)
    return {**summary, "assessment": ASSESSMENT, "proposal": PROPOSAL}


def test_structure_has_cover_facts_typed_cells_and_the_strategists_sections(handled_round):  # noqa: F811
    with translation.override("sv"):
        report = summary_report(_summary(handled_round))
    assert report["title"].endswith(handled_round.title)
    assert report["cover"]["organisation"] == handled_round.organisation.name
    facts = dict(report["cover"]["facts"])
    assert facts["Sista svarsdag"] == handled_round.deadline.isoformat()
    headings = [s["heading"] for s in report["sections"]]
    assert headings.index("Bedömning") < headings.index("Förslag till beslut")
    assert headings.index("Förslag till beslut") < headings.index("Bilaga: remissvaren")
    proposal = next(s for s in report["sections"] if s["heading"] == "Förslag till beslut")
    assert proposal["blocks"] == [{"type": "markdown", "text": PROPOSAL.strip()}]
    consultees = next(t for t in report["tables"] if t["key"] == "consultees")
    assert all(isinstance(r[1], Status) and isinstance(r[2], Date) for r in consultees["rows"])
    assert {t["key"] for t in report["tables"]} >= {"consultees", "changes"}


def test_without_assessment_or_proposal_there_is_no_such_section(handled_round):  # noqa: F811
    with translation.override("sv"):
        report = summary_report(selectors.summary_build(round=handled_round))
    headings = [s["heading"] for s in report["sections"]]
    assert "Bedömning" not in headings and "Förslag till beslut" not in headings


def test_docx_renders_the_markdown_as_word_headings_and_lists(handled_round):  # noqa: F811
    from docx import Document

    with translation.override("sv"):
        doc = Document(io.BytesIO(render.render_docx(summary_report(_summary(handled_round)))))
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["Bedömning"] == "Heading 1" and styles["Förslag till beslut"] == "Heading 1"
    assert styles["Kulturen saknas"] == "List Bullet"
    assert styles["att anta planen,"] == "List Number"
    assert "**" not in "\n".join(styles)
    assert doc.core_properties.author == handled_round.organisation.name


def test_pdf_is_a4_with_the_cover_and_the_proposal(handled_round):  # noqa: F811
    from pypdf import PdfReader

    with translation.override("sv"):
        data = render.render_pdf(summary_report(_summary(handled_round)))
    reader = PdfReader(io.BytesIO(data))
    pages = [p.extract_text() for p in reader.pages]
    assert all(abs(float(p.mediabox.height) - 842) <= 1 for p in reader.pages)
    assert handled_round.organisation.name in pages[0] and "Sista svarsdag" in pages[0]
    assert f"Sida 1 av {len(pages)}" in pages[0] and "Innehåll" in pages[1]
    text = " ".join(" ".join(pages).split())
    assert "Förslag till beslut" in text and "att anta planen," in text
