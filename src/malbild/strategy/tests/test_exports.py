"""The plan export (`strategy.exports`): the report structure of a document's working copy and
of a frozen version (cover facts, narrative sections as Markdown, goals, indicators with typed
baseline and target cells, activities with bodies, years, status and budget, what the plan
inherits), budget tables whose totals are the sums of their parts with every amount counted
once (primary focus area), and the PDF and Word files: A4, ASCII file names, and no uid, id,
field name or stored code anywhere in their text."""

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.tests.factories import BodyFactory
from malbild.reports.cells import Amount, Number, Status
from malbild.strategy import exports, services
from malbild.strategy.models import DocumentVersion
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    OverallGoalFactory,
    SectionFactory,
)
from malbild.strategy.tests.levels import build_levels

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
#: Stored codes and field names that must never reach a reader.
CODES = re.compile(
    r"\b(action_plan|sub_plan|digital_agenda|in_consultation|draft|adopted|operating|"
    r"investment|planned|ongoing|postponed|cancelled|quantitative|qualitative|increase|"
    r"decrease|responsible_body|co_responsible_bodies|baseline_value|baseline_year|"
    r"focus_areas|primary_focus_area|start_year|end_year|goal_text|overall_goals|"
    r"registry_number|period_start|period_end|measure_type)\b"
)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def plan(org, body, other_body):
    """An action plan of its own: text, overall goal, two focus areas with goals, indicators
    with baseline and targets, and activities — one serving both areas (primary: the second),
    one serving none — with budget lines of both kinds over two years."""
    doc = DocumentFactory(
        organisation=org,
        title="Handlingsplan 2024–2027",
        period_start=2024,
        period_end=2027,
        registry_number="KS 2023/117",
        summary="Planen *konkretiserar* målbilden.",
        owning_body=body,
    )
    SectionFactory(document=doc, heading="Inledning", body="## Bakgrund\n\n- punkt ett\n- två")
    og = OverallGoalFactory(document=doc, title="Enklare vardag", description="För invånarna.")
    fa1 = FocusAreaFactory(document=doc, number="1", title="Bredband", order=1)
    fa2 = FocusAreaFactory(document=doc, number="2", title="E-tjänster", order=2)
    fa1.overall_goals.add(og)
    GoalFactory(focus_area=fa1, title="Snabbt bredband")
    GoalFactory(focus_area=fa2, title="Fler e-tjänster")
    ind = IndicatorFactory(
        document=doc,
        name="Hushåll med 100 Mbit/s",
        unit="%",
        baseline_value=Decimal("62.5"),
        baseline_year=2023,
        responsible_body=body,
        definition="Andel hushåll.",
    )
    ind.focus_areas.add(fa1)
    IndicatorTargetFactory(indicator=ind, year=2025, value=80)
    IndicatorTargetFactory(indicator=ind, year=2027, value=Decimal("95.5"))
    qual = IndicatorFactory(
        document=doc,
        name="Uppföljning redovisad",
        kind="qualitative",
        baseline_value=None,
        baseline_year=None,
        unit="",
    )
    IndicatorTargetFactory(indicator=qual, year=2025, value=None, text="Årlig redovisning")
    a1 = ActivityFactory(
        document=doc,
        number="1.1",
        title="Fiber till landsbygden",
        responsible_body=body,
        status="ongoing",
        start_year=2024,
        end_year=2026,
        description="Gräva fiber.",
    )
    a1.focus_areas.set([fa1])
    a1.co_responsible_bodies.set([other_body])
    a1.primary_focus_area = fa1
    a1.save(update_fields=["primary_focus_area"])
    BudgetLineFactory(activity=a1, year=2024, kind="investment", amount=1_500_000)
    BudgetLineFactory(activity=a1, year=2025, kind="operating", amount=250_000)
    a2 = ActivityFactory(document=doc, number="2.1", title="E-arkiv", responsible_body=other_body)
    a2.focus_areas.set([fa1, fa2])
    a2.primary_focus_area = fa2
    a2.save(update_fields=["primary_focus_area"])
    BudgetLineFactory(activity=a2, year=2025, kind="operating", amount=300_000)
    a3 = ActivityFactory(document=doc, number="3.1", title="Utan område", responsible_body=body)
    BudgetLineFactory(activity=a3, year=2024, kind="operating", amount=50_000)
    return doc


def texts(report) -> str:
    """Every text of a report: cover, headings, blocks and table cells."""
    out = [report["title"], report["cover"]["organisation"], report["cover"]["notice"] or ""]
    out += [f"{label} {value}" for label, value in report["cover"]["facts"]]
    for section in report["sections"]:
        out.append(section["heading"])
        for block in section["blocks"]:
            out.append(block.get("text", ""))
    for table in report["tables"]:
        out += [table["title"], *table["columns"]]
        out += [str(cell) for row in table["rows"] for cell in row]
    return "\n".join(out)


