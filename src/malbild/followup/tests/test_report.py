"""The annual report: one structure rendered as web page, PDF (A4, page numbers, table of
contents, charts), DOCX (real headings and tables) and XLSX (one sheet per table); the text
of every format is extracted and checked for headings, figures and statuses; the PDF is
rendered to PNG to prove it is not blank; a closed period always gives the same content."""

import datetime
import io

import pytest

from malbild.core.access import access_for
from malbild.followup import report as builder
from malbild.followup import selectors, services
from malbild.followup.tests.conftest import plan  # noqa: F401 - fixture
from malbild.reports import render
from malbild.reports.cells import Amount, Number, Status


@pytest.fixture
def reported(plan, editor, strategist):  # noqa: F811
    ed = access_for(editor, plan["period"].organisation)
    st = access_for(strategist, plan["period"].organisation)
    line = plan["activity"].budget_lines.order_by("kind").first()  # investment 50 000
    services.activity_report_save(
        access=ed,
        period=plan["period"],
        activity=plan["activity"],
        data={"status": "done", "progress": 100, "comment": "Införd i alla skolor"},
        outcomes={line.pk: "45000"},
        submit=True,
    )
    services.indicator_value_save(
        access=ed,
        period=plan["period"],
        indicator=plan["indicator"],
        data={"value": 31, "measured_on": datetime.date(2019, 12, 31)},
        submit=True,
    )
    qs = services.question_set_create_from_template(access=st)
    services.period_update(access=st, period=plan["period"], data={"question_set": qs})
    q = qs.sections.first().questions.first()
    services.self_assessment_save(access=st, period=plan["period"], answers={q.pk: ("partly", "")})
    return plan


def build(period):
    return builder.build_report(selectors.period_data(period=period))


def test_report_structure(reported):
    report = build(reported["period"])
    headings = [s["heading"] for s in report["sections"]]
    assert "1 Digitala tjänster" in headings
    assert report["cover"]["organisation"] == "Alingsås kommun"
    keys = {t["key"]: t for t in report["tables"]}

    def text(row):
        return [str(cell) for cell in row]

    assert text(keys["fa1-indicators"]["rows"][0][:5]) == [
        "Antal e-tjänster",
        "10 st (2017)",
        "31 st",
        "30 st",
        "40 st (2020)",
    ]
    year = ["2019", "200\u00a0000", "0", "100\u00a0000", "45\u00a0000"]
    assert [text(r) for r in keys["budget"]["rows"]] == [
        year,
        ["Hela planperioden 2018–2020", *year[1:]],
    ]
    # Figures are typed cells (#10 §2): amounts, counts and statuses, not formatted text.
    assert keys["budget"]["rows"][0][1] == Amount(200000, unit="")
    assert keys["fa1-indicators"]["rows"][0][2] == Number(31, "st")
    assert isinstance(keys["fa1-indicators"]["rows"][0][5], Status)
    assert keys["all-activities"]["rows"][0][3].code in {"done", "ongoing", "planned"}
    assert len(keys["all-activities"]["rows"]) == 2


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_has_toc_page_numbers_and_is_not_blank(reported, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        report = build(reported["period"])
        pdf = render.render_pdf(report)
    text = _pdf_text(pdf)
    assert "Contents" in text and "Page 1 of" in text
    assert "Antal e-tjänster" in text and "On track" in text and "Done" in text
    assert "Digitala tjänster för invånare och företag" in text
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    assert len(doc) >= 3
    darkest, lightest = doc[0].render(scale=0.5).to_pil().convert("L").getextrema()
    assert darkest < 128 and lightest > 200  # text printed on a white cover page
    # The charts are colour: some page has saturated pixels, which text alone never has.
    saturation = [
        doc[i].render(scale=0.5).to_pil().convert("HSV").getextrema()[1][1] for i in range(len(doc))
    ]
    assert max(saturation) > 100, "no chart rendered in the PDF"


def test_docx_has_headings_and_tables(reported):
    from django.utils import translation
    from docx import Document

    from malbild.actionplan.constants import ActivityStatus

    with translation.override("sv"):
        data = render.render_docx(build(reported["period"]))
        done = str(ActivityStatus.DONE.label)
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1 Digitala tjänster" in headings
    assert len(doc.tables) >= 5
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"Antal e-tjänster", "31 st", done, "100 %"} <= cells
    assert doc.inline_shapes, "charts are embedded as pictures"
    # #10: A4 (not python-docx's US Letter) and the organisation as author.
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert doc.core_properties.author == reported["period"].organisation.name
    assert doc.core_properties.last_modified_by == doc.core_properties.author


