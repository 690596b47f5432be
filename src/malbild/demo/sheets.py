"""Demo spreadsheet import: Kultur- och fritidsnämnden's plan gets three more activities and
their budget lines from an Excel workbook, imported by the Alingsås strategist through
`malbild.dataio.services` (preview, then confirm), so the document's history shows the import
(“Importerat från kalkylark”) and the activities show who created them.

ILLUSTRATIVE: the three activities and their amounts are invented for the demo. Idempotent: a
plan that already has a spreadsheet import is skipped.
"""

from typing import TextIO

from malbild.accounts.models import User
from malbild.core.access import access_for
from malbild.dataio import services
from malbild.dataio.layout import ACTIVITIES, BUDGET, FOLLOWUP, INDICATORS
from malbild.dataio.models import SheetImport
from malbild.dataio.writer import workbook_bytes
from malbild.organisation.models import Organisation
from malbild.strategy.models import SteeringDocument

from .alingsas import COMMITTEE_PLAN_TITLE, KFF, KFN, STRATEGIST

FILENAME = "kultur-och-fritid-aktiviteter-2020.xlsx"

# Nummer, Titel, Beskrivning, Ansvarigt organ, Medansvariga, Fokusområden, Mål, Startår,
# Slutår, Status, Prioritet
ROWS = [
    [
        "K10",
        "Digitala lånekort på biblioteken",
        "Låntagare kan visa lånekortet i mobilen och låna om på webben.",
        KFN,
        KFF,
        "1",
        "1.1",
        2020,
        2020,
        "Planerad",
        "Hög",
    ],
    [
        "K11",
        "Boka lokaler och idrottsanläggningar på webben",
        "Föreningar och invånare bokar och betalar lokaler i en e-tjänst.",
        KFN,
        KFF,
        "1",
        "1.1",
        2020,
        2020,
        "Planerad",
        "Medel",
    ],
    [
        "K12",
        "Digital närvaroregistrering i fritidsgårdarna",
        "Ersätter pappersblanketter; underlaget används för uppföljningen.",
        KFN,
        "",
        "1",
        "",
        2020,
        2020,
        "Planerad",
        "Låg",
    ],
]
# Aktivitet, År, Typ, Belopp, Finansiering
BUDGET_ROWS = [
    ["K10", 2020, "Driftkostnad", 45000, "Innovationsfonden"],
    ["K11", 2020, "Investering", 120000, "Innovationsfonden"],
    ["K11", 2020, "Driftkostnad", 18000, ""],
    ["K12", 2020, "Driftkostnad", 12500, ""],
]


def workbook() -> bytes:
    return workbook_bytes(
        {
            "activities": ([c.heading for c in ACTIVITIES.columns], ROWS),
            "budget": ([c.heading for c in BUDGET.columns], BUDGET_ROWS),
            "indicators": ([c.heading for c in INDICATORS.columns], []),
            "followup": ([c.heading for c in FOLLOWUP.columns], []),
        }
    )


def load(*, stdout: TextIO) -> bool:
    """Import the committee's workbook into its plan; False when skipped."""
    org = Organisation.objects.filter(slug="alingsas").first()
    strategist = User.objects.filter(username=STRATEGIST).first()
    document = (
        SteeringDocument.objects.for_org(org).filter(title=COMMITTEE_PLAN_TITLE).first()
        if org
        else None
    )
    if document is None or strategist is None:
        stdout.write("Spreadsheet demo: the committee plan is missing, skipped.\n")
        return False
    if SheetImport.objects.for_org(org).filter(document=document).exists():
        stdout.write("Spreadsheet demo: already imported, skipped.\n")
        return False
    access = access_for(strategist, org)
    sheet_import = services.sheet_import_create(
        access=access, document=document, filename=FILENAME, content=workbook()
    )
    sheet_import = services.sheet_import_confirm(
        access=access,
        sheet_import=sheet_import,
        fingerprint=sheet_import.preview["fingerprint"],
        create_bodies=False,
        create_focus_areas=False,
    )
    if sheet_import.state != "done":
        raise RuntimeError(f"The demo import failed: {sheet_import.error}")
    result = sheet_import.result
    stdout.write(
        f"Spreadsheet demo: {FILENAME} imported into “{document.title}” "
        f"({result['new']} new rows).\n"
    )
    return True