def table(report, key):
    return next(t for t in report["tables"] if t["key"] == key)


def amount(cell) -> Decimal:
    assert isinstance(cell, Amount)
    return Decimal(cell.value)


# The structure ----------------------------------------------------------------------------------


def test_working_copy_report_holds_the_whole_plan(plan):
    report = exports.plan_report(document=plan)
    assert report["title"] == "Handlingsplan 2024–2027"
    assert report["subject"] == "Handlingsplan, Arbetsversion"
    cover = report["cover"]
    assert cover["organisation"] == "Alingsås kommun"
    facts = dict(cover["facts"])
    assert facts["Typ"] == "Handlingsplan"
    assert facts["Period"] == "2024–2027"
    assert facts["Status"] == "Utkast"
    assert facts["Diarienummer (Dnr)"] == "KS 2023/117"
    assert facts["Ägande organ"] == "Kultur- och fritidsnämnden"
    assert facts["Version"] == "Arbetsversion"
    assert facts["Datum"] == timezone.localdate().isoformat()
    assert cover["notice"]

    headings = [(s["level"], s["heading"]) for s in report["sections"]]
    assert (1, "Sammanfattning") in headings and (1, "Inledning") in headings
    assert (2, "1 Bredband") in headings and (2, "2 E-tjänster") in headings
    ids = [s["id"] for s in report["sections"]]
    assert len(ids) == len(set(ids))
    intro = next(s for s in report["sections"] if s["heading"] == "Inledning")
    assert intro["blocks"] == [{"type": "markdown", "text": "## Bakgrund\n\n- punkt ett\n- två"}]
    summary = next(s for s in report["sections"] if s["id"] == "summary")
    assert summary["blocks"][0] == {"type": "markdown", "text": "Planen *konkretiserar* målbilden."}
    # Every table a block shows is in report["tables"], in order, and vice versa.
    in_blocks = [
        b["table"] for s in report["sections"] for b in s["blocks"] if b["type"] == "table"
    ]
    assert in_blocks == report["tables"]


def test_indicators_have_typed_baseline_and_targets_per_year(plan):
    report = exports.plan_report(document=plan)
    t = table(report, "indicators-1")
    assert t["columns"] == [
        "Indikator", "Enhet", "Utgångsvärde", "Basår", "Målvärde 2025", "Målvärde 2027",
        "Ansvarigt organ",
    ]  # fmt: skip
    row = t["rows"][0]
    assert row[0] == "Hushåll med 100 Mbit/s"
    assert row[2] == Number(Decimal("62.5000"), unit="%") and str(row[2]) == "62,5 %"
    assert row[3] == "2023"
    assert str(row[4]) == "80 %" and str(row[5]) == "95,5 %"
    assert row[6] == "Kultur- och fritidsnämnden"
    qualitative = table(report, "indicators-2")  # the indicator without a focus area
    assert qualitative["rows"][0][:5] == ["Uppföljning redovisad", "", "", "", "Årlig redovisning"]
    assert "Hushåll med 100 Mbit/s: Andel hushåll." in texts(report)


def test_activities_show_bodies_years_status_and_budget(plan):
    report = exports.plan_report(document=plan)
    t = table(report, "activities-1")  # focus area 1
    assert t["title"] == "Åtgärder: 1 Bredband"
    row = t["rows"][0]
    assert row[:5] == [
        "1.1 Fiber till landsbygden", "Kultur- och fritidsnämnden", "Miljöskyddsnämnden",
        "2024", "2026",
    ]  # fmt: skip
    assert row[5] == Status("ongoing", "Pågår")
    assert amount(row[7]) == Decimal("1750000")
    # E-arkiv serves both areas and is listed under its primary one only.
    area2 = table(report, "activities-2")
    assert [r[0] for r in area2["rows"]] == ["2.1 E-arkiv"]
    assert area2["rows"][0][6] == "1 Bredband"  # "also serves", without an amount
    assert all(r[0] != "2.1 E-arkiv" for r in t["rows"])
    none = table(report, "activities-3")
    assert none["title"] == "Åtgärder: Inget insatsområde"
    assert "1.1 Fiber till landsbygden: Gräva fiber." in texts(report)


