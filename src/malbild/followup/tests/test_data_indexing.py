"""The follow-up data's one-pass indexes give exactly what the straightforward scans gave.

`data.assess` used to scan every item for every focus area, goal, level and body, and to
deep-copy the whole period on every request; it now indexes the items by id in one pass and
copies with `copy_data`. Each test compares the rewritten function with a plain reference (the
old scan, kept here) on a real stored snapshot, also split into a tree of two documents, and
with amendments applied.
"""

import copy
import json
from collections import Counter
from pathlib import Path

import pytest

from malbild.actionplan.constants import ActivityStatus
from malbild.followup import data as period_data
from malbild.followup.constants import ContributionState
from malbild.followup.snapshot import upgrade
from malbild.followup.status import rollup

FIXTURES = Path(__file__).parent / "fixtures"


def _raw(name: str, *, tree: bool) -> dict:
    raw = upgrade(json.loads((FIXTURES / name).read_text()))
    if not tree:
        return raw
    # A second document below the first, holding every other item, following the same areas.
    raw = copy.deepcopy(raw)
    top = raw["documents"][0]
    below = {**top, "id": top["id"] + 1000, "uid": "below", "title": "Below", "depth": 1}
    below["parent_id"] = top["id"]
    top["focus_area_document_id"] = below["focus_area_document_id"] = top["id"]
    raw["documents"].append(below)
    for fa in raw["focus_areas"]:
        fa["document_id"] = top["id"]
    for n, item in enumerate(raw["activities"] + raw["indicators"]):
        item["document_id"] = below["id"] if n % 2 else top["id"]
    # An item linked twice to one area must still be counted once.
    raw["activities"][0]["focus_area_ids"] *= 2
    return raw


CASES = [
    ("period_format2_action_plan.json", False),
    ("period_format2_action_plan.json", True),
    ("period_format2_digital_agenda.json", False),  # a strategy: indicators only
]
PLAN_CASES = CASES[:2]


def _reference_roll_up(data: dict) -> None:
    """The focus areas' and goals' roll-ups by scanning every item for each one (the old code)."""
    statuses = [s.value for s in ActivityStatus]
    for fa in data["focus_areas"]:
        inds = [i for i in data["indicators"] if fa["id"] in i["focus_area_ids"]]
        acts = [a for a in data["activities"] if fa["id"] in a["focus_area_ids"]]
        fa["indicator_uids"] = [i["uid"] for i in inds]
        fa["activity_uids"] = [a["uid"] for a in acts]
        computed = rollup([i["status"] for i in inds] + [a["assessment"] for a in acts]).value
        fa["computed_status"] = computed
        fa["status"] = period_data._overridden(fa, computed)
        fa["basis"] = period_data._basis(inds, acts)
        counts = Counter(a["status"] for a in acts)
        fa["activity_status_counts"] = {s: counts.get(s, 0) for s in statuses}
        for goal in fa["goals"]:
            g_inds = [i for i in data["indicators"] if goal["id"] in i["goal_ids"]]
            g_acts = [a for a in data["activities"] if goal["id"] in a["goal_ids"]]
            goal["computed_status"] = rollup(
                [i["status"] for i in g_inds] + [a["assessment"] for a in g_acts]
            ).value
            goal["status"] = period_data._overridden(goal, goal["computed_status"])
            goal["basis"] = period_data._basis(g_inds, g_acts)


def _reference_levels(data: dict) -> list[dict]:
    documents = data["documents"]
    level_ids = {d["id"] for d in documents}
    top = documents[0]["id"]

    def level_of(item):
        return item["document_id"] if item["document_id"] in level_ids else top

    levels = []
    for doc in documents:
        inds = [i for i in data["indicators"] if level_of(i) == doc["id"]]
        acts = [a for a in data["activities"] if level_of(a) == doc["id"]]
        chapters, placed = [], set()
        for fa in data["focus_areas"]:
            if fa["document_id"] != doc["focus_area_document_id"] and len(documents) > 1:
                continue
            fa_inds = [i for i in inds if fa["id"] in i["focus_area_ids"]]
            fa_acts = [a for a in acts if fa["id"] in a["focus_area_ids"]]
            placed.update(x["uid"] for x in fa_inds + fa_acts)
            chapters.append(
                {
                    "focus_area_uid": fa["uid"],
                    "indicator_uids": [i["uid"] for i in fa_inds],
                    "activity_uids": [a["uid"] for a in fa_acts],
                    "computed_status": rollup(
                        [i["status"] for i in fa_inds] + [a["assessment"] for a in fa_acts]
                    ).value,
                    "basis": period_data._basis(fa_inds, fa_acts),
                }
            )
        levels.append(
            {
                "document": doc,
                "chapters": chapters,
                "other_indicator_uids": [i["uid"] for i in inds if i["uid"] not in placed],
                "other_activity_uids": [a["uid"] for a in acts if a["uid"] not in placed],
            }
        )
    return levels


