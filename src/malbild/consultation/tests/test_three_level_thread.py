"""Issue #9, "Done means": one three-level tree (strategy → action plan → committee plan)
driven through consultation, decision and follow-up; every total and every inherited item is
asserted on the way — the thread adds up across levels."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from malbild.actionplan.models import BudgetLine
from malbild.consultation import services
from malbild.consultation.models import Comment
from malbild.consultation.permissions import Responder
from malbild.consultation.selectors import summary_build
from malbild.core.access import access_for
from malbild.followup import selectors as followup_selectors
from malbild.followup import services as followup_services
from malbild.strategy import services as strategy_services
from malbild.strategy.selectors import document_tree
from malbild.strategy.snapshot import upgrade
from malbild.strategy.tests.levels import build_levels

pytestmark = pytest.mark.django_db


def _lines_total(*documents) -> Decimal:
    total = BudgetLine.objects.filter(activity__document__in=documents).aggregate(s=Sum("amount"))
    return total["s"] or Decimal(0)


def test_a_three_level_tree_through_consultation_decision_and_follow_up(
    org, body, ks, strategist, respondent
):
    access = access_for(strategist, org)
    levels = build_levels(org, body, committee_plans=1)
    strategy, plan, committee = levels.strategy, levels.plan, levels.committee_plans[0]
    all_docs = (strategy, plan, committee)

    # 1. The tree: the committee plan implements the strategy's focus areas two levels up,
    #    and every level's figures add up.
    committee_tree = document_tree(document=committee)
    assert committee_tree.focus_area_document == strategy
    assert [fa.pk for fa in committee_tree.focus_areas] == [fa.pk for fa in levels.focus_areas]
    own = committee_tree.own_total.budget
    assert own == _lines_total(committee) == Decimal(5_700_000)
    counted = sum((fa.own.budget for fa in committee_tree.focus_areas), Decimal(0))
    assert counted + committee_tree.own_unlinked.budget == own
    top = document_tree(document=strategy)
    assert top.descendant_total.budget == _lines_total(plan, committee)
    assert top.total.budget == _lines_total(*all_docs)
    by_area = sum((c.tally.budget for c in top.contributions), Decimal(0))
    assert by_area + top.descendant_unlinked.budget == top.descendant_total.budget
    assert sum((row.tally.budget for row in top.descendants), Decimal(0)) == (
        top.descendant_total.budget
    )

    # 2. Consultation of the committee plan: the frozen version carries the inherited items,
    #    and the consultee comments on an inherited focus area and on the whole document.
    version = strategy_services.version_freeze(access=access, document=committee)
    inherited = {i["uid"] for i in upgrade(version.snapshot)["inherited"]}
    assert {str(fa.uid) for fa in levels.focus_areas} <= inherited
    rnd = services.consultation_round_open(
        access=access,
        version=version,
        title="Remiss: nämndplan",
        sent_on=datetime.date(2019, 2, 1),
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        bodies=[body],
        decision={"body": ks, "date": datetime.date(2019, 2, 1), "paragraph": "12"},
    )
    consultee = rnd.consultees.get(body=body)
    responder = Responder(access=access_for(respondent, org))
    draft = services.response_save_draft(
        responder=responder, consultee=consultee, data={"position": "supports"}
    )
    area = levels.focus_areas[1]
    for uid, text in ((str(area.uid), "Mer om området"), ("", "Bra helhet")):
        services.comment_add(
            responder=responder,
            response=draft,
            data={"item_uid": uid, "kind": "change", "text": text},
        )
    services.response_submit(responder=responder, response=draft)
    comment = Comment.objects.for_org(org).get(item_uid=str(area.uid))
    assert comment.item_source == strategy.title
    summary = summary_build(round=rnd, include_working_copy=False)
    assert sum(len(s["comments"]) for s in summary["sections"]) == 2

    # 3. Decision: the round is closed, a revised version frozen and adopted.
    rnd = services.consultation_round_close(access=access, round=rnd)
    services.consultation_round_revise(access=access, round=rnd, label="Efter remissen")
    rnd.refresh_from_db()
    services.consultation_round_adopt(
        access=access,
        round=rnd,
        decision={"body": ks, "date": datetime.date(2019, 4, 1), "paragraph": "40"},
    )
    committee.refresh_from_db()
    assert committee.status == "adopted"

    # 4. Follow-up of the whole tree below the action plan: each activity reported once, the
    #    year's and the whole plan's figures add up across the levels.
    period = followup_services.period_create(
        access=access,
        document=plan,
        data={
            "label": "2018",
            "start": datetime.date(2018, 1, 1),
            "end": datetime.date(2018, 12, 31),
            "deadline": datetime.date(2019, 1, 31),
            "include_descendants": True,
        },
    )
    committee_activity = levels.activities[committee.pk][0]
    line = committee_activity.budget_lines.get(amount=2_000_000)
    report = followup_services.activity_report_save(
        access=access,
        period=period,
        activity=committee_activity,
        data={"status": "ongoing", "progress": 50},
        outcomes={line.pk: "400000"},
        submit=True,
    )
    followup_services.contribution_review(access=access, contribution=report, action="approve")
    data = followup_selectors.period_data(period=period)
    assert [d["id"] for d in data["documents"]] == [plan.pk, committee.pk]
    uids = [a["uid"] for a in data["activities"]]
    assert len(uids) == len(set(uids))  # every activity once
    assert str(committee_activity.uid) in uids
    overview, figures = data["budget_overview"], data["key_figures"]
    plan_total = _lines_total(plan, committee)
    assert Decimal(figures["budget_plan"]) == plan_total == Decimal(overview["total"]["planned"])
    assert sum((Decimal(f["planned"]) for f in overview["focus_areas"]), Decimal(0)) == plan_total
    assert sum((Decimal(y["planned"]) for y in overview["years"]), Decimal(0)) == plan_total
    spent = sum((Decimal(y["spent"] or 0) for y in overview["years"]), Decimal(0))
    assert spent == Decimal(400_000)