def test_budget_tables_add_up_and_count_every_amount_once(plan):
    report = exports.plan_report(document=plan)
    grand = Decimal("2100000")
    for key in ("budget-activities", "budget-kinds", "budget-focus-areas"):
        t = table(report, key)
        assert t["columns"][1:] == ["2024", "2025", "Summa"]
        *rows, total = t["rows"]
        assert total[0] == "Summa"
        for row in rows:  # each row's total is the sum of its years
            assert amount(row[-1]) == sum(amount(c) for c in row[1:-1])
        for col in range(1, len(total)):  # each column's total is the sum of its rows
            assert amount(total[col]) == sum(amount(r[col]) for r in rows)
        assert amount(total[-1]) == grand
    areas = {r[0]: amount(r[-1]) for r in table(report, "budget-focus-areas")["rows"]}
    assert areas == {
        "1 Bredband": Decimal("1750000"),
        "2 E-tjänster": Decimal("300000"),
        "Inget insatsområde": Decimal("50000"),
        "Summa": grand,
    }
    kinds = {r[0]: amount(r[-1]) for r in table(report, "budget-kinds")["rows"]}
    assert kinds == {"Investering": Decimal("1500000"), "Driftkostnad": Decimal("600000"),
                     "Summa": grand}  # fmt: skip


def test_plan_without_budget_says_so(org, body):
    doc = DocumentFactory(organisation=org)
    ActivityFactory(document=doc, responsible_body=body)
    report = exports.plan_report(document=doc)
    budget = next(s for s in report["sections"] if s["id"] == "budget")
    assert budget["blocks"] == [{"type": "paragraph", "text": "Planens åtgärder har ingen budget."}]
    assert not any(t["kind"] == "budget" for t in report["tables"])


def test_frozen_version_is_exported_as_it_was(plan, strategist, access_of):
    access = access_of(strategist)
    version = services.version_freeze(access=access, document=plan, label="Remissversion")
    fa = plan.focus_areas.get(number="1")
    services.item_update(access=access, instance=fa, data={"title": "Stadsnät"})
    report = exports.plan_report(document=plan, version=version)
    facts = dict(report["cover"]["facts"])
    assert facts["Version"] == "Version 1 – Remissversion"
    assert facts["Fryst"] == timezone.localdate(version.created_at).isoformat()
    assert report["cover"]["notice"] is None
    assert "1 Bredband" in texts(report) and "Stadsnät" not in texts(report)
    assert "1 Stadsnät" in texts(exports.plan_report(document=plan))


def test_inherited_goals_and_focus_areas_have_their_own_section(org, body):
    levels = build_levels(org, body, plan_activities=3, committee_plans=1)
    report = exports.plan_report(document=levels.plan)
    inherited = [s for s in report["sections"] if s["id"].startswith("inherited")]
    assert [s["heading"] for s in inherited] == [
        "Ärvt från dokumenten ovanför",
        "Ärvt från ”Strategi”",
    ]
    areas = table(report, "inherited-1-focus-areas")
    assert [r[0] for r in areas["rows"]] == ["1 Område 1", "2 Område 2", "3 Område 3"]
    assert areas["rows"][0][1] == "Mål för Område 1"
    assert areas["rows"][0][2] == "Öppen kommun"
    # The plan's activities are grouped under the inherited focus areas and add up.
    per_area = table(report, "budget-focus-areas")
    assert amount(per_area["rows"][-1][-1]) == Decimal("300000")
    assert [r[0] for r in per_area["rows"]] == ["1 Område 1", "2 Område 2", "3 Område 3", "Summa"]


@pytest.mark.parametrize("depth", [1, 2])
def test_committee_plan_counts_each_amount_once(org, body, depth):
    levels = build_levels(org, body, committee_plans=1, depth=depth)
    report = exports.plan_report(document=levels.committee_plans[-1])
    rows = {r[0]: amount(r[-1]) for r in table(report, "budget-focus-areas")["rows"]}
    assert rows == {
        "1 Område 1": Decimal("2500000"),
        "2 Område 2": Decimal("3000000"),
        "Inget insatsområde": Decimal("200000"),
        "Summa": Decimal("5700000"),
    }


def test_format_1_version_shows_names_not_uids(org, body):
    doc = DocumentFactory(organisation=org)
    raw = json.loads((FIXTURES / "snapshot_format1_action_plan_v1.json").read_text())
    version = DocumentVersion.objects.create(
        organisation=org, document=doc, number=1, status_at_freeze="draft", snapshot=raw
    )
    report = exports.plan_report(document=doc, version=version)
    text = texts(report)
    assert not UUID.search(text)
    assert not CODES.search(text)
    assert "2 E-tjänster och digital service" in text
    for key in ("budget-activities", "budget-kinds", "budget-focus-areas"):
        rows = table(report, key)["rows"] if any(t["key"] == key for t in report["tables"]) else []
        if rows:
            assert amount(rows[-1][-1]) == sum(amount(r[-1]) for r in rows[:-1])


# The files --------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader.pages


def docx_text(content: bytes) -> tuple[str, object]:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [cell.text for row in t.rows for cell in row.cells]
    return "\n".join(parts), doc