def _reference_body_counts(data: dict) -> list[dict]:
    bodies: dict[str, Counter] = {}
    for item in data["activities"] + data["indicators"]:
        counts = bodies.setdefault(item["responsible_body"] or "", Counter())
        if not item.get("reported_in"):
            counts[item["state"]] += 1
    return [
        {
            "name": name,
            "status_counts": {
                s.value: sum(
                    1
                    for a in data["activities"]
                    if a["responsible_body"] == name and a["status"] == s.value
                )
                for s in ActivityStatus
            },
            **{s.value: counts.get(s.value, 0) for s in ContributionState},
        }
        for name, counts in sorted(bodies.items())
    ]


def _assessed_items(raw: dict) -> dict:
    """The raw data with the items' own statuses (the step before the roll-ups)."""
    data = copy.deepcopy(raw)
    period_data._assess_indicators(data["indicators"], data["period"]["year"])
    period_data._assess_activities(data["activities"], data["period"])
    return data


@pytest.mark.parametrize(("name", "tree"), CASES)
def test_roll_up_levels_and_bodies_equal_the_scans(name, tree):
    raw = _raw(name, tree=tree)
    fast, reference = _assessed_items(raw), _assessed_items(raw)
    period_data._roll_up_focus_areas(fast)
    _reference_roll_up(reference)
    assert fast["focus_areas"] == reference["focus_areas"]
    assert any(fa["indicator_uids"] for fa in fast["focus_areas"])  # the case links something
    assert period_data._levels(fast) == _reference_levels(reference)
    assert period_data._body_counts(fast) == _reference_body_counts(reference)
    assert len(period_data._body_counts(fast)) > 1


@pytest.mark.parametrize(("name", "tree"), PLAN_CASES)
def test_assess_with_amendments_leaves_the_snapshot_as_it_was(name, tree):
    raw = _raw(name, tree=tree)
    before = copy.deepcopy(raw)
    act, ind = raw["activities"][1], raw["indicators"][0]
    amendments = [
        {"target": "activity", "target_uid": act["uid"], "field": "progress", "new_value": "90"},
        {"target": "indicator", "target_uid": ind["uid"], "field": "value", "new_value": "12.50"},
        {"target": "activity", "target_uid": act["uid"], "field": "comment", "new_value": "x"},
    ]
    data = period_data.assess(raw, amendments)
    assert raw == before  # the copy, not the stored snapshot, was changed
    amended = next(a for a in data["activities"] if a["uid"] == act["uid"])
    assert (amended["progress"], amended["comment"], len(amended["amendments"])) == (90, "x", 2)
    assert next(i for i in data["indicators"] if i["uid"] == ind["uid"])["value"] == "12.5"
    # The same as a deep copy would give.
    assert period_data.apply_amendments(raw, amendments) == _deepcopy_amended(raw, amendments)


def _deepcopy_amended(raw, amendments):
    data = copy.deepcopy(raw)
    return period_data.apply_amendments(data, amendments)


def test_copy_data_equals_a_deep_copy_and_shares_nothing_mutable():
    raw = _raw("period_format2_action_plan.json", tree=True)
    copied = period_data.copy_data(raw)
    assert copied == copy.deepcopy(raw)
    copied["activities"][0]["budget"].append({"year": 1})
    copied["focus_areas"][0]["goals"][0]["title"] = "changed"
    assert raw == _raw("period_format2_action_plan.json", tree=True)


@pytest.mark.parametrize("last", [False, True])
def test_restrict_keeps_the_documents_items_and_copies_them(last):
    raw = _raw("period_format2_action_plan.json", tree=True)
    doc = raw["documents"][-1 if last else 0]
    restricted = period_data.restrict(raw, doc["id"])
    fa_doc = doc["focus_area_document_id"]
    assert restricted["activities"] == [
        a for a in raw["activities"] if a["document_id"] == doc["id"]
    ]
    assert restricted["indicators"] == [
        i for i in raw["indicators"] if i["document_id"] in {doc["id"], fa_doc}
    ]
    assert restricted["focus_areas"] == [
        fa for fa in raw["focus_areas"] if fa["document_id"] == fa_doc
    ]
    assert restricted["documents"] == [{**doc, "depth": 0, "parent_id": None}]
    assert restricted["activities"]
    restricted["activities"][0]["title"] = "changed"  # a copy: the snapshot is untouched
    assert all(a["title"] != "changed" for a in raw["activities"])
