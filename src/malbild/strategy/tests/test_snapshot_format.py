"""Snapshot format 2: what freezing writes validates against the typed schema; references are
{uid, label} (targets outside the document included); comparing by uid keeps a renamed body
from marking activities changed; budgets compare per line; committed format-1 snapshots are
upgraded and shown (version page, comparison, consultation summary) without raw uids or
choice codes; activities come through the registry, not an import."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.tests.factories import BodyFactory
from malbild.strategy import services
from malbild.strategy.models import DocumentVersion
from malbild.strategy.snapshot import (
    FORMAT,
    STORED_FORMAT,
    document_snapshot,
    item_kinds,
    render,
    snapshot_compare,
    upgrade,
    validate,
    validate_stored,
)
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    OverallGoalFactory,
)

FIXTURES = Path(__file__).parent / "fixtures"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
RAW_CODES = {"ongoing", "planned", "operating", "investment", "focus_area", "action_plan"}


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"snapshot_format1_{name}.json").read_text())


@pytest.fixture
def plan(org, body):
    """An action plan whose focus area serves an overall goal of its parent vision."""
    vision = DocumentFactory(organisation=org, kind="vision", title="Vision")
    overall = OverallGoalFactory(document=vision, title="Öppen kommun")
    doc = DocumentFactory(organisation=org, parent=vision, owning_body=body)
    fa = FocusAreaFactory(document=doc, title="E-tjänster")
    fa.overall_goals.add(overall)
    GoalFactory(focus_area=fa, title="Fler e-tjänster")
    act = ActivityFactory(document=doc, responsible_body=body, title="E-arkiv", status="ongoing")
    act.focus_areas.add(fa)
    BudgetLineFactory(activity=act, year=2019, kind="operating", amount=650000)
    BudgetLineFactory(activity=act, year=2019, kind="investment", amount=100000)
    return doc


def _texts(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _shown(nodes) -> list:
    """What a page shows of a tree: labels, type names and field texts (not the uid anchors)."""
    return [
        [n["label"], n["type_name"], [(f["label"], f["value"]) for f in n["fields"]]]
        + _shown(n["children"])
        for n in nodes
    ]


def test_what_freezing_writes_is_format_3_and_reads_as_format_2(plan, strategist, access_of):
    version = services.version_freeze(access=access_of(strategist), document=plan)
    assert version.snapshot["format"] == STORED_FORMAT == 3  # stored compact (ADR 0024)
    validate_stored(version.snapshot)
    snap = upgrade(version.snapshot)
    assert snap["format"] == FORMAT == 2
    assert snap == document_snapshot(plan)  # what freezing read, exactly
    validated = validate(version.snapshot)
    assert [i.type for i in validated.items] == ["focus_area", "goal", "activity"]
    activity = snap["items"][2]["fields"]
    assert activity["responsible_body"]["label"] == plan.activities.get().responsible_body.name
    assert activity["status"] == "ongoing"  # a code; the label is looked up when shown
    assert [(b["year"], b["kind"], b["amount"]) for b in activity["budget"]] == [
        (2019, "investment", "100000.00"),
        (2019, "operating", "650000.00"),
    ]
    assert snap["document"]["fields"]["parent"]["label"] == "Vision"


def test_out_of_tree_references_are_stored_and_shown_with_their_labels(plan):
    snap = document_snapshot(plan)
    fa = next(i for i in snap["items"] if i["type"] == "focus_area")
    assert [r["label"] for r in fa["fields"]["overall_goals"]] == ["Öppen kommun"]
    shown = _texts(render.tree(snap)) + _texts(render.document_fields(snap))
    assert "Öppen kommun" in shown and "Vision" in shown
    assert not UUID.search(_texts([n["fields"] for n in render.tree(snap)]))


def test_a_renamed_body_does_not_mark_its_activities_changed(plan, body):
    before = document_snapshot(plan)
    body.name = "Digitaliseringsenheten"
    body.save()
    after = document_snapshot(plan)
    result = snapshot_compare(before, after)
    assert result["changes"] == []
    assert after["items"][2]["fields"]["responsible_body"]["label"] == "Digitaliseringsenheten"
    # Another body is a change, shown by its (newer) label.
    act = plan.activities.get()
    act.responsible_body = BodyFactory(organisation=plan.organisation, name="Kulturförvaltningen")
    act.save()
    shown = render.comparison(snapshot_compare(before, document_snapshot(plan)))
    rows = shown["changes"][0]["fields"]
    assert [(r["before"], r["after"]) for r in rows] == [
        ("Kultur- och fritidsnämnden", "Kulturförvaltningen")
    ]


def test_budget_compares_per_line(plan):
    before = document_snapshot(plan)
    act = plan.activities.get()
    operating = act.budget_lines.get(kind="operating")
    operating.amount = 700000
    operating.save()
    act.budget_lines.get(kind="investment").delete()
    BudgetLineFactory(activity=act, year=2020, kind="operating", amount=50000)
    result = snapshot_compare(before, document_snapshot(plan))
    (change,) = result["changes"]
    (budget,) = change["fields"]
    assert [(line["change"], line["year"], line["kind"]) for line in budget["lines"]] == [
        ("removed", 2019, "investment"),
        ("changed", 2019, "operating"),
        ("added", 2020, "operating"),
    ]
    rows = render.comparison(result)["changes"][0]["fields"]
    assert len(rows) == 3
    changed = next(r for r in rows if r["before"] and r["after"])
    assert "650" in changed["before"] and "700" in changed["after"]
    assert not any(code in _texts(rows) for code in ("operating", "investment"))


@pytest.mark.parametrize("name", ["action_plan_v1", "action_plan_v2", "vision", "digital_agenda"])
def test_format_1_fixtures_upgrade_validate_and_render_without_uids_or_codes(name):
    upgraded = upgrade(fixture(name))
    validate(upgraded)
    shown = _texts(_shown(render.tree(upgraded))) + _texts(render.document_fields(upgraded))
    assert not UUID.search(shown), UUID.findall(shown)[:3]
    assert not {f'"{code}"' for code in RAW_CODES} & {
        m.group(0) for m in re.finditer(r'"[a-z_]+"', shown)
    }


def test_format_1_budget_text_becomes_lines():
    upgraded = upgrade(fixture("action_plan_v1"))
    budgets = [i["fields"]["budget"] for i in upgraded["items"] if i["type"] == "activity"]
    line = budgets[0][0]
    assert (line["year"], line["kind"], line["uid"]) == (2018, "operating", None)
    assert line["source"].startswith("Flerårsstrategi")


def test_format_1_compares_with_format_2_by_meaning():
    """Two format-1 versions compare as before; bodies without uid compare by name."""
    result = snapshot_compare(fixture("action_plan_v1"), fixture("action_plan_v2"))
    assert result["counts"] == {"added": 0, "removed": 0, "changed": 3}
    shown = render.comparison(result)
    assert not UUID.search(_texts([c["fields"] for c in shown["changes"]]))


def test_format_1_version_pages_show_no_uids(client, org, strategist, body):
    """A version frozen in format 1 (stored as is) renders on the version page and in the
    comparison with the working copy; out-of-tree references get their labels."""
    doc = DocumentFactory(organisation=org)
    fa = FocusAreaFactory(document=doc, title="Styrning")
    act = ActivityFactory(document=doc, responsible_body=body, title="E-arkiv")
    act.focus_areas.add(fa)
    outside = FocusAreaFactory(document=DocumentFactory(organisation=org), title="Utanför")
    old = {
        "format": 1,
        "document": {"uid": str(doc.uid), "title": doc.title, "kind": "action_plan"},
        "items": [
            {
                "uid": str(act.uid),
                "type": "activity",
                "label": "E-arkiv",
                "parent": str(outside.uid),
                "fields": {
                    "title": "E-arkiv",
                    "status": "ongoing",
                    "responsible_body": body.name,
                    "focus_areas": [str(outside.uid)],
                    "budget": ["2019 operating 650000.00 Innovationsfonden"],
                },
            }
        ],
    }
    DocumentVersion.objects.create(
        organisation=org, document=doc, number=1, snapshot=old, status_at_freeze="draft"
    )
    client.force_login(strategist)
    kw = {"org": org.slug, "pk": doc.pk}
    detail = client.get(reverse("strategy:version-detail", kwargs={**kw, "number": 1}))
    compare = client.get(reverse("strategy:version-compare", kwargs=kw), {"a": 1, "b": "current"})
    for response in (detail, compare):
        assert response.status_code == 200
        text = re.sub(r"<[^>]+>", " ", response.content.decode())
        assert not UUID.search(text), UUID.findall(text)[:3]
        assert not re.search(r"\b(ongoing|operating)\b", text)
    assert "Utanför" in detail.content.decode()


def test_activities_come_through_the_registry():
    """strategy's snapshot package does not import actionplan; actionplan registers."""
    source = "\n".join(p.read_text() for p in (Path(__file__).parents[1] / "snapshot").glob("*.py"))
    assert "malbild.actionplan" not in source
    assert item_kinds()["activity"].model._meta.label == "actionplan.Activity"
