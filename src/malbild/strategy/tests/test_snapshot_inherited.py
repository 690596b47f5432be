"""A frozen version carries what it inherits (issue #9 §1): the ancestors' focus areas, goals
and overall goals its items serve or that it implements, with uid, label and the source
document, marked inherited; the version page and the comparison show them without uids;
format-2 snapshots frozen before inheritance was recorded (and format 1) still load, and are
not reported as "missing" the inherited items."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from malbild.strategy import services
from malbild.strategy.models import DocumentVersion
from malbild.strategy.snapshot import document_snapshot, render, snapshot_compare, upgrade, validate

from .factories import FocusAreaFactory
from .levels import build_levels

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_committee_plan_version_carries_the_strategy_it_implements(
    org, body, strategist, access_of
):
    levels = build_levels(org, body, committee_plans=1)
    committee = levels.committee_plans[0]
    version = services.version_freeze(access=access_of(strategist), document=committee)
    snap = upgrade(version.snapshot)
    validated = validate(snap)
    inherited = snap["inherited"]
    assert {i.type for i in validated.inherited} == {"overall_goal", "focus_area", "goal"}
    by_uid = {i["uid"]: i for i in inherited}
    for fa in levels.focus_areas:
        entry = by_uid[str(fa.uid)]
        assert entry["label"] == str(fa)
        assert entry["fields"]["number"] == fa.number and entry["fields"]["title"] == fa.title
        assert entry["source"] == {"uid": str(levels.strategy.uid), "label": "Strategi"}
    goal = by_uid[str(levels.goals[0].uid)]
    assert goal["parent"] == str(levels.focus_areas[0].uid)
    assert by_uid[str(levels.overall_goal.uid)]["type"] == "overall_goal"
    assert [i["type"] for i in inherited][0] == "overall_goal"
    # The document's own items are unchanged: none of the inherited ones among them.
    assert not {i["uid"] for i in snap["items"]} & set(by_uid)


def test_plan_with_own_focus_areas_inherits_only_what_it_serves(org, body):
    levels = build_levels(org, body, committee_plans=0)
    own = FocusAreaFactory(document=levels.plan, title="Eget område")
    own.overall_goals.add(levels.overall_goal)
    act = levels.activities[levels.plan.pk][0]
    act.focus_areas.set([own, levels.focus_areas[2]])
    act.primary_focus_area = own  # as actionplan's services keep it: one of the served areas
    act.save(update_fields=["primary_focus_area"])
    snap = document_snapshot(levels.plan)
    uids = {i["uid"] for i in snap["inherited"]}
    # The overall goal its own focus area serves, and exactly the strategy's focus areas its
    # activities serve (it has focus areas of its own, so not the whole implemented set).
    assert str(levels.overall_goal.uid) in uids
    assert str(levels.focus_areas[2].uid) in uids
    served = {str(fa.uid) for a in levels.activities[levels.plan.pk] for fa in a.focus_areas.all()}
    assert {str(fa.uid) for fa in levels.focus_areas} & uids == served - {str(own.uid)}


def test_version_page_and_comparison_show_inherited_items(client, org, body, strategist, access_of):
    levels = build_levels(org, body, committee_plans=1)
    committee = levels.committee_plans[0]
    access = access_of(strategist)
    services.version_freeze(access=access, document=committee)
    area = levels.focus_areas[0]
    services.item_update(access=access, instance=area, data={"title": "Område ett"})
    client.force_login(strategist)
    kw = {"org": org.slug, "pk": committee.pk}
    detail = client.get(reverse("strategy:version-detail", kwargs={**kw, "number": 1}))
    assert detail.status_code == 200
    text = visible_text(detail)
    assert "Strategi" in text and "1 Område 1" in text and "Mål för Område 1" in text
    assert f'id="item-{area.uid}"' in detail.content.decode()
    assert not UUID.search(text)
    compare = client.get(reverse("strategy:version-compare", kwargs=kw), {"a": 1, "b": "current"})
    changes = compare.context["inherited_changes"]
    assert [(c["change"], c["uid"], c["source_label"]) for c in changes] == [
        ("changed", str(area.uid), "Strategi")
    ]
    assert compare.context["counts"]["changed"] == 0  # the plan's own items did not change
    text = visible_text(compare)
    assert "Område ett" in text and not UUID.search(text)


def test_older_format_2_snapshot_without_inherited_still_loads(client, org, body, strategist):
    """A committed format-2 fixture frozen before inheritance was recorded."""
    old = json.loads((FIXTURES / "snapshot_format2_committee_plan.json").read_text())
    assert "inherited" not in old
    assert validate(old).inherited is None
    assert render.inherited(old) == []
    levels = build_levels(org, body, committee_plans=1)
    committee = levels.committee_plans[0]
    result = snapshot_compare(old, document_snapshot(committee))
    assert result["inherited"] == []  # nothing "added": the old one did not record them
    DocumentVersion.objects.create(
        organisation=org, document=committee, number=1, snapshot=old, status_at_freeze="draft"
    )
    client.force_login(strategist)
    kw = {"org": org.slug, "pk": committee.pk}
    detail = client.get(reverse("strategy:version-detail", kwargs={**kw, "number": 1}))
    compare = client.get(reverse("strategy:version-compare", kwargs=kw), {"a": 1, "b": "current"})
    for response in (detail, compare):
        assert response.status_code == 200
        assert not UUID.search(visible_text(response))
    assert compare.context["inherited_changes"] == []


@pytest.mark.parametrize("name", ["action_plan_v1", "vision"])
def test_format_1_fixtures_have_no_inherited_part(name):
    old = json.loads((FIXTURES / f"snapshot_format1_{name}.json").read_text())
    assert render.inherited(old) == []
    assert snapshot_compare(old, old)["inherited"] == []
