"""The follow-up demo: Alingsås action plan with closed 2018 and 2019 and an open, partly
reported 2020; Kristianstad with yearly indicator values incl. broadband against 95 %;
loading twice changes nothing."""

import io

import pytest

from malbild.core.models import AuditEntry
from malbild.demo import followup as demo
from malbild.followup import selectors
from malbild.followup.models import FollowUpPeriod


@pytest.fixture
def demo_orgs(db):
    from malbild.demo import loader

    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())


def test_demo_loads_and_is_idempotent(demo_orgs):
    out = io.StringIO()
    demo.load(stdout=out)
    periods = FollowUpPeriod.objects.filter(document__title=demo.ALINGSAS_PLAN).order_by("start")
    assert [(p.label, p.status) for p in periods] == [
        ("2018", "closed"),
        ("2019", "closed"),
        ("2020", "open"),
    ]
    open_data = selectors.period_data(period=periods[2])
    states = {a["state"] for a in open_data["activities"]}
    assert {"submitted", "draft", "missing"} <= states
    closed = selectors.period_data(period=periods[1])
    assert all(a["state"] == "approved" for a in closed["activities"])
    assert closed["self_assessment"]["previous_period"] == "2018"
    ks = FollowUpPeriod.objects.filter(document__title=demo.KRISTIANSTAD_AGENDA).order_by("start")
    last = selectors.period_data(period=ks.last())
    broadband = next(i for i in last["indicators"] if i["name"].startswith("Andel hushåll"))
    assert broadband["value"] == "87" and broadband["target"][1] == "95"
    assert [s["value"] for s in broadband["series"]] == ["61", "68", "74", "81", "87"]
    assert broadband["status"] == "on_track"
    count, audit = FollowUpPeriod.objects.count(), AuditEntry.objects.count()
    demo.load(stdout=io.StringIO())
    assert FollowUpPeriod.objects.count() == count and AuditEntry.objects.count() == audit


def test_alingsas_2020_covers_the_tree_below_the_action_plan(demo_orgs):
    """The 2020 period includes the documents below the action plan, whatever they are: a
    committee plan added under it is reported in that period and has its own part, with the
    action plan's focus areas, in the one annual report."""
    from malbild.actionplan.tests.factories import ActivityFactory
    from malbild.followup.report import build_report
    from malbild.strategy.models import SteeringDocument
    from malbild.strategy.tests.factories import DocumentFactory

    plan = SteeringDocument.objects.get(title=demo.ALINGSAS_PLAN)
    committee = DocumentFactory(
        organisation=plan.organisation,
        parent=plan,
        kind="sub_plan",
        title="Kultur- och fritidsnämndens digitala plan",
    )
    act = ActivityFactory(
        document=committee,
        responsible_body=plan.activities.first().responsible_body,
        start_year=2020,
        end_year=2020,
        title="Digital utlåning av e-böcker",
    )
    act.focus_areas.add(plan.focus_areas.first())
    demo.load(stdout=io.StringIO())
    period = FollowUpPeriod.objects.get(document=plan, label="2020")
    assert period.include_descendants
    data = selectors.period_data(period=period)
    titles = [d["title"] for d in data["documents"]]
    assert titles[0] == plan.title and committee.title in titles[1:]
    item = next(a for a in data["activities"] if a["id"] == act.pk)
    assert item["reported_in"] is None
    report = build_report(data)
    parts = [s["heading"] for s in report["sections"] if s["level"] == 1]
    assert plan.title in parts and committee.title in parts


def test_the_outbox_shows_what_2018_and_2020_would_have_sent(db):
    """The demo's outbox: the remiss 2018 and the follow-up 2020 mail, sent, with their
    historical dates (invitation, receipt, who is late, period opened, reminder,
    overdue, escalation)."""
    import io

    from malbild.demo.loader import load_all
    from malbild.notifications.models import OutboxMessage

    load_all(stdout=io.StringIO())
    rows = OutboxMessage.objects.all()
    assert rows.exists() and not rows.exclude(status="sent").exists()
    dates = {(m.kind, m.sent_at.date().isoformat()) for m in rows}
    assert ("consultation.receipt", "2018-03-20") in dates
    assert ("consultation.invitation", "2018-02-28") in dates
    assert ("consultation.late", "2018-04-06") in dates  # the strategists: who is late
    assert ("followup.period_opened", "2020-12-01") in dates
    assert ("followup.reminder", "2021-01-26") in dates
    assert ("followup.overdue", "2021-02-01") in dates
    assert ("followup.escalated", "2021-02-07") in dates
