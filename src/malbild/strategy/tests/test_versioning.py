"""Freezing a document snapshots its whole tree; comparing two snapshots finds added, removed
and changed items by stable id with field-level before/after."""

import pytest
from django.core.exceptions import PermissionDenied

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.strategy import services
from malbild.strategy.snapshot import upgrade
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, GoalFactory
from malbild.strategy.versioning import document_snapshot, snapshot_compare


@pytest.fixture
def plan(org, body):
    doc = DocumentFactory(organisation=org)
    fa = FocusAreaFactory(document=doc, title="E-tjänster")
    GoalFactory(focus_area=fa, title="Fler e-tjänster")
    act = ActivityFactory(document=doc, responsible_body=body, title="E-arkiv")
    act.focus_areas.add(fa)
    BudgetLineFactory(activity=act, amount=250000)
    return doc


def test_freeze_numbers_versions_and_snapshots_tree(plan, strategist, access_of):
    v1 = services.version_freeze(access=access_of(strategist), document=plan, label="Remiss")
    v2 = services.version_freeze(access=access_of(strategist), document=plan)
    assert (v1.number, v2.number) == (1, 2)
    snap = upgrade(v1.snapshot)  # stored compact, read as format 2 (docs/adr/0024)
    types = [i["type"] for i in snap["items"]]
    assert types == ["focus_area", "goal", "activity"]
    activity = snap["items"][2]
    line = plan.activities.get().budget_lines.get()
    assert activity["fields"]["budget"] == [
        {
            "uid": str(line.uid),
            "year": 2018,
            "kind": "operating",
            "amount": "250000.00",
            "source": "",
        }
    ]


def test_compare_finds_added_removed_changed(plan, strategist, access_of, body):
    access = access_of(strategist)
    before = document_snapshot(plan)
    fa = plan.focus_areas.get()
    services.item_update(access=access, instance=fa, data={"title": "E-tjänster och välfärd"})
    fa.goals.get().delete()
    ActivityFactory(document=plan, responsible_body=body, title="Ny åtgärd")
    result = snapshot_compare(before, document_snapshot(plan))
    kinds = {(c["type"], c["change"]) for c in result["changes"]}
    assert kinds == {("focus_area", "changed"), ("goal", "removed"), ("activity", "added")}
    changed = next(c for c in result["changes"] if c["change"] == "changed")
    assert {"field": "title", "before": "E-tjänster", "after": "E-tjänster och välfärd"} in (
        changed["fields"]
    )


def test_reader_cannot_freeze(plan, reader, access_of):
    with pytest.raises(PermissionDenied):
        services.version_freeze(access=access_of(reader), document=plan)


def test_snapshot_query_count_is_constant(plan, body, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        document_snapshot(plan)
    for _ in range(10):
        a = ActivityFactory(document=plan, responsible_body=body)
        BudgetLineFactory(activity=a)
    with django_assert_max_num_queries(18):  # + the lineage and what it inherits (5)
        document_snapshot(plan)
    with CaptureQueriesContext(connection) as large:
        document_snapshot(plan)
    assert len(large) == len(small)
