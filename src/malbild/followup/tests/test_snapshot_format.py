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
from malbild.followup.snapshot import FORMAT, STORED_FORMAT, upgrade, validate, validate_stored
from malbild.reports import render

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str, fmt: int = 1) -> dict:
    return json.loads((FIXTURES / f"period_format{fmt}_{name}.json").read_text())


def test_closing_writes_the_current_format(plan, strategist, access_of):
    period = services.period_close(access=access_of(strategist), period=plan["period"])
    assert period.snapshot["format"] == STORED_FORMAT == 4  # stored compact (ADR 0024)
    validate_stored(period.snapshot)
    snap = upgrade(period.snapshot)
    assert snap["format"] == FORMAT == 3 and "schema" not in snap
    validated = validate(period.snapshot)
    assert validated == validate(snap)
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
    assert render.render_docx(report) and render.render_xlsx(report)
    assert report["title"] in render.render_html(report, print_version=False)


@pytest.mark.parametrize("name", ["action_plan", "digital_agenda"])
def test_format_1_period_snapshots_upgrade_and_assess(name):
    old = fixture(name)
    assert old["schema"] == 1
    upgraded = upgrade(old)
    validate(upgraded)
    assert old["schema"] == 1  # upgrading copies; the frozen data is not changed
    assessed = period_data.assess(upgraded)
    assert assessed["key_figures"]["activities"] == len(old["activities"])
    report = builder.build_report(assessed)
    assert report["sections"]


def test_a_format_1_closed_period_is_read_and_amended(plan, strategist, access_of):
    """A period closed before format 2 (its snapshot stored as format 1) still shows and takes
    amendments."""
    st = access_of(strategist)
    period = services.period_close(access=st, period=plan["period"])
    old = json.loads(json.dumps(upgrade(period.snapshot)))
    old.pop("format")
    old["schema"] = 1
    for item in old["activities"] + old["indicators"]:
        item.pop("responsible_body_uid")
    for act in old["activities"]:
        for line in act["budget"]:
            line.pop("source")
    FollowUpPeriod.objects.filter(pk=period.pk).update(snapshot=old)
    period.refresh_from_db()
    shown = selectors.period_data(period=period)
    assert shown["format"] == FORMAT
    act = shown["activities"][0]
    services.amendment_create(
        access=st,
        period=period,
        target="activity",
        target_uid=act["uid"],
        field="comment",
        new_value="Rättad kommentar",
        reason="Fel i rapporten",
    )
    amended = selectors.period_data(period=period)["activities"][0]
    assert amended["comment"] == "Rättad kommentar"
