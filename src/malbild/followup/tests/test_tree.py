"""Follow-up of the whole tree: a period that includes the documents below its own, and the
reporting rule (followup.scope) that asks for every activity and indicator only once per span.

Regression of the measured defect: a committee plan's period asked the same bodies again for
the parent plan's four indicators (all "missing" though reported and approved in the parent's
period). Also: a contribution already held stays where it is; the tree report has a part per
document with focus-area chapters (inherited through any depth) and every item once; the
report of one document on request; closing freezes what the tree report needs."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.followup import report as builder
from malbild.followup import selectors, services
from malbild.followup.snapshot import validate
from malbild.followup.tests.factories import PeriodFactory
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)

SPAN = {
    "start": datetime.date(2019, 1, 1),
    "end": datetime.date(2019, 12, 31),
    "deadline": datetime.date(2020, 1, 31),
}


def _activity(document, body, fa, goal=None, title=None):
    act = (
        ActivityFactory(
            document=document, responsible_body=body, start_year=2019, end_year=2020, title=title
        )
        if title
        else ActivityFactory(
            document=document, responsible_body=body, start_year=2019, end_year=2020
        )
    )
    act.focus_areas.add(fa)
    if goal is not None:
        act.goals.add(goal)
    BudgetLineFactory(activity=act, year=2019, kind="operating", amount=100000)
    BudgetLineFactory(activity=act, year=2020, kind="operating", amount=80000)
    return act


def build_tree(org, body, other_body, *, n_indicators=4, n_activities=1, depth=2):
    """An action plan with two focus areas and `n_indicators` indicators; under it a
    committee plan without focus areas (and, for depth 3, a unit plan under that), each with
    its own activities serving the action plan's focus areas."""
    plan = DocumentFactory(organisation=org, title="Handlingsplan", kind="action_plan")
    fa1 = FocusAreaFactory(document=plan, number="1", title="Tjänster")
    fa2 = FocusAreaFactory(document=plan, number="2", title="Arbetssätt")
    goal = GoalFactory(focus_area=fa1, title="Fler e-tjänster")
    indicators = []
    for n in range(n_indicators):
        ind = IndicatorFactory(
            document=plan,
            name=f"Mätetal {n}",
            unit="st",
            baseline_value=10,
            baseline_year=2017,
            responsible_body=body,
        )
        ind.focus_areas.add(fa1 if n % 2 == 0 else fa2)
        IndicatorTargetFactory(indicator=ind, year=2019, value=30)
        indicators.append(ind)
    docs = [plan]
    for level in range(1, depth):
        docs.append(
            DocumentFactory(
                organisation=org, title=f"Nämndplan {level}", kind="sub_plan", parent=docs[-1]
            )
        )
    acts = {d.pk: [] for d in docs}
    for d in docs:
        for n in range(n_activities):
            acts[d.pk].append(
                _activity(d, body if d is plan else other_body, fa1 if n % 2 == 0 else fa2, goal)
            )
    return {
        "plan": plan,
        "docs": docs,
        "committee": docs[1],
        "fa1": fa1,
        "fa2": fa2,
        "indicators": indicators,
        "activities": acts,
    }


@pytest.fixture
def tree(org, body, other_body):
    return build_tree(org, body, other_body)


def _report_indicator(access, period, ind, value=31, submit=True):
    return services.indicator_value_save(
        access=access,
        period=period,
        indicator=ind,
        data={"value": value, "measured_on": SPAN["end"]},
        submit=submit,
    )


def test_committee_period_does_not_ask_again_for_the_parents_indicators(
    tree, strategist, access_of
):
    """The measured defect: the parent's four indicators reported and approved in the
    parent's period are shown as reported there in the committee plan's period, not missing,
    and cannot be reported a second time."""
    st = access_of(strategist)
    parent_period = PeriodFactory(document=tree["plan"], label="2019", **SPAN)
    committee_period = PeriodFactory(document=tree["committee"], label="2019", **SPAN)
    for ind in tree["indicators"]:
        value = _report_indicator(st, parent_period, ind)
        services.contribution_review(access=st, contribution=value, action="approve")

    data = selectors.period_data(period=committee_period)
    parents = [i for i in data["indicators"] if i["document_id"] == tree["plan"].pk]
    assert len(parents) == 4
    assert {i["state"] for i in parents} == {"approved"}
    assert {i["value"] for i in parents} == {"31"}
    assert {i["reported_in"]["id"] for i in parents} == {parent_period.pk}
    assert {i["status"] for i in parents} == {"on_track"}
    # Not asked for: not in the body's counts, not pending, not writable here.
    assert sum(b["missing"] + b["approved"] for b in data["bodies"]) == 1  # the own activity
    reminders = selectors.reminders(period=committee_period, data=data, period_url="/x")
    assert not any(
        x["id"] in {i.pk for i in tree["indicators"]} and "name" in x
        for r in reminders
        for x in r["items"]
    )
    with pytest.raises(ValidationError, match="rapporteras i uppföljningen 2019"):
        _report_indicator(st, committee_period, tree["indicators"][0])
    # The parent's own period is unchanged: it asks for them (and has them approved).
    own = selectors.period_data(period=parent_period)
    assert all(i["reported_in"] is None for i in own["indicators"])


