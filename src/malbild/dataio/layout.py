"""The spreadsheet layout, the same for the template, the export and the import.

One workbook per document with four sheets (activities, budget lines, indicators, follow-up
values). The sheet names and column headings are the file format: they are Swedish in every
language (a file exported in English imports in Swedish and back), and headings are matched
case-insensitively with surrounding spaces ignored. A CSV file holds one of the sheets; which
one is recognised from its headings. Rows are matched with what the document holds by a key
(docs/guide/import-export.md): the activity number (or, for an activity without number, its
title), the activity with year, kind and financing source of a budget line, the indicator's
name, and the indicator with the period label of a follow-up value.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False
    #: What the template's second row explains (shown in the template only).
    help: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    label: object
    columns: tuple[Column, ...]
    #: The headings of the year columns ("Målvärde 2026") are this prefix and a year.
    year_prefix: str = ""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


ACTIVITIES = Sheet(
    key="activities",
    title="Aktiviteter",
    label=_("Activities"),
    columns=(
        Column("number", "Nummer", help="t.ex. 1.3"),
        Column("title", "Titel", required=True),
        Column("description", "Beskrivning"),
        Column("responsible_body", "Ansvarigt organ", required=True, help="organets namn"),
        Column("co_responsible_bodies", "Medansvariga organ", help="namn, skilda med ;"),
        Column("focus_areas", "Fokusområden", help="nummer, skilda med ;"),
        Column("goals", "Mål", help="fokusområdets nummer och målets plats, t.ex. 2.1"),
        Column("start_year", "Startår"),
        Column("end_year", "Slutår"),
        Column("status", "Status", help="Planerad, Pågår, Genomförd, Uppskjuten, Avbruten"),
        Column("priority", "Prioritet", help="Hög, Medel, Låg"),
    ),
)

BUDGET = Sheet(
    key="budget",
    title="Budget",
    label=_("Budget lines"),
    columns=(
        Column("activity", "Aktivitet", required=True, help="aktivitetens nummer"),
        Column("year", "År", required=True),
        Column("kind", "Typ", required=True, help="Driftkostnad eller Investering"),
        Column("amount", "Belopp", required=True, help="kronor, t.ex. 1 250 000,50"),
        Column("financing_source", "Finansiering"),
    ),
)

INDICATORS = Sheet(
    key="indicators",
    title="Indikatorer",
    label=_("Indicators"),
    columns=(
        Column("name", "Namn", required=True),
        Column("definition", "Definition"),
        Column("unit", "Enhet", help="t.ex. %"),
        Column("direction", "Riktning", help="Högre är bättre eller Lägre är bättre"),
        Column(
            "measure_type",
            "Mäter",
            help="Antal, Andel/täckning, Användning, Kvalitet, Nöjdhet, Kostnad/nytta, Annat",
        ),
        Column("responsible_body", "Ansvarigt organ"),
        Column("focus_areas", "Fokusområden", help="nummer, skilda med ;"),
        Column("goals", "Mål", help="t.ex. 2.1"),
        Column("baseline_value", "Utgångsvärde"),
        Column("baseline_year", "Utgångsår"),
    ),
    year_prefix="Målvärde",
)

FOLLOWUP = Sheet(
    key="followup",
    title="Uppföljning",
    label=_("Follow-up values"),
    columns=(
        Column("indicator", "Indikator", required=True, help="indikatorns namn"),
        Column("period", "Period", required=True, help="uppföljningsperiodens namn"),
        Column("value", "Värde"),
        Column("text", "Bedömning"),
        Column("measured_on", "Mätdatum", required=True, help="ÅÅÅÅ-MM-DD"),
        Column("comment", "Kommentar"),
        Column("source", "Källa"),
    ),
)

SHEETS: tuple[Sheet, ...] = (ACTIVITIES, BUDGET, INDICATORS, FOLLOWUP)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}


def normalise_heading(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def sheet_for_title(title: str) -> Sheet | None:
    wanted = normalise_heading(title)
    return next((s for s in SHEETS if normalise_heading(s.title) == wanted), None)


def sheet_for_headings(headings: list[str]) -> Sheet | None:
    """The sheet whose required headings a CSV file's first row holds (the best match)."""
    found = {normalise_heading(h) for h in headings}
    best, best_score = None, 0
    for sheet in SHEETS:
        names = {normalise_heading(c.heading) for c in sheet.columns}
        required = {normalise_heading(c.heading) for c in sheet.columns if c.required}
        if not required <= found:
            continue
        score = len(names & found)
        if score > best_score:
            best, best_score = sheet, score
    return best


def year_of_heading(sheet: Sheet, heading: str) -> int | None:
    """The year of a year column ("Målvärde 2026" → 2026), None for another heading."""
    if not sheet.year_prefix:
        return None
    match = re.fullmatch(
        re.escape(normalise_heading(sheet.year_prefix)) + r"\s*(\d{4})", normalise_heading(heading)
    )
    return int(match.group(1)) if match else None


def year_heading(sheet: Sheet, year: int) -> str:
    return f"{sheet.year_prefix} {year}"