def test_xlsx_has_one_sheet_per_table_kind(reported):
    from openpyxl import load_workbook

    report = build(reported["period"])
    wb = load_workbook(io.BytesIO(render.render_xlsx(report)))
    kinds = {t["kind"] for t in report["tables"]}
    assert len(wb.sheetnames) == len(kinds) + 1 < len(report["tables"]) + 1
    assert "Åtgärder" in wb.sheetnames and "Nyckeltal" in wb.sheetnames
    assert not any(name[-1].isdigit() for name in wb.sheetnames), wb.sheetnames
    values = {c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    assert "Antal e-tjänster" in values and 45000 in values
    # #10: numbers are numeric cells (SUM works), with the unit in the number format; headers
    # are frozen and filterable.
    cells = [c for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row]
    money = next(c for c in cells if c.value == 45000)
    assert money.data_type == "n" and money.number_format.startswith("#,##0")
    assert not any(isinstance(c.value, str) and "\u00a0000" in c.value for c in cells)
    sheet = wb.worksheets[1]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")


def test_xlsx_never_makes_a_formula_or_breaks_on_control_characters(reported):
    from openpyxl import load_workbook

    report = build(reported["period"])
    report["tables"][0]["rows"] += [['=HYPERLINK("http://x","y")', "a\x01b"], ["+1", "-"]]
    wb = load_workbook(io.BytesIO(render.render_xlsx(report)))
    cells = {c.value: c for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    formula = cells['=HYPERLINK("http://x","y")']
    assert formula.data_type == "s"
    assert formula.offset(column=1).value == "ab"  # the control character removed
    assert cells["+1"].data_type == "s"


def test_closed_period_report_is_deterministic(reported, strategist):
    st = access_for(strategist, reported["period"].organisation)
    period = services.period_close(access=st, period=reported["period"])
    first = build(period)
    html = render.render_html(first)
    xlsx_rows = [t["rows"] for t in first["tables"]]
    reported["activity"].title = "Ändrad titel"
    reported["activity"].save()
    period.refresh_from_db()
    second = build(period)
    assert render.render_html(second) == html
    assert second == first
    assert [t["rows"] for t in second["tables"]] == xlsx_rows


def test_amendment_is_shown_in_every_format(reported, strategist):
    from django.utils import translation
    from docx import Document
    from openpyxl import load_workbook

    st = access_for(strategist, reported["period"].organisation)
    period = services.period_close(access=st, period=reported["period"])
    services.amendment_create(
        access=st,
        period=period,
        target="activity",
        target_uid=str(reported["activity"].uid),
        field="progress",
        new_value="80",
        reason="Rapporterat för högt.",
    )
    with translation.override("en"):
        report = build(period)
        docx = Document(io.BytesIO(render.render_docx(report)))
        wb = load_workbook(io.BytesIO(render.render_xlsx(report)))
        html = render.render_html(report)
    row = next(
        r
        for r in {t["key"]: t for t in report["tables"]}["all-activities"]["rows"]
        if r[1] == reported["activity"].title
    )
    assert str(row[4]) == "80 %" and "100 → 80. Rapporterat för högt." in row[5]
    assert "1 amendment(s)" in html and "Rapporterat för högt." in html
    assert any(
        "Rapporterat för högt." in c.text for t in docx.tables for r in t.rows for c in r.cells
    )
    assert any(
        "Rapporterat för högt." in str(c)
        for ws in wb.worksheets
        for r in ws.iter_rows(values_only=True)
        for c in r
    )