def test_committee_period_asks_for_inherited_indicators_without_a_parent_period(
    tree, strategist, access_of
):
    committee_period = PeriodFactory(document=tree["committee"], label="2019", **SPAN)
    data = selectors.period_data(period=committee_period)
    assert {i["reported_in"] for i in data["indicators"]} == {None}
    _report_indicator(access_of(strategist), committee_period, tree["indicators"][0])


def test_tree_period_reports_each_item_once(tree, strategist, editor, access_of):
    """A period of the action plan that includes the documents below lists the committee's
    activities; the committee plan's own period of the same span shows them as reported in
    the tree period and refuses a second report."""
    st = access_of(strategist)
    tree_period = services.period_create(
        access=st,
        document=tree["plan"],
        data={"label": "2019", **SPAN, "include_descendants": True},
    )
    committee_period = PeriodFactory(document=tree["committee"], label="2019", **SPAN)
    committee_act = tree["activities"][tree["committee"].pk][0]

    data = selectors.period_data(period=tree_period)
    assert [d["id"] for d in data["documents"]] == [tree["plan"].pk, tree["committee"].pk]
    uids = [a["uid"] for a in data["activities"]]
    assert str(committee_act.uid) in uids and len(uids) == len(set(uids)) == 2
    assert {a["reported_in"] for a in data["activities"]} == {None}

    services.activity_report_save(
        access=st,
        period=tree_period,
        activity=committee_act,
        data={"status": "ongoing", "progress": 60},
        outcomes={committee_act.budget_lines.get(year=2019).pk: "40000"},
        submit=True,
    )
    shown = selectors.period_data(period=committee_period)
    act = next(a for a in shown["activities"] if a["id"] == committee_act.pk)
    assert act["reported_in"]["id"] == tree_period.pk and act["progress"] == 60
    assert act["budget"][0]["spent"] == "40000"
    with pytest.raises(ValidationError, match="rapporteras i uppföljningen"):
        services.activity_report_save(
            access=st,
            period=committee_period,
            activity=committee_act,
            data={"status": "done", "progress": 100},
        )
    # The indicators of the action plan: the tree period asks; the committee shows.
    assert {i["reported_in"]["id"] for i in shown["indicators"]} == {tree_period.pk}


def test_a_contribution_already_held_stays_where_it_is(tree, strategist, access_of):
    """Rule 2: the committee reported in its own period before the tree period was opened;
    the tree period shows that report instead of asking again."""
    st = access_of(strategist)
    committee_period = PeriodFactory(document=tree["committee"], label="2019", **SPAN)
    act = tree["activities"][tree["committee"].pk][0]
    services.activity_report_save(
        access=st,
        period=committee_period,
        activity=act,
        data={"status": "ongoing", "progress": 40},
        submit=True,
    )
    tree_period = PeriodFactory(
        document=tree["plan"], label="2019", include_descendants=True, **SPAN
    )
    data = selectors.period_data(period=tree_period)
    item = next(a for a in data["activities"] if a["id"] == act.pk)
    assert item["reported_in"]["id"] == committee_period.pk and item["progress"] == 40
    with pytest.raises(ValidationError):
        services.activity_report_save(
            access=st, period=tree_period, activity=act, data={"status": "done", "progress": 99}
        )


def test_a_tree_period_is_not_narrowed_while_it_holds_their_reports(tree, strategist, access_of):
    st = access_of(strategist)
    period = PeriodFactory(document=tree["plan"], label="2019", include_descendants=True, **SPAN)
    act = tree["activities"][tree["committee"].pk][0]
    services.activity_report_save(
        access=st, period=period, activity=act, data={"status": "ongoing", "progress": 40}
    )
    with pytest.raises(ValidationError) as exc:
        services.period_update(access=st, period=period, data={"include_descendants": False})
    assert "include_descendants" in exc.value.message_dict
    period.refresh_from_db()
    assert period.include_descendants


