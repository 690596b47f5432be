"""The spreadsheet demo: Kultur- och fritidsnämnden's plan gets three activities and four
budget lines from a workbook imported through dataio.services by the strategist; the plan's
history shows the import; loading twice changes nothing."""

import io

import pytest

from malbild.actionplan.models import Activity, BudgetLine
from malbild.core.models import AuditEntry
from malbild.demo import sheets as demo
from malbild.demo.alingsas import COMMITTEE_PLAN_TITLE
from malbild.strategy.models import SteeringDocument


@pytest.fixture
def demo_orgs(db):
    from malbild.demo import loader

    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())


def test_demo_import_is_loaded_and_idempotent(demo_orgs):
    out = io.StringIO()
    assert demo.load(stdout=out) is True
    assert "3 new" not in out.getvalue() and "7 new rows" in out.getvalue()
    plan = SteeringDocument.objects.unscoped().get(title=COMMITTEE_PLAN_TITLE)
    imported = Activity.objects.unscoped().filter(document=plan, number__in=["K10", "K11", "K12"])
    assert imported.count() == 3
    assert imported.get(number="K10").created_by.username == "alingsas-strateg"
    assert BudgetLine.objects.unscoped().filter(activity__in=imported).count() == 4
    entry = AuditEntry.objects.get(event="dataio.sheet_imported", object_id=str(plan.pk))
    assert entry.message.startswith(demo.FILENAME)
    counts = (Activity.objects.count(), BudgetLine.objects.count(), AuditEntry.objects.count())
    assert demo.load(stdout=io.StringIO()) is False
    assert (
        Activity.objects.count(),
        BudgetLine.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