def assert_clean(text: str, *, org, plan) -> None:
    assert not UUID.search(text), UUID.search(text)
    assert not CODES.search(text), CODES.search(text)
    for obj in (plan, *plan.focus_areas.all(), *plan.activities.all()):
        assert str(obj.uid) not in text


def test_pdf_is_a4_and_shows_names_not_codes(plan, org):
    content, filename, content_type = exports.plan_file(document=plan, fmt="pdf")
    assert content.startswith(b"%PDF")
    assert content_type == "application/pdf"
    assert filename == f"handlingsplan-2024-2027-arbetsversion-{timezone.localdate()}.pdf"
    text, pages = pdf_text(content)
    for page in pages:  # A4: 595 × 842 points
        assert round(float(page.mediabox.width)) == 595
        assert round(float(page.mediabox.height)) == 842
    flat = " ".join(text.split())
    for expected in ("Handlingsplan 2024–2027", "KS 2023/117", "Fiber till landsbygden",
                     "Miljöskyddsnämnden", "Bakgrund", "Pågår", "Investering"):  # fmt: skip
        assert expected in flat, expected
    assert_clean(text, org=org, plan=plan)
    assert "{#" not in text and "{%" not in text  # no template source in the document


def test_docx_is_a4_and_shows_names_not_codes(plan, org, strategist, access_of):
    version = services.version_freeze(access=access_of(strategist), document=plan, label="v3")
    content, filename, content_type = exports.plan_file(document=plan, version=version, fmt="docx")
    assert content_type == exports.DOCX_TYPE
    assert filename == "handlingsplan-2024-2027-version-1.docx"
    text, doc = docx_text(content)
    section = doc.sections[0]
    assert doc.core_properties.title == "Handlingsplan 2024–2027"
    assert doc.core_properties.author == "Alingsås kommun"
    assert doc.core_properties.subject == "Handlingsplan, Version 1 – v3"
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    for expected in ("Handlingsplan 2024–2027", "KS 2023/117", "Fiber till landsbygden",
                     "Miljöskyddsnämnden", "Bakgrund", "Pågår", "1 750 000"):  # fmt: skip
        assert expected in text.replace("\u00a0", " "), expected
    assert_clean(text, org=org, plan=plan)


def test_filename_is_ascii_for_any_title(org):
    doc = DocumentFactory(organisation=org, title="Åtgärdsplan för Höör — ”Öppen” 2024/25")
    report = exports.plan_report(document=doc)
    name = exports.plan_filename(report=report, version=None, fmt="pdf")
    assert name.isascii() and name.startswith("atgardsplan-for-hoor-oppen-2024-25-")
    untitled = exports.plan_filename(report={"title": "–––"}, version=None, fmt="docx")
    assert untitled.startswith("plan-") and untitled.endswith(".docx")


def test_unknown_format_is_refused(plan):
    with pytest.raises(ValueError):
        exports.plan_file(document=plan, fmt="xlsx")


def test_report_runs_a_fixed_number_of_queries(org, body, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_views_exports import grow

    levels = build_levels(org, body, plan_activities=1, committee_plans=1)
    grow(levels, body, 1)  # one of every kind: a kind with no rows skips its prefetch queries
    with CaptureQueriesContext(connection) as small:
        exports.plan_report(document=levels.plan)
    for n in range(6):
        fa = levels.focus_areas[n % 3]
        act = ActivityFactory(document=levels.plan, responsible_body=BodyFactory(organisation=org))
        act.focus_areas.set([fa])
        BudgetLineFactory(activity=act, year=2019)
        SectionFactory(document=levels.plan)
    with django_assert_num_queries(len(small)):
        exports.plan_report(document=levels.plan)


def test_the_text_chapters_follow_each_other_on_the_page(plan, org):
    """A plan's short text chapters do not each take a page of their own: every text section
    after the first flows on; the tree's chapters (and the first text) start a new page."""
    from malbild.strategy.tests.factories import SectionFactory

    SectionFactory(document=plan, order=90, heading="Kort kapitel A", body="En mening.")
    SectionFactory(document=plan, order=91, heading="Kort kapitel B", body="En mening till.")
    report = exports.plan_report(document=plan)
    by_heading = {s["heading"]: s for s in report["sections"]}
    assert by_heading["Kort kapitel B"].get("flow") is True
    assert not report["sections"][0].get("flow")
    assert not any(s.get("flow") for s in report["sections"] if s["id"] == "budget")
    few, _name, _type = exports.plan_file(document=plan, fmt="pdf")
    _text, pages = pdf_text(few)
    flat = [" ".join((p.extract_text() or "").split()) for p in pages]
    page_of = {h: next(i for i, t in enumerate(flat) if h in t and "Innehåll" not in t)
               for h in ("Kort kapitel A", "Kort kapitel B")}  # fmt: skip
    assert page_of["Kort kapitel A"] == page_of["Kort kapitel B"]