def _chapter_items(report) -> dict[str, list[str]]:
    """Section id → the first column of its indicator and activity tables."""
    out = {}
    for section in report["sections"]:
        rows = []
        for block in section["blocks"]:
            if block["type"] == "table" and block["table"]["key"].endswith(
                ("-indicators", "-activities")
            ):
                col = 0 if block["table"]["key"].endswith("-indicators") else 1
                rows += [r[col] for r in block["table"]["rows"]]
        out[section["id"]] = rows
    return out


def test_tree_report_has_focus_area_chapters_on_every_level_and_every_item_once(
    org, body, other_body
):
    t = build_tree(org, body, other_body, n_indicators=2, n_activities=2, depth=3)
    period = PeriodFactory(document=t["plan"], label="2019", include_descendants=True, **SPAN)
    data = selectors.period_data(period=period)
    report = builder.build_report(data)
    headings = [(s["level"], s["heading"]) for s in report["sections"]]
    # A part per document, each with the action plan's focus areas (inherited by depth 2 and 3).
    parts = [h for level, h in headings if level == 1]
    assert [d.title for d in t["docs"]] == [p for p in parts if p in {d.title for d in t["docs"]}]
    assert [h for level, h in headings if level == 2].count("1 Tjänster") == 3
    assert [h for level, h in headings if level == 2].count("2 Arbetssätt") == 3
    assert report["title"] == "Uppföljning 2019: Handlingsplan och planerna under den"
    # Every item in exactly one chapter, on its own document's level.
    placed = [
        name
        for sid, names in _chapter_items(report).items()
        if sid.startswith("doc-")
        for name in names
    ]
    titles = [a.title for acts in t["activities"].values() for a in acts]
    names = [i.name for i in t["indicators"]]
    assert sorted(placed) == sorted(titles + names)
    committee_part = _chapter_items(report)
    level2 = [a.title for a in t["activities"][t["docs"][1].pk]]
    assert sorted(committee_part["doc-2-fa-1"] + committee_part["doc-2-fa-2"]) == sorted(level2)
    # The appendix lists every activity once.
    appendix = next(tb for tb in report["tables"] if tb["key"] == "all-activities")
    assert sorted(r[1] for r in appendix["rows"]) == sorted(titles)
    # The whole tree's budget adds up (each activity's 2019 and 2020 line, once).
    assert data["key_figures"]["budget_planned"] == str(6 * 180000)


def test_report_of_one_document(tree, strategist, access_of):
    period = PeriodFactory(document=tree["plan"], label="2019", include_descendants=True, **SPAN)
    committee = tree["committee"]
    data = selectors.period_data(period=period, document_id=committee.pk)
    assert [a["document_id"] for a in data["activities"]] == [committee.pk]
    # The committee plan's report shows the action plan's indicators it follows (inherited).
    assert len(data["indicators"]) == 4
    report = builder.build_report(data)
    assert report["subject"] == committee.title
    assert any(s["heading"] == "1 Tjänster" for s in report["sections"])
    assert selectors.period_data(period=period, document_id=10**9) is None


def test_closing_a_tree_period_freezes_the_tree(tree, strategist, access_of):
    st = access_of(strategist)
    period = PeriodFactory(document=tree["plan"], label="2019", include_descendants=True, **SPAN)
    before = builder.build_report(selectors.period_data(period=period))
    period = services.period_close(access=st, period=period)
    snap = validate(period.snapshot)
    assert snap.period.include_descendants
    assert [d.depth for d in snap.documents] == [0, 1]
    assert snap.documents[1].focus_area_document_id == tree["plan"].pk
    # Later changes of the tree do not change the frozen report.
    _activity(
        tree["committee"], tree["activities"][tree["committee"].pk][0].responsible_body, tree["fa1"]
    )
    after = builder.build_report(selectors.period_data(period=period))
    assert [s["heading"] for s in after["sections"]] == [s["heading"] for s in before["sections"]]
    assert after["tables"] == before["tables"]


def test_tree_report_in_every_format(tree):
    import io

    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from malbild.reports import render

    period = PeriodFactory(document=tree["plan"], label="2019", include_descendants=True, **SPAN)
    report = builder.build_report(selectors.period_data(period=period))
    committee = tree["committee"].title
    html = render.render_html(report, print_version=False)
    assert f">{committee}</h2>" in html
    doc = Document(io.BytesIO(render.render_docx(report)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert committee in headings and headings.count("1 Tjänster") == 2
    wb = load_workbook(io.BytesIO(render.render_xlsx(report)))
    assert len(wb.sheetnames) == len({t["kind"] for t in report["tables"]}) + 1
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render.render_pdf(report))).pages
    )
    assert committee in text
