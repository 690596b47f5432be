"""The frozen data of a closed period: the current format (3) as written by closing validates
against the typed schema; the committed format-1 and format-2 snapshots of closed periods are
upgraded (to one level holding every item), assessed, rendered and amended like new ones."""

import json
from pathlib import Path

import pytest

from malbild.followup import data as period_data
from malbild.followup import report as builder
from malbild.followup import selectors, services
from malbild.followup.models import FollowUpPeriod
from malbild.followup.snapshot import FORMAT, upgrade, validate

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str, fmt: int = 1) -> dict:
    return json.loads((FIXTURES / f"period_format{fmt}_{name}.json").read_text())


def test_closing_writes_the_current_format(plan, strategist, access_of):
    period = services.period_close(access=access_of(strategist), period=plan["period"])
    snap = period.snapshot
    assert snap["format"] == FORMAT == 3 and "schema" not in snap
    validated = validate(snap)
    act = validated.activities[0]
    assert act.responsible_body_uid == str(plan["body"].uid)
    assert validated.indicators[0].responsible_body_uid == str(plan["body"].uid)
    assert act.document_id == plan["document"].pk and act.reported_in is None
    assert [d.id for d in validated.documents] == [plan["document"].pk]
    assert validated.documents[0].focus_area_document_id == plan["document"].pk
    assert validated.period.include_descendants is False


@pytest.mark.parametrize("name", ["action_plan", "digital_agenda"])
def test_format_2_period_snapshots_upgrade_to_one_level(name):
    old = fixture(name, 2)
    assert old["format"] == 2
    upgraded = upgrade(old)
    validate(upgraded)
    assert old["format"] == 2 and "documents" not in old  # a copy; the frozen data stays
    assessed = period_data.assess(upgraded)
    (level,) = assessed["levels"]
    assert level["document"]["title"] == old["document"]["title"]
    placed = {u for ch in level["chapters"] for u in ch["activity_uids"]}
    placed |= set(level["other_activity_uids"])
    assert placed == {a["uid"] for a in old["activities"]}
    report = builder.build_report(assessed)
    headings = [s["heading"] for s in report["sections"]]
    chapters = [f"{fa['number']} {fa['title']}".strip() for fa in old["focus_areas"]]
    assert [h for h in headings if h in chapters] == chapters
