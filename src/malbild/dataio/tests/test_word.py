"""Starting a document from a Word file: the reader (headings by style, "Rubrik 1.." and bold
numbered paragraphs, lists, tables), the proposal (sections, focus areas, goals, indicators),
the outline of a corrected mapping, and the service: e-kommun 2020 becomes a document with
its nine focus areas, their goals and indicators and the Word file as attachment, in one
transaction; a refused file or mapping writes nothing."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from malbild.core.models import AuditEntry
from malbild.dataio import word_services
from malbild.dataio.models import WordImport, WordImportState
from malbild.dataio.word import mapping, reader, sample
from malbild.strategy.models import (
    DocumentAttachment,
    FocusArea,
    Goal,
    Indicator,
    Section,
    SteeringDocument,
)


def roles(content: bytes) -> list[tuple[str, str]]:
    blocks = reader.read_docx(content).blocks
    return [(e.role, e.text.split("\n")[0][:40]) for e in mapping.propose(blocks)]


@pytest.mark.parametrize("style", ["heading", "rubrik", "bold"])
def test_e_kommun_is_read_and_mapped_whatever_the_heading_style(style):
    content = reader.read_docx(sample.e_kommun_docx(style=style))
    assert content.title == sample.E_KOMMUN_TITLE
    headings = [b for b in content.blocks if b.kind == "heading"]
    assert [h.level for h in headings[:3]] == [1, 1, 2]  # 1 Sammanfattning, 2 Inledning, 2.1
    outline = mapping.build_outline([e.as_dict() for e in mapping.propose(content.blocks)])
    assert outline.errors == []
    assert [(a.number, a.title) for a in outline.focus_areas] == [
        (n, t) for n, t, _g, _i in sample.E_KOMMUN_AREAS
    ]
    assert [a.goals[0].title for a in outline.focus_areas] == [
        g for _n, _t, g, _i in sample.E_KOMMUN_AREAS
    ]
    assert [s.heading for s in outline.sections][:2] == ["1 Sammanfattning", "2 Inledning"]
    assert "5 Insatsområden" in [s.heading for s in outline.sections]
    assert outline.counts == {"sections": 9, "focus_areas": 9, "goals": 9, "indicators": 21}


def test_lists_tables_and_the_text_of_each_part_are_kept():
    content = reader.read_docx(sample.e_kommun_docx())
    kinds = [b.kind for b in content.blocks]
    assert kinds[0] == "title" and "list" in kinds and "table" in kinds
    listed = next(b for b in content.blocks if b.kind == "list")
    assert listed.items[0] == "Digital infrastruktur" and len(listed.items) == 4
    table = next(b for b in content.blocks if b.kind == "table")
    assert table.text.splitlines()[1] == "Strategiska IT-rådet | Sammanhållande och pådrivande"
    outline = mapping.build_outline([e.as_dict() for e in mapping.propose(content.blocks)])
    uppdraget = next(s for s in outline.sections if s.heading == "2.1 Uppdraget")
    assert "- Digital infrastruktur\n- E-tjänster och välfärdstjänster" in uppdraget.body
    area = outline.focus_areas[1]
    assert area.description.startswith("Långsiktigt tänkande")
    assert [i.name for i in area.indicators] == [
        "För varje insats där man samverkar ska det finnas en finansieringsmodell som tar "
        "hänsyn till kraven på långsiktighet och helhetssyn",
        "Nyttoberäkningar ska finnas för alla större investeringar",
    ]


def test_goal_marker_and_indicator_list_under_a_heading():
    elements = roles(sample.agenda_docx(focus_areas=2, indicators=3))
    assert elements[:8] == [
        ("section", "1 Inledning"),
        ("body", "Agendan beskriver vad kommunen vill uppn"),
        ("section", "2 Insatsområden"),
        ("focus_area", "2.1 Insatsområde 1"),
        ("body", "Bakgrund till insatsområde 1."),  # "Mål:" comes later: it is the goal
        ("goal", "Mål: Målet för insatsområde 1 nås senast"),
        ("ignore", "Indikatorer"),
        ("indicator", "Indikator 1.1"),
    ]


def test_indicator_items():
    assert mapping.indicator_items("paragraph", "Mått: andel A, antal B; C. D.") == [
        "Andel A",
        "Antal B",
        "C",
        "D",
    ]
    assert mapping.indicator_items("list", "andel A, i procent\nantal B") == [
        "Andel A, i procent",
        "Antal B",
    ]


def test_a_corrected_mapping_and_its_problems():
    elements = [
        {"kind": "paragraph", "role": "goal", "text": "Mål utan insatsområde"},
        {"kind": "heading", "role": "focus_area", "text": "3.2 Skola"},
        {"kind": "paragraph", "role": "goal", "text": "Mål: " + "ord " * 200},
        {"kind": "paragraph", "role": "body", "text": "Mer om målet"},
        {"kind": "heading", "role": "section", "text": ""},
        {"kind": "heading", "role": "nonsense", "text": "x"},
        {"kind": "list", "role": "indicator", "text": "Andel elever\nAntal lärare"},
        {"kind": "paragraph", "role": "ignore", "text": "Bort"},
    ]
    outline = mapping.build_outline(elements)
    assert outline.errors == [
        "Del 1: ett mål hör till ett insatsområde; välj ett insatsområde ovanför det eller "
        "gör delen till text.",
        "Del 5: texten är tom; skriv den eller välj ”Utelämna”.",
        "Del 6: välj vad delen blir.",
    ]
    (area,) = outline.focus_areas
    assert (area.number, area.title) == ("3.2", "Skola")
    goal = area.goals[0]
    assert len(goal.title) <= mapping.GOAL_MAX and goal.title.startswith("ord ord")
    assert goal.description and area.description == "Mer om målet"
    assert area.goal_text.startswith("ord ord") and len(area.goal_text) > mapping.GOAL_MAX
    assert [i.name for i in area.indicators] == ["Andel elever", "Antal lärare"]
    assert mapping.build_outline([]).errors == [
        "Välj minst en rubrik som ska bli ett avsnitt eller ett insatsområde."
    ]


# The service ---------------------------------------------------------------------------------


def create(access, content, name="agenda.docx", **kw):
    return word_services.word_import_create(access=access, filename=name, content=content, **kw)


def confirm(access, word_import):
    return word_services.word_import_confirm(
        access=access,
        word_import=word_import,
        fingerprint_seen=word_services.fingerprint(word_import),
    )


def test_e_kommun_2020_becomes_a_document(access_of, strategist):
    access = access_of(strategist)
    content = sample.e_kommun_docx()
    word_import = create(access, content, name="e-kommun 2020.docx")
    assert not SteeringDocument.objects.exists()  # nothing before the confirmation
    assert word_import.title == sample.E_KOMMUN_TITLE and word_import.kind == "digital_agenda"
    document = confirm(access, word_import)
    assert document.title == sample.E_KOMMUN_TITLE and document.status == "draft"
    areas = list(FocusArea.objects.for_access(access).filter(document=document))
    assert [(a.number, a.title) for a in areas] == [
        (n, t) for n, t, _g, _i in sample.E_KOMMUN_AREAS
    ]
    for area, (_n, _t, goal, _i) in zip(areas, sample.E_KOMMUN_AREAS, strict=True):
        assert [g.title for g in area.goals.all()] == [goal]
        assert area.indicators.count() >= 1
        assert {g.pk for i in area.indicators.all() for g in i.goals.all()} == {area.goals.get().pk}
    broadband = Indicator.objects.for_access(access).get(name__startswith="Hur väl")
    assert list(broadband.focus_areas.values_list("number", flat=True)) == ["5.9"]
    assert Indicator.objects.for_access(access).filter(document=document).count() == 21
    assert Goal.objects.for_access(access).count() == 9
    assert Section.objects.for_access(access).filter(document=document).count() == 9
    attachment = DocumentAttachment.objects.for_access(access).get(document=document)
    assert attachment.original_name == "e-kommun 2020.docx" and attachment.size == len(content)
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    entry = AuditEntry.objects.get(event="strategy.document_items_created")
    assert entry.message == (
        "Skapat från Word-filen ”e-kommun 2020.docx”: 9 avsnitt, 9 insatsområden, 9 mål och "
        "21 indikatorer."
    )
    word_import.refresh_from_db()
    assert word_import.state == WordImportState.DONE and word_import.document == document
    with pytest.raises(ValidationError, match="redan skapats"):
        confirm(access, word_import)
    assert SteeringDocument.objects.count() == 1


def test_the_user_corrects_the_mapping(access_of, strategist):
    access = access_of(strategist)
    word_import = create(access, sample.agenda_docx(focus_areas=2))
    stale = word_services.fingerprint(word_import)
    parts = [{"role": e["role"], "text": e["text"]} for e in word_import.elements]
    parts[0] = {"role": "ignore", "text": parts[0]["text"]}  # "1 Inledning": leave it out
    parts[1]["role"] = "ignore"
    parts[3]["text"] = "2.1 Trygg skola"
    word_services.word_import_remap(
        access=access, word_import=word_import, title="Skolans agenda", kind="sub_plan", parts=parts
    )
    with pytest.raises(ValidationError, match="ändrats sedan"):
        word_services.word_import_confirm(
            access=access, word_import=word_import, fingerprint_seen=stale
        )
    assert not SteeringDocument.objects.exists()
    document = confirm(access, word_import)
    assert (document.title, document.kind) == ("Skolans agenda", "sub_plan")
    assert list(document.sections.values_list("heading", flat=True)) == [
        "2 Insatsområden",
        "3 Uppföljning",
    ]
    assert document.focus_areas.first().title == "Trygg skola"


def test_a_mapping_with_errors_creates_nothing(access_of, strategist):
    access = access_of(strategist)
    word_import = create(access, sample.agenda_docx(focus_areas=1))
    parts = [{"role": "goal", "text": e["text"]} for e in word_import.elements]
    word_services.word_import_remap(
        access=access, word_import=word_import, title="", kind="vision", parts=parts
    )
    with pytest.raises(ValidationError) as exc:
        confirm(access, word_import)
    assert exc.value.messages[0] == "Titel: ge dokumentet en titel."
    assert not SteeringDocument.objects.exists() and not DocumentAttachment.objects.exists()
    with pytest.raises(ValidationError) as exc:
        word_services.word_import_remap(
            access=access, word_import=word_import, title="T", kind="x", parts=parts[:1]
        )
    assert set(exc.value.message_dict) == {"kind", "elements"}


def test_an_invalid_row_rolls_everything_back(access_of, strategist, monkeypatch):
    """A failure after the document and some items are written leaves nothing behind."""
    from malbild.strategy import services as strategy_services

    access = access_of(strategist)
    word_import = create(access, sample.agenda_docx(focus_areas=3))

    def broken(**kwargs):
        raise ValidationError({"file": "trasig"})

    monkeypatch.setattr(strategy_services, "document_attachment_add", broken)
    with pytest.raises(ValidationError):
        confirm(access, word_import)
    assert not SteeringDocument.objects.exists() and not FocusArea.objects.exists()
    assert not AuditEntry.objects.filter(model="strategy.steeringdocument").exists()
    word_import.refresh_from_db()
    assert word_import.state == WordImportState.PREVIEW


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.docx", b"", "Filen är tom."),
        ("a.docx", b"hello", "inte ett Word-dokument"),
        ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "lösenordsskyddad"),
        ("a.pdf", b"%PDF-1.4", "Välj ett Word-dokument (.docx)"),
    ],
)
def test_files_that_cannot_be_used(access_of, strategist, name, content, message):
    access = access_of(strategist)
    with pytest.raises(ValidationError) as exc:
        create(access, content, name=name)
    assert message in exc.value.message_dict["file"][0]
    assert not WordImport.objects.exists()


def test_a_spreadsheet_a_file_without_headings_and_a_too_large_file(
    access_of, strategist, monkeypatch
):
    from docx import Document

    from .conftest import xlsx

    access = access_of(strategist)
    with pytest.raises(ValidationError, match="inte ett Word-dokument"):
        create(access, xlsx({"Blad": [["a"]]}))
    plain = Document()
    plain.add_paragraph("Bara text")
    buffer = io.BytesIO()
    plain.save(buffer)
    with pytest.raises(ValidationError, match="Inga rubriker"):
        create(access, buffer.getvalue())
    monkeypatch.setattr(word_services, "MAX_WORD_BYTES", 1000)
    with pytest.raises(ValidationError, match="större än"):
        create(access, sample.agenda_docx(focus_areas=1))
    assert not WordImport.objects.exists()


def test_only_strategists_create(access_of, reader, editor, outsider, strategist, other_org):
    for user in (reader, editor):
        with pytest.raises(PermissionDenied):
            create(access_of(user), sample.agenda_docx(focus_areas=1))
    word_import = create(access_of(strategist), sample.agenda_docx(focus_areas=1))
    from django.http import Http404

    with pytest.raises(Http404):
        word_services.word_import_get(access=access_of(outsider, other_org), uid=word_import.uid)


def test_malbilds_own_word_export_comes_back_as_the_same_structure(access_of, strategist, org):
    """Export a document as Word (strategy.exports), start a new one from that file: the same
    focus areas with their goals and the same indicators under them."""
    from malbild.strategy.exports import plan_file
    from malbild.strategy.tests.factories import (
        DocumentFactory,
        FocusAreaFactory,
        GoalFactory,
        IndicatorFactory,
    )

    source = DocumentFactory(organisation=org, title="Agenda 2030", kind="digital_agenda")
    for n in (1, 2):
        area = FocusAreaFactory(
            document=source,
            number=f"5.{n}",
            title=f"Område {n}",
            goal_text=f"Målet för område {n}.",
            order=n,
        )
        GoalFactory(focus_area=area, title=f"Delmål {n}")
        for k in (1, 2):
            IndicatorFactory(
                document=source, name=f"Andel {n}.{k}", order=2 * n + k
            ).focus_areas.set([area])
    content, _name, _type = plan_file(document=source, fmt="docx")
    access = access_of(strategist)
    document = confirm(access, create(access, content, name="agenda.docx"))
    areas = list(document.focus_areas.order_by("order"))
    assert [(a.number, a.title, a.goal_text) for a in areas] == [
        ("5.1", "Område 1", "Målet för område 1."),
        ("5.2", "Område 2", "Målet för område 2."),
    ]
    assert [sorted(i.name for i in a.indicators.all()) for a in areas] == [
        ["Andel 1.1", "Andel 1.2"],
        ["Andel 2.1", "Andel 2.2"],
    ]


def test_encrypted_and_oversized_packages_are_refused(monkeypatch):
    content = bytearray(sample.agenda_docx(focus_areas=1))
    # Set the "encrypted" flag of the first entry in the central directory.
    central = content.find(b"PK\x01\x02")
    content[central + 8] |= 0x1
    with pytest.raises(reader.WordFileError, match="lösenordsskyddad"):
        reader.read_docx(bytes(content))
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(reader.WordFileError, match="100 MB"):
        reader.read_docx(sample.agenda_docx(focus_areas=1))
