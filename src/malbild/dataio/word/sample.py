"""Word files built with python-docx, for the tests and the demo (no binary fixtures): the
structure of Kristianstad's digital agenda "e-kommun 2020" (chapters, nine focus areas under
"5 Insatsområden", each with its goal and "Exempel på mätetal"), and a generated agenda of
any size.

The texts of the focus areas are the agenda's own (2015, public); the goal of 5.1, missing
from the copy in the seeds, is written in its words.
"""

import io

E_KOMMUN_TITLE = "Digital agenda för Kristianstads kommun – e-kommun 2020"

#: (number, title, goal, example indicators as the agenda writes them)
E_KOMMUN_AREAS = (
    (
        "5.1",
        "Samverkan, samordning och omvärldsbevakning",
        "Kommunkoncernen ska samverka internt och med andra kommuner och organisationer, "
        "samordna sina satsningar och bevaka omvärlden för att dra nytta av det.",
        "Exempel på mätetal: antal samverkansprojekt/grupperingar internt och externt som "
        "kommunkoncernen har/ingår i, antal lösningar som samutnyttjas med andra "
        "kommuner/organisationer.",
    ),
    (
        "5.2",
        "Finansiering och nyttoberäkning",
        "Det ska finnas finansieringsmodeller som präglas av långsiktighet och helhetssyn såväl "
        "över tid som över verksamhetsgränserna för att målet att bli en e-kommun ska kunna "
        "nås. Nyttan av olika satsningar ska beräknas och följas upp.",
        "Exempel på mätetal: För varje insats där man samverkar ska det finnas en "
        "finansieringsmodell som tar hänsyn till kraven på långsiktighet och helhetssyn. "
        "Nyttoberäkningar ska finnas för alla större investeringar.",
    ),
    (
        "5.3",
        "E-tjänster och välfärdstjänster",
        "Kommunkoncernen ska sträva mot ett helt digitaliserat tjänsteutbud. Medborgare, "
        "företagare och besökare ska ha tillgång till kompletta, användbara och tillgängliga "
        "e-tjänster och välfärdstjänster som ger en enklare vardag samt ökad effektivitet och "
        "kvalitet i den kommunala verksamheten.",
        "Exempel på mätetal: totala nyttan av e-tjänster och välfärdstjänster, nyttjandegraden "
        "av de digitala tjänsterna.",
    ),
    (
        "5.4",
        "Det pedagogiska lärandet",
        "Elever och lärare ska ha tillgång till de moderna lärverktyg som behövs för en "
        "tidsenlig utbildning. Varje elev ska efter genomgången grundskola och gymnasieskola "
        "kunna använda modern teknik som ett verktyg för kunskapssökande, kommunikation, "
        "skapande och lärande.",
        "Exempel på mätetal: spridningen av ett-till-ett-datorer, andel digitala läromedel, "
        "antal/andel lärare som ger möjlighet till digitala lektionsförberedelser, antal elever "
        "som följer undervisning på distans.",
    ),
    (
        "5.5",
        "Digitalt innanförskap och digital kompetens",
        "Alla medborgare och företagare ska ges förutsättningar att på ett enkelt sätt och till "
        "rimliga kostnader ta del av och använda digitala tjänster, information och "
        "plattformar. Den digitala kompetensen hos medborgare och företagare samt anställda "
        "inom kommunkoncernen ska hålla jämna steg med den tekniska utvecklingen.",
        "Exempel på mätetal: nyttjandegrad för e-tjänsterna, resultaten i olika former av "
        "kundnöjdhetsmätningar.",
    ),
    (
        "5.6",
        "Demokrati och deltagande",
        "Medborgardialogen ska stärkas med hjälp av digitala lösningar. De ska ge medborgarna "
        "möjligheter till ökad kunskap, insyn, samhällsengagemang och inflytande.",
        "Exempel på mätetal: antal enkäter/omröstningar under året och deras svarsfrekvens, "
        "antal aktiva i kommunens digitala forum.",
    ),
    (
        "5.7",
        "Entreprenörskap och företagsutveckling",
        "Den digitala tekniken ska kunna användas fullt ut för att öka företagens tillväxt, "
        "konkurrens- och innovationskraft samt handel.",
        "Exempel på mätetal: nya e-tjänster för företagare under året, antal och andel företag "
        "som anslutit sig till fibernätet under året, ny öppen data som lagts ut från "
        "kommunkoncernen under året, mätetal i mätning av företagsklimatet.",
    ),
    (
        "5.8",
        "Miljöpåverkan",
        "IT- och kommunikationsteknik ska användas på ett sådant sätt inom kommunkoncernen att "
        "energieffektiva och hållbara lösningar uppnås.",
        "Exempel på mätetal: De mått som finns angivna i handlingsplanen för effektiv och "
        "hållbar IT. Nya miljödata som publicerats under året.",
    ),
    (
        "5.9",
        "Digital infrastruktur",
        "Alla ska ha tillgång till en tillförlitlig digital infrastruktur med hög kapacitet "
        "vilket är en förutsättning för en långt driven digitalisering.",
        "Exempel på mätetal: hur väl den strategiska färdplanen i Bredbandsstrategin följs.",
    ),
)

