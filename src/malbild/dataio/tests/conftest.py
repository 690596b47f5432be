"""A small action plan to export and import: two focus areas (one with two goals), three
activities with budget lines, two indicators with targets, one follow-up period with a value."""

import datetime
import io
from decimal import Decimal

import pytest

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.followup.tests.factories import IndicatorValueFactory, PeriodFactory
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)


@pytest.fixture
def plan(org, body, other_body):
    document = DocumentFactory(
        organisation=org, title="Handlingsplan digitalisering", period_start=2024, period_end=2026
    )
    fa1 = FocusAreaFactory(document=document, number="1", title="Digitala tjänster", order=1)
    fa2 = FocusAreaFactory(document=document, number="2", title="Infrastruktur", order=2)
    GoalFactory(focus_area=fa1, title="Fler e-tjänster", order=1)
    g12 = GoalFactory(focus_area=fa1, title="Nöjdare invånare", order=2)
    a1 = ActivityFactory(
        document=document,
        number="1.1",
        title="E-arkiv",
        description="Införa e-arkiv",
        responsible_body=body,
        start_year=2024,
        end_year=2025,
    )
    a1.focus_areas.set([fa1])
    a1.goals.set([g12])
    a1.co_responsible_bodies.set([other_body])
    a2 = ActivityFactory(
        document=document,
        number="1.2",
        title="Bredband",
        responsible_body=other_body,
        start_year=2024,
        end_year=2026,
        status="ongoing",
    )
    a2.focus_areas.set([fa2])
    ActivityFactory(
        document=document,
        number="2.1",
        title="Öppna data",
        responsible_body=body,
        start_year=2025,
        end_year=2026,
    )
    BudgetLineFactory(activity=a1, year=2024, kind="operating", amount=Decimal("1250000.50"))
    BudgetLineFactory(
        activity=a1,
        year=2025,
        kind="investment",
        amount=Decimal("300000"),
        financing_source="Innovationsfonden",
    )
    BudgetLineFactory(activity=a2, year=2024, kind="operating", amount=Decimal("75000"))
    ind = IndicatorFactory(
        document=document,
        name="Andel hushåll med bredband",
        unit="%",
        measure_type="share",
        baseline_value=Decimal("61.5"),
        baseline_year=2023,
        responsible_body=other_body,
    )
    ind.focus_areas.set([fa2])
    IndicatorTargetFactory(indicator=ind, year=2025, value=Decimal("80"))
    IndicatorTargetFactory(indicator=ind, year=2026, value=Decimal("95"))
    IndicatorFactory(document=document, name="Antal e-tjänster", measure_type="count")
    period = PeriodFactory(
        document=document,
        label="Uppföljning 2024",
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
        deadline=datetime.date(2025, 1, 31),
    )
    IndicatorValueFactory(
        period=period,
        indicator=ind,
        value=Decimal("72.5"),
        measured_on=datetime.date(2024, 12, 31),
        state="draft",
    )
    return document


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with the given sheets (title → rows, the first row the headings)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