#: Extra text after the goal of some areas (so a focus area has a description too).
_E_KOMMUN_MORE = {
    "5.2": "Långsiktigt tänkande krävs vid investeringar. Den modell för nyttoberäkning som "
    "förvaltas av Strategiska IT-rådet ska användas.",
    "5.9": "Som grund för utbyggnaden ligger kommunens Bredbandsstrategi.",
}


def _heading(document, text: str, level: int, style: str) -> None:
    if style == "bold":
        document.add_paragraph().add_run(text).bold = True
    elif style == "rubrik":
        document.add_paragraph(text, style=f"Rubrik {level}")
    else:
        document.add_heading(text, level=level)


def _new_document(style: str, title: str):
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    document.core_properties.title = title
    if style == "rubrik":
        for level in (1, 2, 3):
            added = document.styles.add_style(f"Rubrik {level}", WD_STYLE_TYPE.PARAGRAPH)
            added.base_style = document.styles["Normal"]
            added.font.bold = True
    return document


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def e_kommun_docx(*, style: str = "heading") -> bytes:
    """The e-kommun 2020 agenda's structure as DOCX. `style`: "heading" (Word's built-in
    Heading 1–2), "rubrik" (a Swedish template's "Rubrik 1–2") or "bold" (bold numbered
    paragraphs, no heading styles)."""
    document = _new_document(style, E_KOMMUN_TITLE)
    document.add_paragraph(E_KOMMUN_TITLE, style="Title")
    document.add_paragraph("Kristianstads kommun Ver 2.0 2015-02-11")
    _heading(document, "1 Sammanfattning", 1, style)
    document.add_paragraph(
        "Den digitala agendan beskriver inom vilka insatsområden kommunkoncernen i första hand "
        "ska utveckla digitaliseringen och dess användning för att Kristianstad ska bli en "
        "e-kommun."
    )
    _heading(document, "2 Inledning", 1, style)
    _heading(document, "2.1 Uppdraget", 2, style)
    document.add_paragraph(
        "2014-04-16 beslutade kommunstyrelsen om inriktning och mål för digital utveckling och "
        "bredbandsutbyggnad i Kristianstads kommun. De områden som särskilt nämns är:"
    )
    for item in (
        "Digital infrastruktur",
        "E-tjänster och välfärdstjänster",
        "Demokrati och deltagande",
        "Samverkan inom kommunkoncernen och med andra kommuner och organisationer",
    ):
        document.add_paragraph(item, style="List Bullet")
    _heading(document, "3 Syfte", 1, style)
    document.add_paragraph(
        "För varje insatsområde finns mål och mätetal. Insatsområdena är grunden för de "
        "handlingsplaner som verksamheterna årligen ska ta fram."
    )
    _heading(document, "4 Övergripande mål", 1, style)
    document.add_paragraph(
        "Med e-kommun menar vi att kommunen använder digitaliseringens möjligheter för att "
        "förenkla för privatpersoner och företag, utveckla demokratin och implementera smarta "
        "lösningar."
    )
    _heading(document, "5 Insatsområden", 1, style)
    for number, title, goal, indicators in E_KOMMUN_AREAS:
        _heading(document, f"{number} {title}", 2, style)
        document.add_paragraph(goal)
        if number in _E_KOMMUN_MORE:
            document.add_paragraph(_E_KOMMUN_MORE[number])
        document.add_paragraph(indicators)
    _heading(document, "6 Handlingsplanen", 1, style)
    document.add_paragraph(
        "Handlingsplanen ska samlat och konkret beskriva de åtgärder som behöver vidtas inom "
        "kommunkoncernen för att målen för de olika insatsområdena ska kunna uppnås."
    )
    _heading(document, "7 Genomförande", 1, style)
    table = document.add_table(rows=3, cols=2)
    for row, (who, what) in enumerate(
        (
            ("Vem", "Ansvar"),
            ("Strategiska IT-rådet", "Sammanhållande och pådrivande"),
            ("IT-strategen", "Handläggare åt rådet"),
        )
    ):
        table.cell(row, 0).text = who
        table.cell(row, 1).text = what
    _heading(document, "8 Uppföljning och utvärdering", 1, style)
    document.add_paragraph(
        "En avstämning ska göras mot de specifika mätetal som ställts upp för respektive "
        "insatsområde."
    )
    return _bytes(document)


def agenda_docx(*, focus_areas: int, indicators: int = 2, title: str = "Digital agenda") -> bytes:
    """A generated agenda: an introduction, then "Insatsområden" with `focus_areas` numbered
    headings, each with a "Mål:" paragraph and a bulleted list of `indicators` under the
    heading "Indikatorer"."""
    document = _new_document("heading", title)
    document.add_heading("1 Inledning", level=1)
    document.add_paragraph("Agendan beskriver vad kommunen vill uppnå med digitaliseringen.")
    document.add_heading("2 Insatsområden", level=1)
    for n in range(1, focus_areas + 1):
        document.add_heading(f"2.{n} Insatsområde {n}", level=2)
        document.add_paragraph(f"Bakgrund till insatsområde {n}.")
        document.add_paragraph(f"Mål: Målet för insatsområde {n} nås senast 2030.")
        document.add_heading("Indikatorer", level=3)
        for k in range(1, indicators + 1):
            document.add_paragraph(f"Indikator {n}.{k}", style="List Bullet")
    document.add_heading("3 Uppföljning", level=1)
    document.add_paragraph("Agendan följs upp varje år.")
    return _bytes(document)
